// The compare page's diff, over every pair of catalog models: a model never differs from itself,
// the diff is symmetric, every catalog field that differs shows up in its aspect, every aspect links
// to an article that exists in both languages, and the well-known pairs say what the papers say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { archDiff, ASPECTS, ASPECT_ORDER, aspectFacts, sameValue } from '../../../kernels/families/arch-diff.ts';
import { modelById, models, type ReleasedModel } from '../../../kernels/families/catalog.ts';
import { diffView } from '../../../components/widgets/arch-diff/rows.ts';

const all: readonly ReleasedModel[] = models;
const pairs = all.flatMap((a) => all.map((b) => [a, b] as const));

/** Fields that are bookkeeping, not architecture: the diff leaves them out on purpose. */
const NOT_ARCHITECTURE = new Set<keyof ReleasedModel>(['id', 'name', 'family', 'role', 'confidence', 'sources']);

test('a model does not differ from itself; every aspect is the same', () => {
  for (const m of all) {
    const { differences, same } = archDiff(m, m);
    assert.equal(differences.length, 0, m.id);
    assert.deepEqual(same, ASPECT_ORDER);
  }
});

test('every pair: symmetric, complete (each differing field is in a differing aspect), links exist in both languages', () => {
  const covered = new Set(ASPECT_ORDER.flatMap((aspect) => ASPECTS[aspect].fields));
  for (const key of Object.keys(all[0]!) as (keyof ReleasedModel)[])
    assert.ok(covered.has(key) || NOT_ARCHITECTURE.has(key), `catalog field ${String(key)} is in no aspect`);

  for (const [a, b] of pairs) {
    const ab = archDiff(a, b);
    const ba = archDiff(b, a);
    assert.deepEqual(ab.differences.map((d) => d.aspect), ba.differences.map((d) => d.aspect), `${a.id}/${b.id}`);
    assert.equal(ab.differences.length + ab.same.length, ASPECT_ORDER.length);
    const differing = new Set(ab.differences.map((d) => d.aspect));
    for (const aspect of ASPECT_ORDER) {
      const fieldsDiffer = ASPECTS[aspect].fields.some((field) => !sameValue(a[field], b[field]));
      assert.equal(differing.has(aspect), !sameValue(aspectFacts(aspect, a), aspectFacts(aspect, b)), `${a.id}/${b.id} ${aspect}`);
      // An aspect may compare less than its fields (the FFN's sizing rule), never more.
      if (differing.has(aspect)) assert.ok(fieldsDiffer, `${a.id}/${b.id} ${aspect}`);
    }
    for (const { article } of ab.differences)
      for (const lang of ['zh', 'en'])
        assert.ok(existsSync(new URL(`../../../content/docs/${lang}/${article}.mdx`, import.meta.url)), `${article} (${lang})`);
  }
});

test('known pairs: LLaMA → Llama 2 changes ε, context and data; → ChatGLM2 adds GQA, partial RoPE, QKV biases; → Baichuan-13B brings ALiBi', () => {
  const aspects = (a: string, b: string) =>
    archDiff(modelById(a as never), modelById(b as never)).differences.map((d) => d.aspect);
  assert.deepEqual(aspects('llama-7b', 'llama-2-7b'), ['norm', 'context', 'training']);
  const glm = aspects('llama-7b', 'chatglm2-6b');
  for (const aspect of ['attention', 'position', 'biases', 'vocab', 'ffn', 'dims'] as const) assert.ok(glm.includes(aspect), aspect);
  assert.ok(!glm.includes('mask')); // ChatGLM2 is causal, like LLaMA
  const baichuan = archDiff(modelById('llama-7b'), modelById('baichuan-13b'));
  assert.equal(baichuan.differences.find((d) => d.aspect === 'position')?.article, 'ideas/alibi');
  assert.equal(archDiff(modelById('llama-7b'), modelById('chatglm-6b')).differences.find((d) => d.aspect === 'mask')?.article, 'ideas/causal-vs-prefix');
});

test('the table rows in both languages: one per difference, the two values differ, links carry the language', () => {
  for (const lang of ['zh', 'en'] as const) {
    for (const [a, b] of pairs) {
      const view = diffView({ a: a.id, b: b.id } as never, lang);
      assert.equal(view.rows.length, archDiff(a, b).differences.length);
      for (const row of view.rows) {
        assert.ok(row.href.startsWith(`/${lang}/`));
        // A differing aspect whose words come out equal would show the reader no difference.
        assert.notEqual(row.a, row.b, `${a.id}/${b.id} ${row.aspect} (${lang})`);
      }
    }
  }
});
