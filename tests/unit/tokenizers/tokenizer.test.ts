// tokenizer.json reading on small hand-written files: BPE merge order, both merge forms, byte
// fallback and the unknown token, added tokens kept whole, the pre-tokenizers and decoders, and errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CheckpointError } from '../../../kernels/checkpoint/errors.ts';
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { BYTE_TO_CHAR, fromByteChars, toByteChars } from '../../../kernels/tokenizers/byte-level.ts';
import { loadTokenizer } from '../../../kernels/tokenizers/load.ts';
import { tokenizerFromJson } from '../../../kernels/tokenizers/tokenizer.ts';

type Parts = { vocab: string[]; merges?: unknown[]; model?: object; added?: object[]; rest?: object };

/** A tokenizer.json whose vocab ids are the list positions. */
function tokenizer({ vocab, merges = [], model = {}, added = [], rest = {} }: Parts) {
  return tokenizerFromJson({
    added_tokens: added,
    model: { type: 'BPE', vocab: Object.fromEntries(vocab.map((t, i) => [t, i])), merges, ...model },
    ...rest,
  });
}

const tokens = (t: ReturnType<typeof tokenizer>, text: string): string[] => t.encode(text).map((id) => t.tokenOf(id)!);

test('merges are applied by rank, the best-ranked adjacent pair first, the leftmost on a tie', () => {
  const vocab = ['a', 'b', 'c', 'ab', 'bc', 'abc', 'aa'];
  assert.deepEqual(tokens(tokenizer({ vocab, merges: ['b c', 'a bc', 'a b'] }), 'abc'), ['abc']);
  // The same merges, "a b" ranked first: b is taken before "b c" can form, and no "ab c" is listed.
  assert.deepEqual(tokens(tokenizer({ vocab, merges: ['a b', 'b c', 'a bc'] }), 'abc'), ['ab', 'c']);
  assert.deepEqual(tokens(tokenizer({ vocab, merges: ['a a'] }), 'aaa'), ['aa', 'a']);
  // ["a", "b"] pairs mean the same as "a b" strings.
  const asPairs = tokenizer({
    vocab,
    merges: [
      ['b', 'c'],
      ['a', 'bc'],
    ],
  });
  assert.deepEqual(tokens(asPairs, 'abcab'), ['abc', 'a', 'b']);
});

test('byte fallback spells a missing character as <0xNN> tokens and decodes them back', () => {
  const bytes = Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
  const t = tokenizer({
    vocab: ['<unk>', ...bytes, '▁', 'a', '语', '▁a'],
    merges: ['▁ a'],
    model: { unk_token: '<unk>', byte_fallback: true },
    rest: {
      pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: true },
      decoder: { type: 'Sequence', decoders: [{ type: 'ByteFallback' }, { type: 'Metaspace', prepend_scheme: 'first' }] },
    },
  });
  // 言 is E8 A8 80 in UTF-8; 语 is in the vocab.
  assert.deepEqual(tokens(t, 'a 语言'), ['▁a', '▁', '语', '<0xE8>', '<0xA8>', '<0x80>']);
  assert.equal(t.decode(t.encode('a 语言')), 'a 语言');
  // A run of bytes that is not UTF-8 decodes to one U+FFFD per byte.
  assert.equal(t.decode([t.idOf('a')!, t.idOf('<0xE8>')!, t.idOf('<0xA8>')!]), 'a\uFFFD\uFFFD');
});

test('without byte fallback a missing character is the unknown token (runs fused), or an error naming it', () => {
  const fused = tokenizer({ vocab: ['<unk>', 'a'], model: { unk_token: '<unk>', fuse_unk: true } });
  assert.deepEqual(tokens(fused, 'axya'), ['a', '<unk>', 'a']);
  const unfused = tokenizer({ vocab: ['<unk>', 'a'], model: { unk_token: '<unk>' } });
  assert.deepEqual(tokens(unfused, 'axya'), ['a', '<unk>', '<unk>', 'a']);
  assert.throws(() => tokenizer({ vocab: ['a'] }).encode('ab'), /'b' is not in the vocabulary/);
});

test('added tokens are found first and kept whole, the longest match winning', () => {
  const t = tokenizer({
    vocab: ['<', '|', 'i', 'm', '>', '[', 'g', 'M', 'A', 'S', 'K', ']', 'x', ' '],
    added: [
      { id: 20, content: '[gMASK]', special: true },
      { id: 21, content: '<|im', special: false },
      { id: 22, content: '<|im_end|>', special: true },
    ],
  });
  assert.deepEqual(t.encode('x[gMASK]x<|im_end|><|im'), [12, 20, 12, 22, 21]);
  assert.equal(t.decode(t.encode('x[gMASK]x<|im_end|>')), 'x[gMASK]x<|im_end|>');
  assert.equal(t.decode(t.encode('x[gMASK]x<|im_end|>'), { skipSpecialTokens: true }), 'xx');
  assert.equal(t.size, 23);

  const stripping = tokenizer({
    vocab: ['x', ' '],
    added: [
      { id: 5, content: '<mask>', lstrip: true, rstrip: true, special: true },
      { id: 6, content: 'xx', single_word: true },
    ],
  });
  assert.deepEqual(stripping.encode('x  <mask>  x'), [0, 5, 0]);
  assert.deepEqual(stripping.encode('xx x xxx'), [6, 1, 0, 1, 0, 0, 0], '"xx" inside "xxx" is not a whole word');
});

test('Metaspace puts ▁ in front always, or only at the very start ("first"), never after an added token', () => {
  const vocab = ['▁', 'a', 'b', '▁a', '▁b'];
  const merges = ['▁ a', '▁ b'];
  const added = [{ id: 9, content: '<s>', special: true }];
  const make = (scheme: string) =>
    tokenizer({ vocab, merges, added, rest: { pre_tokenizer: { type: 'Metaspace', prepend_scheme: scheme, split: true } } });
  assert.deepEqual(tokens(make('always'), 'a b<s>a'), ['▁a', '▁b', '<s>', '▁a']);
  assert.deepEqual(tokens(make('first'), 'a b<s>a'), ['▁a', '▁b', '<s>', 'a']);
  assert.deepEqual(tokens(make('never'), 'a b'), ['a', '▁b']);
  // Older files: add_prefix_space true means "always".
  const legacy = tokenizer({ vocab, merges, added, rest: { pre_tokenizer: { type: 'Metaspace', add_prefix_space: true } } });
  assert.deepEqual(tokens(legacy, 'b<s>a'), ['▁b', '<s>', '▁a']);
});

test('the Llama 2 layout: normalizer prepends ▁ and replaces spaces; Replace/ByteFallback/Fuse/Strip decode', () => {
  const t = tokenizer({
    vocab: ['<unk>', '<s>', '▁', 'H', 'i', '▁H', '▁Hi'],
    merges: ['▁ H', '▁H i'],
    model: { unk_token: '<unk>' },
    added: [{ id: 1, content: '<s>', special: true }],
    rest: {
      normalizer: {
        type: 'Sequence',
        normalizers: [
          { type: 'Prepend', prepend: '▁' },
          { type: 'Replace', pattern: { String: ' ' }, content: '▁' },
        ],
      },
      decoder: {
        type: 'Sequence',
        decoders: [
          { type: 'Replace', pattern: { String: '▁' }, content: ' ' },
          { type: 'ByteFallback' },
          { type: 'Fuse' },
          { type: 'Strip', content: ' ', start: 1, stop: 0 },
        ],
      },
    },
  });
  assert.deepEqual(tokens(t, 'Hi Hi'), ['▁Hi', '▁Hi']);
  assert.equal(t.decode(t.encode('Hi Hi')), 'Hi Hi');
  assert.equal(t.decode([1, ...t.encode('Hi')]), '<s> Hi'); // as transformers decodes it
});

test('GPT-2 byte alphabet: 256 distinct printable stand-ins, space Ġ, newline Ċ; any text round-trips', () => {
  assert.equal(new Set(BYTE_TO_CHAR).size, 256);
  assert.equal(BYTE_TO_CHAR[0x20], 'Ġ');
  assert.equal(BYTE_TO_CHAR[0x0a], 'Ċ');
  assert.equal(BYTE_TO_CHAR[0x41], 'A');
  for (const text of ['hello world\n', '你好，世界', 'é 😀 \u0000\u007f']) assert.equal(fromByteChars([toByteChars(text)]), text);
  assert.equal(toByteChars('语'), 'è¯Ń');
});

test('ByteLevel pre-tokenizer: GPT-2 split, a leading space when asked, byte stand-ins; Split with a (?i:) group', () => {
  const byteChars = BYTE_TO_CHAR.filter((_, b) => b < 0x80);
  const make = (preTokenizer: object) =>
    tokenizer({ vocab: byteChars, rest: { pre_tokenizer: preTokenizer, decoder: { type: 'ByteLevel' } } });
  const gpt2 = make({ type: 'ByteLevel', add_prefix_space: true, use_regex: true });
  // Words: " Hello", "'s", " 42", "!!" — no merges, so one token per byte, and the words show in Ġ.
  assert.equal(tokens(gpt2, "Hello's 42!!").join(''), "ĠHello'sĠ42!!");
  assert.equal(gpt2.decode(gpt2.encode("Hello's 42!!")), " Hello's 42!!");

  // Qwen2-style: Split with Rust's case-insensitive group, then ByteLevel without its own regex. With
  // (?i:'ll) honoured, "HE'LLO" splits as HE | 'LL | O, so the merge "L O" cannot apply across the cut.
  const qwenSplit =
    "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
  const split = tokenizer({
    vocab: [...byteChars, 'LO'],
    merges: [['L', 'O']],
    rest: {
      pre_tokenizer: {
        type: 'Sequence',
        pretokenizers: [
          { type: 'Split', pattern: { Regex: qwenSplit }, behavior: 'Isolated', invert: false },
          { type: 'ByteLevel', add_prefix_space: false, use_regex: false },
        ],
      },
      decoder: { type: 'ByteLevel' },
    },
  });
  assert.deepEqual(tokens(split, "HE'LLO"), ['H', 'E', "'", 'L', 'L', 'O']);
  assert.deepEqual(tokens(split, 'HELLO'), ['H', 'E', 'L', 'LO']);
  assert.equal(split.decode(split.encode("HE'LLO 12\n")), "HE'LLO 12\n");
});

test('post_processor: a template puts its special tokens around the text unless asked not to; Sequence nests', () => {
  const vocab = ['a', '<s>', '</s>', '[gMASK]', '<sop>'];
  const special = (id: string) => ({ SpecialToken: { id, type_id: 0 } });
  const text = { Sequence: { id: 'A', type_id: 0 } };
  const definitions = Object.fromEntries(vocab.slice(1).map((t, i) => [t, { id: t, ids: [i + 1], tokens: [t] }]));
  const withProcessor = (post_processor: unknown) => tokenizer({ vocab, rest: { post_processor } });
  const template = (...single: unknown[]) => ({ type: 'TemplateProcessing', single, pair: [], special_tokens: definitions });

  const llama = withProcessor(template(special('<s>'), text));
  assert.deepEqual(llama.template, { prefix: [1], suffix: [] });
  assert.deepEqual(llama.encode('aa'), [1, 0, 0]);
  assert.deepEqual(llama.encode('aa', { addSpecialTokens: false }), [0, 0]);
  assert.deepEqual(llama.encode(''), [1], 'as in Hugging Face, an empty text still gets the template');

  const glm = withProcessor(template(text, special('[gMASK]'), special('<sop>')));
  assert.deepEqual(glm.encode('a'), [0, 3, 4]);

  // Sequence: each processor wraps what the earlier ones made; ByteLevel adds no ids.
  const nested = withProcessor({
    type: 'Sequence',
    processors: [template(special('<s>'), text, special('</s>')), { type: 'ByteLevel' }, template(special('[gMASK]'), text)],
  });
  assert.deepEqual(nested.encode('a'), [3, 1, 0, 2]);
  assert.deepEqual(withProcessor({ type: 'ByteLevel', trim_offsets: false }).encode('a'), [0]);
  assert.deepEqual(withProcessor(null).template, { prefix: [], suffix: [] });
  assert.deepEqual(withProcessor({ type: 'Sequence', processors: [] }).template, { prefix: [], suffix: [] });
});

test('post_processor: templates that cannot be applied are refused by path', () => {
  const vocab = ['a', '<s>'];
  const withProcessor = (post_processor: unknown) => () => tokenizer({ vocab, rest: { post_processor } });
  const s = { SpecialToken: { id: '<s>', type_id: 0 } };
  const a = { Sequence: { id: 'A', type_id: 0 } };
  const defs = (ids: unknown[]) => ({ '<s>': { id: '<s>', ids, tokens: ['<s>'] } });
  const template = (single: unknown[], ids: unknown[] = [1]) => ({
    type: 'TemplateProcessing',
    single,
    special_tokens: defs(ids),
  });
  assert.throws(withProcessor({ type: 'BertProcessing' }), /post_processor\.type 'BertProcessing' is not supported/);
  assert.throws(withProcessor(template([s])), /post_processor\.single has no sequence A/);
  assert.throws(withProcessor(template([a, a])), /post_processor\.single\[1\] must hold the sequence A exactly once/);
  assert.throws(
    withProcessor(template([{ Sequence: { id: 'B' } }])),
    /single\[0\] must hold the sequence A exactly once, got sequence B/,
  );
  assert.throws(
    withProcessor({ type: 'TemplateProcessing', single: [{ SpecialToken: { id: '</s>' } }, a], special_tokens: defs([1]) }),
    /names the special token '<\/s>', which special_tokens does not define/,
  );
  assert.throws(withProcessor(template([s, a], [-1])), /special_tokens\.<s>\.ids\[0\] must be a token id/);
  assert.throws(withProcessor(template([s, a], [9])), /post_processor adds id 9, which is not a token/);
  assert.throws(withProcessor(template([{ Nothing: {} }, a])), /single\[0\] must be \{"Sequence": …\} or \{"SpecialToken": …\}/);
});

test('post_processor: whatever the file holds there, it loads or is refused with a CheckpointError, never a crash', () => {
  const piece = fc.oneof(
    fc.record({ Sequence: fc.oneof(fc.record({ id: fc.constantFrom('A', 'B', 3) }), fc.anything()) }),
    fc.record({ SpecialToken: fc.oneof(fc.record({ id: fc.constantFrom('<s>', 'x', 1) }), fc.anything()) }),
    fc.anything(),
  );
  const specialTokens = fc.oneof(
    fc.constant({ '<s>': { id: '<s>', ids: [1] } }),
    fc.dictionary(fc.string(), fc.anything()),
    fc.anything(),
  );
  const template = fc.record(
    { type: fc.constant('TemplateProcessing'), single: fc.oneof(fc.array(piece), fc.anything()), special_tokens: specialTokens },
    { requiredKeys: ['type'] },
  );
  const { processor } = fc.letrec((tie) => ({
    processor: fc.oneof(
      template,
      fc.record({
        type: fc.constant('Sequence'),
        processors: fc.oneof(fc.array(tie('processor'), { maxLength: 3 }), fc.anything()),
      }),
      fc.record({ type: fc.constantFrom('ByteLevel', 'BertProcessing', 3) }),
      fc.anything(),
    ),
  }));
  fc.assert(
    fc.property(processor, (post_processor) => {
      try {
        tokenizer({ vocab: ['a', '<s>'], rest: { post_processor } }).encode('a');
      } catch (error) {
        assert.ok(error instanceof CheckpointError, String(error));
      }
    }),
    { numRuns: 500 },
  );
});

test('bad files: unsupported model or component types, merges outside the vocab, no tokenizer.json, other formats', async () => {
  assert.throws(() => tokenizerFromJson({ model: { type: 'Unigram', vocab: [] } }), /model\.type 'Unigram' is not supported/);
  assert.throws(
    () => tokenizer({ vocab: ['a'], rest: { pre_tokenizer: { type: 'Whitespace' } } }),
    /pre_tokenizer\.type 'Whitespace'/,
  );
  assert.throws(
    () => tokenizer({ vocab: ['a'], rest: { decoder: { type: 'Sequence', decoders: [{ type: 'WordPiece' }] } } }),
    /decoder\.decoders\[0\]\.type 'WordPiece' is not supported/,
  );
  assert.throws(
    () => tokenizer({ vocab: ['a', 'b'], merges: ['a b'] }),
    /model\.merges\[0\] uses 'ab', which is not in the vocab/,
  );
  assert.throws(() => tokenizer({ vocab: ['a'], merges: ['a b c'] }), /must be "a b" or \["a", "b"\]/);
  assert.throws(() => tokenizer({ vocab: ['a'] }).decode([3]), /id 3 is not a token/);

  const files = (names: Record<string, string>) =>
    memorySource(new Map(Object.entries(names).map(([name, text]) => [name, new TextEncoder().encode(text)])));
  await assert.rejects(
    loadTokenizer(files({ 'config.json': '{}', 'spiece.model': 'x', 'vocab.json': '{}' })),
    /no tokenizer file in the folder \(the folder has spiece\.model, vocab\.json\); read: Hugging Face tokenizer\.json files, Qwen's qwen\.tiktoken and SentencePiece BPE models/,
  );
  await assert.rejects(
    loadTokenizer(files({ 'config.json': '{}', 'ice_text.model': 'x' })),
    /ice_text\.model: not a readable SentencePiece model/,
    'ChatGLM-6B’s file is looked for in a folder',
  );
  await assert.rejects(
    loadTokenizer(files({ 'config.json': '{}', 'tokenizer.model': 'x' })),
    /tokenizer\.model: not a readable SentencePiece model \(the message ends inside a number\)/,
  );
  await assert.rejects(loadTokenizer(files({ 'tokenizer.json': '{"model": ' })), /tokenizer\.json: not valid JSON/);
  // One file named: other formats are named and refused, whatever the bytes.
  const releases = files({
    'tokenizer.model': 'x',
    'ice_text.model': 'x',
    'cl100k_base.tiktoken': 'IQ== 0',
    'vocab.json': '{}',
    'notes.txt': 'x',
    'b.json': '{"model": {"vocab": {"a": 0}}}',
  });
  await assert.rejects(loadTokenizer(releases, 'ice_text.model'), /ice_text\.model: not a readable SentencePiece model/);
  await assert.rejects(loadTokenizer(releases, 'cl100k_base.tiktoken'), /cl100k_base\.tiktoken is a tiktoken rank file whose special tokens and split pattern are unknown/);
  await assert.rejects(loadTokenizer(releases, 'vocab.json'), /vocab\.json is a GPT-2 style vocab\.json \+ merges\.txt pair/);
  await assert.rejects(loadTokenizer(releases, 'notes.txt'), /notes\.txt: not a tokenizer file this reader knows/);
  assert.deepEqual((await loadTokenizer(releases, 'b.json')).encode('aa'), [0, 0], 'any *.json in tokenizer.json’s format');
});
