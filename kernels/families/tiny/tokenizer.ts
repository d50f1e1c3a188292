// A small tokenizer.json for each tiny replica, so that a replica folder can turn text into ids like a
// real checkpoint does. Deterministic: a fixed alphabet plus merges learned from a fixed bilingual
// text, with the family's special tokens at the ids its config.json names.
//
// Two styles, as the real families ship them (docs/checkpoint-formats.md §3; the real files come later):
// - SentencePiece style (LLaMA, Baichuan, ChatGLM): '▁' for spaces, printable ASCII as characters,
//   other text as <0xNN> byte tokens (byte fallback), a few frequent Chinese characters whole.
//   LLaMA and Baichuan get the Llama 2 tokenizer.json layout (normalizer prepends '▁'; merges as
//   "a b" strings); ChatGLM the newer Metaspace pre-tokenizer layout.
// - Byte-level (Qwen, Qwen2): GPT-2's byte alphabet (byte-level.ts); merges as ["a", "b"] pairs.
//
// Each file's post-processor writes the special tokens the family's own tokenizer adds to a prompt
// (families/prompt.ts): <s> in front for LLaMA and Llama 2 (as their tokenizer.json does), [gMASK] <sop>
// behind for ChatGLM-6B and [gMASK] sop in front for ChatGLM2/3 (their Python tokenizers, which
// docs/checkpoint-formats.md §9 pins). Baichuan and Qwen add nothing here. Baichuan's Python tokenizer has
// add_bos_token=True as its default, but whether the released tokenizer_config.json keeps it is
// unverified, so its replica makes no claim. Qwen2's ByteLevel step adds no ids.
//
// The vocab must fit the replica's 256 embedding rows, so not all 256 bytes get a token: the ones
// valid UTF-8 text uses (tab, newline, carriage return, printable ASCII, 0x80–0xBF, 0xC2–0xF4) do.
// Other control characters become <unk> (SentencePiece style) or are refused (byte-level).
import { assertNever } from '../../assert-never.ts';
import { BYTE_TO_CHAR } from '../../tokenizers/byte-level.ts';
import { preTokenizer } from '../../tokenizers/pipeline.ts';
import type { ReplicaConfig } from './configs.ts';

/** The text the merges are learned from: a few sentences about what the site explains. */
const CORPUS = [
  'The model reads the prompt and predicts the next token.',
  'Attention lets each position read the positions before it.',
  'The rotary embedding turns the query and the key by an angle that grows with the position.',
  'Every layer adds its output to the residual stream.',
  '模型读取提示，然后预测下一个词元。',
  '注意力让每个位置读取它之前的位置。',
  '旋转位置编码把查询和键转过一个角度，角度随位置增长。',
  '每一层都把输出加到残差流上。',
];

const TEXT_BYTES = [0x09, 0x0a, 0x0d, ...range(0x20, 0x7e), ...range(0x80, 0xbf), ...range(0xc2, 0xf4)];

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

type Special = { readonly content: string; readonly id?: number };
type Style = 'sentencepiece-legacy' | 'sentencepiece' | 'byte-level';
/** The post-processor's single template: special tokens by content, '$A' where the text goes. */
type TemplatePieces = readonly string[];

/** Style, special tokens and template per family; an id from the config pins a token, the rest take the top ids. */
function plan(config: ReplicaConfig): { style: Style; specials: Special[]; template?: TemplatePieces } {
  const id = (key: string): { id: number } | Record<string, never> => {
    const value = config[key];
    return typeof value === 'number' ? { id: value } : {};
  };
  switch (config['model_type']) {
    case 'chatglm':
      if ('gmask_token_id' in config) {
        // ChatGLM-6B: the ids its config names (tokenization_chatglm.py appends [gMASK] <sop>).
        return {
          style: 'sentencepiece',
          specials: [
            { content: '<unk>', id: 0 },
            { content: '<pad>', ...id('pad_token_id') },
            { content: '[MASK]', ...id('mask_token_id') },
            { content: '[gMASK]', ...id('gmask_token_id') },
            { content: '<sop>', ...id('bos_token_id') },
            { content: '<eop>', ...id('eos_token_id') },
          ],
          template: ['$A', '[gMASK]', '<sop>'],
        };
      }
      // ChatGLM2/3: [MASK] [gMASK] [sMASK] sop eop follow the SentencePiece pieces (n_words + k).
      return {
        style: 'sentencepiece',
        specials: [
          { content: '<unk>', id: 0 },
          { content: '<s>', id: 1 },
          { content: '</s>', ...id('eos_token_id') },
          ...['[MASK]', '[gMASK]', '[sMASK]', 'sop', 'eop'].map((content) => ({ content })),
        ],
        template: ['[gMASK]', 'sop', '$A'],
      };
    case 'qwen':
    case 'qwen2':
      return {
        style: 'byte-level',
        specials: [
          { content: '<|endoftext|>', ...id('bos_token_id') },
          { content: '<|im_start|>' },
          { content: '<|im_end|>', ...id('eos_token_id') },
        ],
      };
    default:
      // LLaMA, Baichuan: <unk> <s> </s> first, as in their SentencePiece models.
      return {
        style: 'sentencepiece-legacy',
        specials: [
          { content: '<unk>', id: 0 },
          { content: '<s>', ...id('bos_token_id') },
          { content: '</s>', ...id('eos_token_id') },
        ],
        ...(config['model_type'] === 'llama' ? { template: ['<s>', '$A'] } : {}),
      };
  }
}

/**
 * tokenizer.json's post_processor: the template as Hugging Face's TemplateProcessing, or for
 * byte-level files the ByteLevel step Qwen2 ships (it adds no ids). The file format also wants a
 * template for a pair of texts; ours repeats the single one for the second text, as Llama 2's does.
 */
function postProcessor(
  style: Style,
  template: TemplatePieces | undefined,
  specialIds: ReadonlyMap<string, number>,
): object | null {
  if (template === undefined)
    return style === 'byte-level' ? { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false } : null;
  const pieces = (sequence: 'A' | 'B', typeId: number) =>
    template.map((piece) =>
      piece === '$A' ? { Sequence: { id: sequence, type_id: typeId } } : { SpecialToken: { id: piece, type_id: typeId } },
    );
  const specials = template.filter((piece) => piece !== '$A');
  return {
    type: 'TemplateProcessing',
    single: pieces('A', 0),
    pair: [...pieces('A', 0), ...pieces('B', 1)],
    special_tokens: Object.fromEntries(
      specials.map((content) => [content, { id: content, ids: [specialIds.get(content)!], tokens: [content] }]),
    ),
  };
}

/** The pre-tokenizer settings of each style (the training below splits words the same way). */
function pipelineOf(style: Style): { normalizer: unknown; preTokenizer: unknown; decoder: unknown } {
  const spaceToMeta = { type: 'Replace', pattern: { String: ' ' }, content: '▁' };
  switch (style) {
    case 'sentencepiece-legacy':
      return {
        normalizer: { type: 'Sequence', normalizers: [{ type: 'Prepend', prepend: '▁' }, spaceToMeta] },
        preTokenizer: null,
        decoder: {
          type: 'Sequence',
          decoders: [
            { type: 'Replace', pattern: { String: '▁' }, content: ' ' },
            { type: 'ByteFallback' },
            { type: 'Fuse' },
            { type: 'Strip', content: ' ', start: 1, stop: 0 },
          ],
        },
      };
    case 'sentencepiece':
      return {
        normalizer: null,
        preTokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: true },
        decoder: {
          type: 'Sequence',
          decoders: [{ type: 'ByteFallback' }, { type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: true }],
        },
      };
    case 'byte-level':
      return {
        normalizer: { type: 'NFC' },
        preTokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
        decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
      };
    default:
      return assertNever(style, 'tokenizer style');
  }
}

/** tokenizer.json (as a JSON value) for a replica's config. */
export function tinyTokenizer(config: ReplicaConfig): object {
  const size = Number(config['vocab_size'] ?? config['padded_vocab_size']);
  const { style, specials, template } = plan(config);
  const pipeline = pipelineOf(style);
  const sentencePiece = style !== 'byte-level';

  // Specials first: pinned ids, then the highest free ids in order. Ordinary tokens fill the rest from 0 up.
  const specialIds = new Map<string, number>();
  for (const s of specials) if (s.id !== undefined) specialIds.set(s.content, s.id);
  const unpinned = specials.filter((s) => s.id === undefined);
  const pinned = new Set(specialIds.values());
  const topIds = range(0, size - 1)
    .filter((i) => !pinned.has(i))
    .slice(-unpinned.length);
  unpinned.forEach((s, i) => specialIds.set(s.content, topIds[i]!));
  const taken = new Set(specialIds.values());
  const freeIds = range(0, size - 1).filter((i) => !taken.has(i));
  const budget = freeIds.length;

  // Base symbols: every covered byte, as <0xNN> plus '▁' and ASCII characters, or as its stand-in character.
  const hex = (b: number) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`;
  const base = sentencePiece
    ? [...TEXT_BYTES.filter((b) => b < 0x21 || b > 0x7e).map(hex), '▁', ...range(0x21, 0x7e).map((b) => String.fromCharCode(b))]
    : TEXT_BYTES.map((b) => BYTE_TO_CHAR[b]!);
  // SentencePiece style: the most frequent Chinese characters whole, with half of what is left.
  const chars = sentencePiece ? frequentCharacters(Math.floor((budget - base.length) / 2)) : [];
  const tokens = [...base, ...chars];
  const merges = learnMerges(style, new Set(tokens), budget - tokens.length);
  for (const [a, b] of merges) if (!tokens.includes(a + b)) tokens.push(a + b);

  const vocab: Record<string, number> = {};
  if (sentencePiece) for (const [content, id] of specialIds) vocab[content] = id; // as in SentencePiece models
  tokens.forEach((token, i) => (vocab[token] = freeIds[i]!));

  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [...specialIds]
      .sort(([, a], [, b]) => a - b)
      .map(([content, id]) => ({
        id,
        content,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      })),
    normalizer: pipeline.normalizer,
    pre_tokenizer: pipeline.preTokenizer,
    post_processor: postProcessor(style, template, specialIds),
    decoder: pipeline.decoder,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: sentencePiece ? '<unk>' : null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: sentencePiece,
      byte_fallback: sentencePiece,
      ignore_merges: false,
      vocab,
      // The Llama 2 layout writes merges as "a b"; newer files (and ours for byte-level) as ["a", "b"].
      merges: style === 'sentencepiece-legacy' ? merges.map(([a, b]) => `${a} ${b}`) : merges,
    },
  };
}

/** Non-ASCII characters of the corpus by frequency (ties by code point), at most `count`. */
function frequentCharacters(count: number): string[] {
  const counts = new Map<string, number>();
  for (const char of CORPUS.join('')) if (char.codePointAt(0)! > 0x7e) counts.set(char, (counts.get(char) ?? 0) + 1);
  return [...counts]
    .sort(([a, x], [b, y]) => y - x || a.codePointAt(0)! - b.codePointAt(0)!)
    .slice(0, count)
    .map(([c]) => c);
}

/**
 * BPE training: split the corpus into words as the tokenizer will, spell each word in base symbols,
 * then glue the most frequent adjacent pair (ties: the pair that sorts first), until `count` new
 * tokens exist or no pair occurs twice. Byte tokens are never glued, as in SentencePiece.
 */
function learnMerges(style: Style, symbols: ReadonlySet<string>, count: number): [string, string][] {
  const split = preTokenizer(
    style === 'sentencepiece-legacy' ? { type: 'Metaspace', prepend_scheme: 'always' } : pipelineOf(style).preTokenizer,
  );
  const spell = (word: string): string[] =>
    [...word].flatMap((c) =>
      symbols.has(c) ? [c] : [...new TextEncoder().encode(c)].map((b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`),
    );
  const words = CORPUS.flatMap((line) => split(style === 'byte-level' ? line : line.normalize('NFC'), true)).map(spell);

  const merges: [string, string][] = [];
  const known = new Set(symbols);
  while (known.size < symbols.size + count) {
    const pairs = new Map<string, { pair: [string, string]; n: number }>();
    for (const w of words) {
      for (let i = 0; i + 1 < w.length; i++) {
        const pair: [string, string] = [w[i]!, w[i + 1]!];
        if (pair.some((s) => s.startsWith('<0x'))) continue;
        const key = `${pair[0]}\u0000${pair[1]}`;
        pairs.set(key, { pair, n: (pairs.get(key)?.n ?? 0) + 1 });
      }
    }
    const best = [...pairs].sort(([ka, a], [kb, b]) => b.n - a.n || (ka < kb ? -1 : 1))[0];
    if (best === undefined || best[1].n < 2) break;
    const [a, b] = best[1].pair;
    merges.push([a, b]);
    known.add(a + b);
    for (const w of words) {
      for (let i = 0; i + 1 < w.length; i++) if (w[i] === a && w[i + 1] === b) w.splice(i, 2, a + b);
    }
  }
  return merges;
}
