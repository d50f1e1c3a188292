// Checks on the model catalog that come from the architectures, not from copying the table back:
// sizing rules, head arithmetic, parameter counts recomputed from the dimensions, and sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  attentionKind,
  familiesAtAGlance,
  catalogFamilies,
  kvCacheBytesPerToken,
  llamaFfnWidth,
  maxContext,
  modelById,
  models,
  parameterBreakdown,
  parameterCount,
  positionKind,
  type ReleasedModel,
} from '../../kernels/families/catalog.ts';
import { isReferenceId, references, titleIn } from '../../kernels/families/references.ts';

const all: readonly ReleasedModel[] = models;

test('LLaMA FFN widths follow the rounding rule ceil(int(2·4d/3)/256)·256', () => {
  for (const id of ['llama-7b', 'llama-13b', 'llama-33b', 'llama-65b', 'llama-2-7b', 'llama-2-13b'] as const) {
    const m = modelById(id);
    const expected = Math.ceil(Math.floor((8 * m.hidden) / 3) / 256) * 256;
    assert.equal(m.ffn.width, expected, id);
    assert.equal(llamaFfnWidth(m.hidden, 256), expected, id);
  }
});

test('Llama 2 70B: multiplier 1.3 and multiple_of 4096 give 28672', () => {
  const m = modelById('llama-2-70b');
  const base = Math.floor((2 * 4 * m.hidden) / 3);
  const scaled = Math.floor(1.3 * base);
  assert.equal(m.ffn.width, Math.ceil(scaled / 4096) * 4096);
  assert.equal(m.ffn.width, 28_672);
});

test('every model with a sizing rule has the width the rule gives', () => {
  for (const m of all) {
    if (m.ffn.rule) assert.equal(llamaFfnWidth(m.hidden, m.ffn.rule.multipleOf, m.ffn.rule.multiplier), m.ffn.width, m.id);
  }
});

test('llamaFfnWidth is the smallest multiple at or above the scaled 8d/3', () => {
  fc.assert(
    fc.property(fc.integer({ min: 64, max: 16_384 }), fc.constantFrom(1, 64, 256, 4096), (d, multipleOf) => {
      const w = llamaFfnWidth(d, multipleOf);
      const raw = Math.floor((8 * d) / 3);
      return w % multipleOf === 0 && w >= raw && w - raw < multipleOf;
    }),
  );
});

test('Qwen (first generation) stores twice the real FFN width in its config', () => {
  for (const m of all.filter((m) => m.family === 'qwen' && m.role === 'release')) {
    assert.equal(m.ffn.configValue, 2 * m.ffn.width, m.id);
  }
});

test('head arithmetic: head_dim × heads = hidden, kv heads divide heads', () => {
  for (const m of all) {
    assert.equal(m.headDim * m.heads, m.hidden, m.id);
    assert.equal(m.heads % m.kvHeads, 0, m.id);
  }
});

test('attention kinds: only Llama 2 70B, ChatGLM2/3 and the small references share KV heads', () => {
  const shared = all.filter((m) => attentionKind(m) !== 'MHA').map((m) => m.id).sort();
  assert.deepEqual(shared, ['chatglm2-6b', 'chatglm3-6b', 'llama-2-70b', 'qwen2.5-0.5b', 'tinyllama-1.1b']);
  // ChatGLM2 is grouped-query with 2 groups, not single-KV multi-query.
  assert.equal(attentionKind(modelById('chatglm2-6b')), 'GQA');
});

test('Baichuan-7B and 13B parameter counts recomputed from the dims match the READMEs exactly', () => {
  assert.equal(parameterCount(modelById('baichuan-7b')), 7_000_559_616);
  assert.equal(parameterCount(modelById('baichuan-13b')), 13_264_901_120);
  for (const m of all) if (m.params.exact !== undefined) assert.equal(parameterCount(m), m.params.exact, m.id);
});

test('every reported parameter count is the count from the dims, rounded or truncated as reported', () => {
  // The LLaMA paper truncates (65.29 billion is printed as 65.2B); the other sources round.
  for (const m of all) {
    const billions = parameterCount(m) / 1e9;
    const scale = 10 ** m.params.decimals;
    const rounded = Number(billions.toFixed(m.params.decimals));
    const truncated = Math.floor(billions * scale) / scale;
    assert.ok(m.params.billions === rounded || m.params.billions === truncated, `${m.id}: computed ${billions}`);
  }
});

test('parameter breakdown adds up, and tying removes exactly one V×d matrix', () => {
  for (const m of all) {
    const b = parameterBreakdown(m);
    const { attention, ffn, norms } = b.perLayer;
    assert.equal(b.total, b.embedding + b.layers * (attention + ffn + norms) + b.finalNorm + b.head, m.id);
    assert.equal(b.head, m.head.tied ? 0 : m.vocab.embeddingRows * m.hidden, m.id);
  }
});

test('KV cache per token: 2 · L · m · head_dim · bytes, fewer KV heads means a smaller cache', () => {
  // Llama 2 7B at fp16 needs 512 KiB per token.
  assert.equal(kvCacheBytesPerToken(modelById('llama-2-7b'), 2), 512 * 1024);
  fc.assert(
    fc.property(fc.constantFrom(...all), fc.constantFrom(1, 2, 4), (m, bytes) => {
      const perToken = kvCacheBytesPerToken(m, bytes);
      const asMha = kvCacheBytesPerToken({ ...m, kvHeads: m.heads }, bytes);
      return perToken * (m.heads / m.kvHeads) === asMha && perToken === 2 * bytes * m.layers * m.kvHeads * m.headDim;
    }),
  );
});

test('the FFN width is an integer and positive; vocab rows hold every tokenizer id', () => {
  for (const m of all) {
    assert.ok(Number.isInteger(m.ffn.width) && m.ffn.width > 0, m.id);
    if (m.vocab.tokenizerSize !== undefined) assert.ok(m.vocab.tokenizerSize < m.vocab.embeddingRows, m.id);
  }
});

test('tokenizer sizes: first-generation Qwen 151,643 BPE + 208 special, Qwen2.5 151,643 BPE + 22 special', () => {
  // Both tokenizers share the same 151,643 byte-level BPE tokens and start their special tokens at
  // <|endoftext|> = 151643; Qwen2.5 stops at <|file_sep|> = 151664 (Qwen1.5/Qwen2 stopped at 151645).
  const ordinary = 151_643;
  assert.equal(modelById('qwen-7b').vocab.tokenizerSize, ordinary + 208);
  assert.equal(modelById('qwen2.5-0.5b').vocab.tokenizerSize, ordinary + 22);
  assert.equal(modelById('qwen2.5-0.5b').vocab.tokenizerSize, 151_664 + 1);
});

test('rotary dims fit in a head and are even; 2D RoPE splits the head in two halves', () => {
  for (const m of all) {
    const p = m.position;
    if (p.kind === 'rope') assert.ok(p.rotaryDims <= m.headDim && p.rotaryDims % 2 === 0, m.id);
    if (p.kind === 'rope-2d') assert.equal(2 * p.dimsPerHalf, m.headDim, m.id);
  }
  assert.equal(positionKind(modelById('chatglm2-6b')), 'rope-partial');
  assert.equal(positionKind(modelById('baichuan-7b')), 'rope');
  assert.equal(positionKind(modelById('baichuan-13b')), 'alibi');
});

test('ChatGLM-6B residual alpha is sqrt(2 · 28), its layer count', () => {
  const m = modelById('chatglm-6b');
  assert.equal(m.residual.kind, 'deepnorm-style');
  if (m.residual.kind === 'deepnorm-style') assert.ok(Math.abs(m.residual.alpha ** 2 - 2 * m.layers) < 1e-9);
});

test('every model cites at least one source, and every source exists in the list', () => {
  for (const m of all) {
    assert.ok(m.sources.length > 0, m.id);
    for (const s of m.sources) assert.ok(isReferenceId(s), `${m.id}: ${s}`);
    // A computed number must cite the computation.
    if (Object.values(m.confidence).includes('computed')) assert.ok(m.sources.includes('C'), m.id);
  }
  for (const [id, ref] of Object.entries(references)) {
    for (const lang of ['zh', 'en'] as const) assert.ok(titleIn(ref.title, lang).length > 0, `${id} (${lang})`);
    // The site's own words (a source with no address) are written in both languages.
    if (ref.url === undefined) assert.equal(typeof ref.title, 'object', `${id}: the site's own title needs zh and en`);
    if (ref.url !== undefined) assert.match(ref.url, /^https:\/\//, id);
    else assert.equal(ref.kind, 'computed', id);
  }
});

test('ids are unique; unknown training tokens are flagged unverified', () => {
  assert.equal(new Set(all.map((m) => m.id)).size, all.length);
  for (const m of all) if (m.trainingTokensT === null) assert.equal(m.confidence.trainingTokens, 'unverified', m.id);
});

test('familiesAtAGlance groups every released model once, in family order', () => {
  const glance = familiesAtAGlance();
  assert.deepEqual(glance.map((g) => g.family), [...catalogFamilies]);
  const grouped = glance.flatMap((g) => g.models.map((m) => m.id)).sort();
  const released = all.filter((m) => m.role === 'release').map((m) => m.id).sort();
  assert.deepEqual(grouped, released);
  for (const g of glance) {
    assert.ok(g.models.every((m) => m.family === g.family));
    assert.equal(g.maxContext, Math.max(...g.models.map(maxContext)));
  }
  const chatglm = glance.find((g) => g.family === 'chatglm');
  assert.deepEqual(chatglm?.masks, ['prefix', 'causal']);
  assert.deepEqual(chatglm?.activations, ['gelu', 'swiglu']);
  const baichuan = glance.find((g) => g.family === 'baichuan');
  assert.deepEqual(baichuan?.positions, ['rope', 'alibi']);
});
