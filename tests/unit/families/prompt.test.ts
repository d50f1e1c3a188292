// The special ids around a prompt (kernels/families/prompt.ts): which ones each family gets, from its
// tokenizer's template or, for ChatGLM-6B without one, from its config; and a prompt cut to a limit
// that keeps the template whole and never doubles what the reader already typed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { detectModel } from '../../../kernels/families/detect.ts';
import { preparePrompt, promptTemplate } from '../../../kernels/families/prompt.ts';
import { TINY_REPLICAS, tinyReplica } from '../../../kernels/families/tiny/replica.ts';
import { loadTokenizer } from '../../../kernels/tokenizers/load.ts';

const startsWith = (ids: readonly number[], head: readonly number[]) => head.every((id, i) => ids[i] === id);
const endsWith = (ids: readonly number[], tail: readonly number[]) => startsWith(ids.slice(ids.length - tail.length), tail);

test('preparePrompt: fits the limit, keeps the template whole, keeps the reader’s ids in order, is idempotent', () => {
  const affix = fc.constantFrom<number[]>([], [7], [8, 9]);
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 80 }),
      affix,
      affix,
      fc.integer({ min: 4, max: 70 }),
      (ids, prefix, suffix, max) => {
        const template = { prefix, suffix };
        const out = preparePrompt(ids, template, max);
        assert.ok(out.ids.length <= max);
        assert.ok(out.ids.length >= prefix.length + suffix.length);
        assert.ok(startsWith(out.ids, prefix) && endsWith(out.ids, suffix));
        // What ran is the reader's ids with the added template ids, minus `dropped` ids cut from the text's end.
        const full = [...out.prepended, ...ids, ...out.appended];
        const middle = out.ids.slice(prefix.length, out.ids.length - suffix.length);
        assert.ok(startsWith(full, [...prefix, ...middle]) && endsWith(full, suffix));
        assert.equal(full.length - out.ids.length, out.dropped);
        if (full.length <= max) assert.equal(out.dropped, 0);
        // Only what was missing is added.
        assert.equal(out.prepended.length === 0, startsWith(ids, prefix));
        if (out.appended.length > 0) assert.ok(!endsWith(ids, suffix) || ids.length < prefix.length + suffix.length);
        assert.deepEqual(preparePrompt(out.ids, template, max), { ids: out.ids, prepended: [], appended: [], dropped: 0 });
      },
    ),
  );
});

test('preparePrompt: examples, among them the cut that once took the reader’s suffix away', () => {
  const suffixOnly = { prefix: [], suffix: [7] };
  // Found by the property run in CI: the reader typed the suffix, and the cut used to drop it.
  assert.deepEqual(preparePrompt([0, 0, 7], suffixOnly, 2), { ids: [0, 7], prepended: [], appended: [], dropped: 1 });
  assert.deepEqual(preparePrompt([0, 0, 7], suffixOnly, 3), { ids: [0, 0, 7], prepended: [], appended: [], dropped: 0 });
  assert.deepEqual(preparePrompt([0, 0], suffixOnly, 2), { ids: [0, 7], prepended: [], appended: [7], dropped: 1 });
  assert.deepEqual(preparePrompt([1, 2, 3], { prefix: [], suffix: [] }, 2), {
    ids: [1, 2],
    prepended: [],
    appended: [],
    dropped: 1,
  });
  const both = { prefix: [8, 9], suffix: [7] };
  assert.deepEqual(preparePrompt([8, 9, 1, 7], both, 10), { ids: [8, 9, 1, 7], prepended: [], appended: [], dropped: 0 });
  assert.deepEqual(preparePrompt([1, 2], both, 10), { ids: [8, 9, 1, 2, 7], prepended: [8, 9], appended: [7], dropped: 0 });
  // [8, 9] is the prefix alone: the suffix goes after it.
  assert.deepEqual(preparePrompt([8, 9], both, 10), { ids: [8, 9, 7], prepended: [], appended: [7], dropped: 0 });
});

test('promptTemplate: each replica gets its tokenizer’s template; without a tokenizer only ChatGLM-6B gets [gMASK] <sop>', async () => {
  for (const name of TINY_REPLICAS) {
    const { config, files } = tinyReplica(name);
    const spec = detectModel(config);
    const tokenizer = await loadTokenizer(memorySource(files));
    assert.deepEqual(promptTemplate(spec, tokenizer.template), tokenizer.template, name);
    const glm6b = name === 'chatglm-6b';
    const fromConfig = glm6b ? [config['gmask_token_id'], config['bos_token_id']] : [];
    assert.deepEqual(promptTemplate(spec, undefined), { prefix: [], suffix: fromConfig }, name);
    assert.deepEqual(promptTemplate(spec, { prefix: [], suffix: [] }), { prefix: [], suffix: fromConfig }, name);
  }
});
