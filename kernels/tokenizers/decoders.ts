// From token strings back to text, built from tokenizer.json's "decoder". Each step maps the list of
// token strings to a new list (as Hugging Face's decode_chain does); the text is their concatenation.
//
// LLaMA-style files chain Replace('▁' → ' '), ByteFallback, Fuse and Strip (drop the leading space
// the encoder added); newer SentencePiece-style files use Metaspace; byte-level files use ByteLevel.
import { assertNever } from '../assert-never.ts';
import { fromByteChars } from './byte-level.ts';
import { array, int, kind, object, pattern, string } from './json.ts';

export type Decoder = (tokens: string[]) => string[];

export function decoder(config: unknown, path = 'decoder'): Decoder {
  if (config === null || config === undefined) return (tokens) => tokens;
  const o = object(config, path);
  const type = kind(o, path, ['Sequence', 'ByteLevel', 'Metaspace', 'Replace', 'ByteFallback', 'Fuse', 'Strip']);
  switch (type) {
    case 'Sequence': {
      const steps = array(o['decoders'], `${path}.decoders`).map((c, i) => decoder(c, `${path}.decoders[${i}]`));
      return (tokens) => steps.reduce((t, step) => step(t), tokens);
    }
    case 'ByteLevel':
      // stand-in characters → bytes → UTF-8 text (invalid sequences become U+FFFD)
      return (tokens) => [fromByteChars(tokens)];
    case 'Metaspace': {
      // '▁' → ' ', except in the first token, where the '▁' the encoder put in front is dropped
      // (Hugging Face drops every '▁' of that token, unless prepend_scheme is "never").
      const replacement = string(o, 'replacement', path, '▁');
      const dropFirst = (o['prepend_scheme'] ?? (o['add_prefix_space'] === false ? 'never' : 'always')) !== 'never';
      return (tokens) => tokens.map((t, i) => t.replaceAll(replacement, i === 0 && dropFirst ? '' : ' '));
    }
    case 'Replace': {
      const find = pattern(o['pattern'], `${path}.pattern`);
      const content = string(o, 'content', path);
      return (tokens) => tokens.map((t) => t.replace(find, () => content));
    }
    case 'ByteFallback':
      return byteFallback;
    case 'Fuse':
      return (tokens) => [tokens.join('')];
    case 'Strip': {
      const content = string(o, 'content', path);
      const [start, stop] = [int(o, 'start', path, 0), int(o, 'stop', path, 0)];
      return (tokens) => tokens.map((t) => strip(t, content, start, stop));
    }
    default:
      return assertNever(type, 'decoder type');
  }
}

const BYTE_TOKEN = /^<0x([0-9A-Fa-f]{2})>$/;

/**
 * Runs of `<0xNN>` tokens (SentencePiece's byte fallback for characters missing from the vocab)
 * become the text their bytes spell; a run that is not valid UTF-8 gives one U+FFFD per byte.
 */
function byteFallback(tokens: string[]): string[] {
  const out: string[] = [];
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length === 0) return;
    try {
      out.push(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(new Uint8Array(bytes)));
    } catch {
      out.push(...bytes.map(() => '\uFFFD'));
    }
    bytes = [];
  };
  for (const token of tokens) {
    const byte = BYTE_TOKEN.exec(token);
    if (byte !== null) {
      bytes.push(parseInt(byte[1]!, 16));
    } else {
      flush();
      out.push(token);
    }
  }
  flush();
  return out;
}

/** Removes up to `start` copies of `content` from the front and up to `stop` from the back. */
function strip(token: string, content: string, start: number, stop: number): string {
  let [from, to] = [0, token.length];
  for (let i = 0; i < start && token.startsWith(content, from); i++) from += content.length;
  for (let i = 0; i < stop && to - content.length >= from && token.endsWith(content, to); i++) to -= content.length;
  return token.slice(from, to);
}
