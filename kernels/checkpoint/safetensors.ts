// The safetensors file format, read and written from plain bytes (no Node APIs: the browser uses it).
//
//   [ N: u64 little-endian ][ header: N bytes of UTF-8 JSON ][ data ]
//
// The header maps each tensor name to {dtype, shape, data_offsets: [begin, end]}, with offsets counted
// from the first data byte; an optional "__metadata__" entry holds string → string pairs. Tensors are
// row-major and little-endian, packed one after another with no gaps. Every way a file can break that
// contract is refused with a message naming the file and the tensor, never a wrong tensor.
import { assertNever } from '../assert-never.ts';
import { decodeBF16, decodeF16, encodeBF16, encodeF16 } from './float-formats.ts';
import { CheckpointError } from './errors.ts';

/** Bytes per element of every dtype the format defines. Only some can be decoded to float32 below. */
// prettier-ignore
const DTYPE_BYTES = {
  BOOL: 1, U8: 1, I8: 1, F8_E4M3: 1, F8_E5M2: 1,
  I16: 2, U16: 2, F16: 2, BF16: 2,
  I32: 4, U32: 4, F32: 4,
  I64: 8, U64: 8, F64: 8,
} as const;

export type Dtype = keyof typeof DTYPE_BYTES;
export type WritableDtype = 'F32' | 'F16' | 'BF16';

/** Where one tensor lies; `begin`/`end` are absolute byte positions in the file. */
export type TensorEntry = {
  readonly name: string;
  readonly dtype: Dtype;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
};


// Typed-array views read the host's byte order; every browser and Node platform we target is little-endian.
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isDtype(x: unknown): x is Dtype {
  return typeof x === 'string' && Object.hasOwn(DTYPE_BYTES, x);
}

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Bytes per element of `dtype`. */
export function dtypeBytes(dtype: Dtype): number {
  return DTYPE_BYTES[dtype];
}

/** A file's header, read without its tensor data: enough to plan a download before making it. */
export type SafetensorsHeader = {
  readonly fileName: string;
  readonly metadata: Readonly<Record<string, string>>;
  /** In the order of their data in the file. */
  readonly entries: ReadonlyMap<string, TensorEntry>;
  /** Length of the whole file, header included. */
  readonly fileLength: number;
};

/** A whole file in memory: its header and its bytes. */
export type SafetensorsFile = SafetensorsHeader & { readonly bytes: Uint8Array };

/** The first 8 bytes of a file: how many bytes of JSON header follow them. */
export function readHeaderLength(fileName: string, first: Uint8Array, fileLength: number): number {
  if (first.length < 8 || fileLength < 8) {
    throw new CheckpointError(`${fileName}: ${Math.min(first.length, fileLength)} bytes is too short to hold the 8-byte header length`);
  }
  const headerLength = new DataView(first.buffer, first.byteOffset, 8).getBigUint64(0, true);
  if (headerLength > BigInt(fileLength - 8)) {
    throw new CheckpointError(
      `${fileName}: header length ${headerLength} runs past the end of the file (${fileLength} bytes): the file is corrupted, truncated, or not safetensors`,
    );
  }
  return Number(headerLength);
}

/**
 * Parse and check the JSON header (`headerBytes`, the bytes after the 8-byte length) of a file of
 * `fileLength` bytes: every tensor's dtype, shape and offsets, and that the tensors tile the data.
 */
export function parseSafetensorsHeader(fileName: string, headerBytes: Uint8Array, fileLength: number): SafetensorsHeader {
  const fail = (why: string): never => {
    throw new CheckpointError(`${fileName}: ${why}`);
  };
  const dataStart = 8 + headerBytes.length;
  const dataLength = fileLength - dataStart;

  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch (error) {
    fail(`malformed JSON header (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isRecord(header)) return fail('the JSON header is not an object');

  let metadata: Record<string, string> = {};
  const entries: TensorEntry[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (!isRecord(value) || !Object.values(value).every((v) => typeof v === 'string')) {
        fail('__metadata__ must map strings to strings');
      }
      metadata = value as Record<string, string>;
      continue;
    }
    const bad = (why: string): never => fail(`tensor '${name}': ${why}`);
    if (!isRecord(value)) return bad('header entry is not an object');
    const { dtype, shape, data_offsets: offsets } = value;
    if (!isDtype(dtype)) return bad(`unknown dtype ${JSON.stringify(dtype)}`);
    if (!Array.isArray(shape) || !shape.every(isCount)) return bad(`shape ${JSON.stringify(shape)} is not a list of sizes`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
      return bad(`data_offsets ${JSON.stringify(offsets)} is not a pair of byte offsets`);
    }
    const [begin, end] = offsets as [number, number];
    if (begin > end) bad(`data_offsets [${begin}, ${end}] end before they begin`);
    if (end > dataLength) {
      bad(`data_offsets [${begin}, ${end}] run past the ${dataLength} data bytes in the file (truncated file?)`);
    }
    const expected = product(shape) * DTYPE_BYTES[dtype];
    if (end - begin !== expected) {
      bad(
        `data_offsets [${begin}, ${end}] hold ${end - begin} bytes, but shape [${shape.join(', ')}] of ${dtype} needs ${expected}`,
      );
    }
    entries.push({ name, dtype, shape, begin: dataStart + begin, end: dataStart + end });
  }

  // Sorted by position, the tensors must tile the data exactly: no overlap, no gap, nothing after.
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = dataStart;
  let previous = '';
  for (const entry of entries) {
    if (entry.begin < covered) fail(`tensor '${entry.name}' overlaps tensor '${previous}'`);
    if (entry.begin > covered) {
      fail(`data bytes ${covered - dataStart}–${entry.begin - dataStart} before tensor '${entry.name}' belong to no tensor`);
    }
    covered = entry.end;
    previous = entry.name;
  }
  if (covered !== fileLength) fail(`${fileLength - covered} bytes after the last tensor belong to no tensor`);

  return { fileName, metadata, entries: new Map(entries.map((e) => [e.name, e])), fileLength };
}

export function parseSafetensors(fileName: string, bytes: Uint8Array): SafetensorsFile {
  const headerLength = readHeaderLength(fileName, bytes, bytes.length);
  const header = parseSafetensorsHeader(fileName, bytes.subarray(8, 8 + headerLength), bytes.length);
  return { ...header, bytes };
}

/** Integers are accepted as floats only while float32 holds them exactly (|v| ≤ 2^24). */
function integersToFloat(file: SafetensorsFile, entry: TensorEntry, values: ArrayLike<number | bigint>): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i]);
    if (Math.abs(v) > 2 ** 24) {
      throw new CheckpointError(
        `${file.fileName}: tensor '${entry.name}' (${entry.dtype}) holds ${v}, which float32 cannot represent exactly`,
      );
    }
    out[i] = v;
  }
  return out;
}

/** One tensor's data as float32 (F32, F16, BF16, and small I32/I64). Decodes on every call. */
export function decodeTensor(file: SafetensorsFile, name: string): Float32Array {
  const entry = file.entries.get(name);
  if (entry === undefined) throw new CheckpointError(`${file.fileName}: no tensor '${name}'`);
  if (!HOST_IS_LITTLE_ENDIAN) throw new CheckpointError('safetensors data is little-endian and this machine is not');
  // A copy gives a fresh, aligned buffer to view (the data of a tensor need not be aligned in the file).
  const raw = file.bytes.slice(entry.begin, entry.end).buffer;
  switch (entry.dtype) {
    case 'F32':
      return new Float32Array(raw);
    case 'F16':
      return decodeF16(new Uint16Array(raw));
    case 'BF16':
      return decodeBF16(new Uint16Array(raw));
    case 'I32':
      return integersToFloat(file, entry, new Int32Array(raw));
    case 'I64':
      return integersToFloat(file, entry, new BigInt64Array(raw));
    default:
      throw new CheckpointError(`${file.fileName}: tensor '${name}' has dtype ${entry.dtype}, which this reader does not decode`);
  }
}

export type WritableTensor = {
  readonly name: string;
  readonly dtype: WritableDtype;
  readonly shape: readonly number[];
  readonly data: Float32Array;
};

function encode(tensor: WritableTensor): Uint8Array {
  switch (tensor.dtype) {
    case 'F32':
      return new Uint8Array(Float32Array.from(tensor.data).buffer);
    case 'F16':
      return new Uint8Array(encodeF16(tensor.data).buffer);
    case 'BF16':
      return new Uint8Array(encodeBF16(tensor.data).buffer);
    default:
      return assertNever(tensor.dtype, 'dtype');
  }
}

export type TensorLayout = { readonly name: string; readonly dtype: Dtype; readonly shape: readonly number[] };

/**
 * The first part of a safetensors file holding `tensors` in the given order: the 8-byte length and
 * the JSON header, padded so the data starts 8-byte aligned. `dataLength` bytes of tensor data follow.
 */
export function safetensorsHeaderBytes(
  tensors: readonly TensorLayout[],
  metadata?: Record<string, string>,
): { readonly bytes: Uint8Array; readonly dataLength: number } {
  // No prototype, so a tensor named '__proto__' is just a key like any other.
  const header = Object.create(null) as Record<string, unknown>;
  if (metadata !== undefined) header['__metadata__'] = metadata;
  let offset = 0;
  for (const tensor of tensors) {
    if (tensor.name === '__metadata__' || Object.hasOwn(header, tensor.name)) {
      throw new Error(`writeSafetensors: tensor name '${tensor.name}' is reserved or repeated`);
    }
    const length = product(tensor.shape) * DTYPE_BYTES[tensor.dtype];
    header[tensor.name] = { dtype: tensor.dtype, shape: tensor.shape, data_offsets: [offset, offset + length] };
    offset += length;
  }
  let json = JSON.stringify(header);
  // Pad with spaces so the data starts 8-byte aligned (count bytes, not characters: names may be UTF-8).
  const utf8 = (text: string) => new TextEncoder().encode(text);
  json += ' '.repeat((8 - (utf8(json).length % 8)) % 8);
  const encoded = utf8(json);
  const bytes = new Uint8Array(8 + encoded.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(encoded.length), true);
  bytes.set(encoded, 8);
  return { bytes, dataLength: offset };
}

/** A safetensors file holding `tensors` in the given order; F16/BF16 round to nearest even. */
export function writeSafetensors(tensors: readonly WritableTensor[], metadata?: Record<string, string>): Uint8Array {
  for (const tensor of tensors) {
    if (tensor.data.length !== product(tensor.shape)) {
      throw new Error(
        `writeSafetensors: '${tensor.name}' has ${tensor.data.length} values for shape [${tensor.shape.join(', ')}]`,
      );
    }
  }
  const header = safetensorsHeaderBytes(tensors, metadata);
  const out = new Uint8Array(header.bytes.length + header.dataLength);
  out.set(header.bytes, 0);
  let at = header.bytes.length;
  for (const tensor of tensors) {
    const blob = encode(tensor);
    out.set(blob, at);
    at += blob.length;
  }
  return out;
}
