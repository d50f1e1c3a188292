// FFN widths (kernels/families/ffn-width.ts) against every released width in the catalog: the
// rules of LLaMA's code reproduce LLaMA and Llama 2, a multiple of 128 explains Baichuan-13B and
// Qwen, and the widths no rounding of 8d/3 explains are flagged, each by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { llamaFfnWidth, models as catalogModels, modelById, parameterBreakdown, type ReleasedModel } from '../../../kernels/families/catalog.ts';
import { baseFfnWidth, ffnWidthCheck, LLAMA_RULE, roundingThatFits, ruleWidth } from '../../../kernels/families/ffn-width.ts';

const models: readonly ReleasedModel[] = catalogModels;

test('the rule each catalog model records gives its released width', () => {
  for (const model of models) {
    if (model.ffn.rule === undefined) continue;
    const check = ffnWidthCheck(model);
    assert.ok(check.matches, `${model.name}: rule gives ${check.predicted}, released ${check.released}`);
  }
});

test('released widths: LLaMA 11008/13824/17920/22016 and Llama 2 70B 28672 from the rules', () => {
  assert.deepEqual(
    ['llama-7b', 'llama-13b', 'llama-33b', 'llama-65b', 'llama-2-70b'].map((id) => ffnWidthCheck(modelById(id as 'llama-7b')).predicted),
    [11_008, 13_824, 17_920, 22_016, 28_672],
  );
});

/** The largest power-of-two rounding of 8d/3 (or 4d) that gives each released width; none = no rounding explains it. */
const EXPECTED_FIT: Record<string, number | undefined> = {
  'llama-7b': 256,
  'llama-13b': 512,
  'llama-33b': 512,
  'llama-65b': 512,
  'llama-2-7b': 256,
  'llama-2-13b': 512,
  'llama-2-70b': 4096,
  'chatglm-6b': 4096, // 4d = 16384, a GELU MLP
  'chatglm2-6b': undefined, // 13696 at d = 4096 is ≈ 3.34d
  'chatglm3-6b': undefined,
  'baichuan-7b': 256,
  'baichuan-13b': 128,
  'baichuan2-7b': 256,
  'baichuan2-13b': 128,
  'qwen-1.8b': 128,
  'qwen-7b': 256,
  'qwen-14b': 128,
  'qwen-72b': 4096, // 24576 = 3d, also ⌈21845 / 4096⌉ · 4096
  'tinyllama-1.1b': 512,
  'qwen2.5-0.5b': undefined,
};

test('every catalog model: which rounding explains its width, and which are flagged', () => {
  for (const model of models) {
    assert.ok(model.id in EXPECTED_FIT, `${model.id} has no expectation: add it`);
    assert.equal(roundingThatFits(model), EXPECTED_FIT[model.id], model.name);
  }
});

test('LLaMA’s default rule flags exactly the widths it does not give', () => {
  const flagged = models.filter((model) => !ffnWidthCheck(model, LLAMA_RULE).matches).map((model) => model.id);
  assert.deepEqual(flagged, [
    'llama-2-70b', 'chatglm2-6b', 'chatglm3-6b', 'baichuan-13b', 'baichuan2-13b', 'qwen-1.8b', 'qwen-14b', 'qwen-72b',
    'qwen2.5-0.5b',
  ]);
});

test('ruleWidth rounds ⌊base·multiplier⌋ up: a multiple of multipleOf, never below, less than one step above', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 20_000 }),
      fc.constantFrom(1, 2, 8, 64, 128, 256, 4096),
      fc.option(fc.double({ min: 0.5, max: 3, noNaN: true }), { nil: undefined }),
      fc.constantFrom('swiglu' as const, 'gelu' as const),
      (hidden, multipleOf, multiplier, activation) => {
        const rule = multiplier === undefined ? { multipleOf } : { multipleOf, multiplier };
        const width = ruleWidth({ hidden, activation }, rule);
        const raw = Math.trunc((multiplier ?? 1) * Math.trunc(baseFfnWidth({ hidden, activation })));
        assert.equal(width % multipleOf, 0);
        if (activation === 'swiglu') assert.equal(width, llamaFfnWidth(hidden, multipleOf, multiplier));
        assert.ok(width >= raw && width - raw < multipleOf);
      },
    ),
  );
});

test('FFN parameters: 3·d·I per SwiGLU layer (2·d·I + biases for ChatGLM-6B), and their share of the model', () => {
  const llama = ffnWidthCheck(modelById('llama-7b'));
  assert.equal(llama.perLayerParams, 3 * 4096 * 11_008);
  assert.equal(llama.totalParams, 32 * 3 * 4096 * 11_008);
  assert.ok(Math.abs(llama.share - llama.totalParams / parameterBreakdown(modelById('llama-7b')).total) < 1e-15);
  assert.ok(llama.share > 0.6 && llama.share < 0.7);
  const glm = ffnWidthCheck(modelById('chatglm-6b'));
  assert.equal(glm.perLayerParams, 2 * 4096 * 16_384 + 16_384 + 4096);
  assert.equal(glm.geluEquivalentParams, 8 * 4096 * 4096);
});
