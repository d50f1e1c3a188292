// Just enough of Protocol Buffers' wire format to read a SentencePiece model file.
//
// A message is a run of fields, each a key then a value. The key is a varint: field number << 3 |
// wire type. Wire type 0 is a varint, 1 eight bytes, 2 a varint length then that many bytes (strings,
// bytes and nested messages), 5 four bytes (a float). Fields this reader does not know are skipped,
// which is what lets old readers take files from newer writers.

export type WireField =
  | { readonly number: number; readonly wire: 0; readonly value: number }
  | { readonly number: number; readonly wire: 1 | 5; readonly bytes: Uint8Array }
  | { readonly number: number; readonly wire: 2; readonly bytes: Uint8Array };

export class ProtobufError extends Error {}

/** The fields of one message, in file order (a repeated field appears once per value). */
export function* fields(message: Uint8Array): Generator<WireField> {
  let at = 0;
  // A varint: seven bits a byte, low bits first, the top bit set on every byte but the last. Exact
  // up to 2^53; a negative int32 is written as ten bytes (64-bit two's complement) and comes back as
  // a large, rounded number, which is fine here: a SentencePiece model's fields read below are
  // lengths, flags and enums, and the ids that may be -1 are skipped.
  const varint = (): number => {
    let value = 0;
    for (let scale = 1, length = 1; ; scale *= 128, length++) {
      if (at >= message.length) throw new ProtobufError('the message ends inside a number');
      if (length > 10) throw new ProtobufError('a number longer than ten bytes');
      const byte = message[at++]!;
      value += (byte & 0x7f) * scale; // arithmetic, not <<: a value may pass 2^31
      if (byte < 0x80) return value;
    }
  };
  const take = (length: number): Uint8Array => {
    if (at + length > message.length) throw new ProtobufError(`a field of ${length} bytes runs past the end of the message`);
    return message.subarray(at, (at += length));
  };
  while (at < message.length) {
    const key = varint();
    const number = Math.floor(key / 8);
    const wire = key % 8;
    switch (wire) {
      case 0:
        yield { number, wire, value: varint() };
        break;
      case 1:
        yield { number, wire, bytes: take(8) };
        break;
      case 2:
        yield { number, wire, bytes: take(varint()) };
        break;
      case 5:
        yield { number, wire, bytes: take(4) };
        break;
      default:
        throw new ProtobufError(`field ${number} has wire type ${wire}, which no current writer uses`);
    }
  }
}

/** A four-byte field as the little-endian float it holds. */
export function float32Of(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getFloat32(0, true);
}
