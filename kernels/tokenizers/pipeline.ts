// The text steps around the BPE model, built from tokenizer.json's "normalizer" and "pre_tokenizer".
//
//   text ─ normalizer ─→ text ─ pre_tokenizer ─→ words ─ BPE (bpe.ts) ─→ ids
//
// The normalizer rewrites the text (Unicode form, LLaMA's legacy "prepend ▁, spaces → ▁"). The
// pre-tokenizer cuts it into words and rewrites them (GPT-2's byte alphabet, SentencePiece's ▁);
// merges never cross a word boundary. Both run on each stretch of text between added tokens.
import { assertNever } from '../assert-never.ts';
import { GPT2_SPLIT, toByteChars } from './byte-level.ts';
import { array, bool, fail, kind, object, pattern, string, type JsonObject } from './json.ts';

export type Normalizer = (text: string) => string;

/** `atStart`: this stretch begins the whole input (Metaspace's prepend_scheme "first" needs it). */
export type PreTokenizer = (text: string, atStart: boolean) => string[];

export function normalizer(config: unknown, path = 'normalizer'): Normalizer {
  if (config === null || config === undefined) return (text) => text;
  const o = object(config, path);
  const type = kind(o, path, ['Sequence', 'NFC', 'NFD', 'NFKC', 'NFKD', 'Lowercase', 'Prepend', 'Replace']);
  switch (type) {
    case 'Sequence': {
      const steps = array(o['normalizers'], `${path}.normalizers`).map((c, i) => normalizer(c, `${path}.normalizers[${i}]`));
      return (text) => steps.reduce((t, step) => step(t), text);
    }
    case 'NFC':
    case 'NFD':
    case 'NFKC':
    case 'NFKD': {
      const form = o['type'] as 'NFC' | 'NFD' | 'NFKC' | 'NFKD';
      return (text) => text.normalize(form);
    }
    case 'Lowercase':
      return (text) => text.toLowerCase();
    case 'Prepend': {
      const prefix = string(o, 'prepend', path);
      return (text) => (text === '' ? text : prefix + text);
    }
    case 'Replace': {
      const find = pattern(o['pattern'], `${path}.pattern`);
      const content = string(o, 'content', path);
      return (text) => text.replace(find, () => content);
    }
    default:
      return assertNever(type, 'normalizer type');
  }
}

export function preTokenizer(config: unknown, path = 'pre_tokenizer'): PreTokenizer {
  if (config === null || config === undefined) return (text) => (text === '' ? [] : [text]);
  const o = object(config, path);
  const type = kind(o, path, ['Sequence', 'ByteLevel', 'Metaspace', 'Split']);
  switch (type) {
    case 'Sequence': {
      const steps = array(o['pretokenizers'], `${path}.pretokenizers`).map((c, i) =>
        preTokenizer(c, `${path}.pretokenizers[${i}]`),
      );
      // Each step cuts every piece further; only the first piece still starts where the stretch does.
      return (text, atStart) =>
        steps.reduce<string[]>((pieces, step) => pieces.flatMap((piece, i) => step(piece, atStart && i === 0)), [text]);
    }
    case 'ByteLevel':
      return byteLevel(o, path);
    case 'Metaspace':
      return metaspace(o, path);
    case 'Split':
      return split(o, path);
    default:
      return assertNever(type, 'pre-tokenizer type');
  }
}

/**
 * GPT-2 style: optionally a leading space (so a first word looks like any other), the GPT-2 regex
 * split, then every UTF-8 byte written as its stand-in character (byte-level.ts).
 */
function byteLevel(o: JsonObject, path: string): PreTokenizer {
  const addPrefixSpace = bool(o, 'add_prefix_space', path, true);
  const useRegex = bool(o, 'use_regex', path, true);
  return (text) => {
    const spaced = addPrefixSpace && !text.startsWith(' ') ? ` ${text}` : text;
    const words = useRegex ? (spaced.match(GPT2_SPLIT) ?? []) : [spaced];
    return words.filter((w) => w !== '').map(toByteChars);
  };
}

/**
 * SentencePiece style: spaces become '▁' (the replacement), a '▁' goes in front of the text
 * ("always", or "first": only at the very start of the input, not after an added token), and with
 * `split` every '▁' starts a new word.
 */
function metaspace(o: JsonObject, path: string): PreTokenizer {
  const replacement = string(o, 'replacement', path, '▁');
  // Older files say add_prefix_space (true = "always"); newer ones prepend_scheme.
  const legacy = o['prepend_scheme'] === undefined && o['add_prefix_space'] === false ? 'never' : 'always';
  const scheme = string(o, 'prepend_scheme', path, legacy);
  if (!['always', 'first', 'never'].includes(scheme)) fail(`${path}.prepend_scheme`, `'${scheme}' is not always, first or never`);
  const splitWords = bool(o, 'split', path, true);
  return (text, atStart) => {
    let t = text.replaceAll(' ', replacement);
    const prepend = scheme === 'always' || (scheme === 'first' && atStart);
    if (prepend && !t.startsWith(replacement)) t = replacement + t;
    if (!splitWords) return t === '' ? [] : [t];
    // MergedWithNext: cut before each '▁', so "▁Hello▁world" → "▁Hello", "▁world"
    const words: string[] = [];
    let start = 0;
    for (let i = t.indexOf(replacement, 1); i > 0; i = t.indexOf(replacement, i + 1)) {
      words.push(t.slice(start, i));
      start = i;
    }
    if (start < t.length) words.push(t.slice(start));
    return words;
  };
}

/** A regex (or string) split where each match becomes its own word ("Isolated"), as Qwen2 and Llama 3 use. */
function split(o: JsonObject, path: string): PreTokenizer {
  const find = pattern(o['pattern'], `${path}.pattern`);
  const behavior = string(o, 'behavior', path);
  if (behavior !== 'Isolated') fail(`${path}.behavior`, `'${behavior}' is not supported (supported: Isolated)`);
  if (bool(o, 'invert', path, false)) fail(`${path}.invert`, 'true is not supported');
  return (text) => {
    const words: string[] = [];
    let end = 0;
    for (const match of text.matchAll(find)) {
      if (match.index > end) words.push(text.slice(end, match.index));
      if (match[0] !== '') words.push(match[0]);
      end = match.index + match[0].length;
    }
    if (end < text.length) words.push(text.slice(end));
    return words;
  };
}
