// The model panel's words: the architecture card says what each replica's config.json says (read
// independently here), in both languages, and every note has a sentence in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { architectureRows } from '../../../components/widgets/model/architecture.ts';
import { MODEL_STRINGS } from '../../../components/widgets/model/strings.ts';
import type { StateNote } from '../../../components/widgets/model/state.ts';
import { detectModel } from '../../../kernels/families/detect.ts';
import { TINY_REPLICAS, tinyReplica } from '../../../kernels/families/tiny/replica.ts';

const LANGS = ['en', 'zh'] as const;

/** The numbers a card must show, straight from config.json (each family spells its keys its own way). */
function configFacts(config: Readonly<Record<string, unknown>>) {
  const n = (...keys: string[]) => keys.map((k) => config[k]).find((v) => typeof v === 'number') as number;
  const heads = n('num_attention_heads');
  const kvHeads = config['multi_query_attention'] === true ? n('multi_query_group_num') : (n('num_key_value_heads') ?? heads);
  return {
    layers: n('num_hidden_layers', 'num_layers'),
    hidden: n('hidden_size'),
    heads,
    kvHeads,
    vocab: n('vocab_size', 'padded_vocab_size'),
  };
}

for (const name of TINY_REPLICAS) {
  test(`${name}: the card's numbers are the config's, in both languages`, () => {
    const { config } = tinyReplica(name);
    const facts = configFacts(config);
    const spec = detectModel(config);
    for (const lang of LANGS) {
      const rows = Object.fromEntries(architectureRows(spec, lang).map((r) => [r.fact, r.value]));
      assert.equal(rows['layers'], String(facts.layers));
      assert.equal(rows['hidden'], String(facts.hidden));
      assert.equal(rows['headDim'], String(facts.hidden / facts.heads));
      assert.ok(rows['heads']!.includes(String(facts.heads)) && rows['heads']!.includes(String(facts.kvHeads)), rows['heads']!);
      const kind = facts.kvHeads === facts.heads ? 'MHA' : facts.kvHeads === 1 ? 'MQA' : 'GQA';
      assert.ok(
        rows['heads']!.endsWith(kind) || rows['heads']!.includes(`${kind} `) || rows['heads']!.includes(`${kind}（`),
        rows['heads']!,
      );
      assert.ok(rows['vocab']!.startsWith(String(facts.vocab)), rows['vocab']!);
      // The detector's English details stay out of the card (its other rows say them in the page's language).
      assert.equal(rows['family'], spec.name);
      assert.ok(spec.label.startsWith(`${spec.name} (`), spec.label);
      const alibi = !('max_position_embeddings' in config) && config['model_type'] === 'baichuan';
      assert.equal(rows['position']!.includes('ALiBi'), alibi, rows['position']!);
      assert.equal(rows['mask']!.includes('<sop>'), name === 'chatglm-6b', rows['mask']!);
      assert.equal(rows['head']!.includes('NormHead'), name.startsWith('baichuan2'), rows['head']!);
      assert.equal(rows['norm']!.startsWith('LayerNorm'), name === 'chatglm-6b', rows['norm']!);
    }
  });
}

test('every note reads as a sentence in both languages', () => {
  const notes: StateNote[] = [
    { kind: 'unknown-replica', value: 'gpt2' },
    { kind: 'not-a-number', param: 'model-head', value: 'x' },
    { kind: 'bad-id', value: 'x' },
    { kind: 'empty-prompt' },
    { kind: 'no-tokenizer', reason: 'no tokenizer.json' },
    { kind: 'truncated', shown: 64, total: 80 },
    {
      kind: 'specials-added',
      before: [],
      after: [
        { id: 251, text: '[gMASK]' },
        { id: 254, text: '<sop>' },
      ],
    },
    { kind: 'specials-added', before: [{ id: 1, text: '<s>' }], after: [] },
    { kind: 'layer-clamped', asked: 7, used: 1, layers: 2 },
    { kind: 'head-clamped', asked: 20, used: 11, heads: 12 },
    { kind: 'sequence-full', limit: 96 },
    {
      kind: 'cannot-run',
      memory: {
        mode: 'cannot-run',
        budgetBytes: 2 ** 32,
        residentBytes: 2.8e10,
        layerByLayerBytes: 5e9,
        weightBytes: 2.7e10,
        wouldFit: { budgetBytes: 5e9, parameters: 1.9e9 },
      },
    },
    { kind: 'unknown-weights', param: 'model-weights', value: 'half' },
  ];
  for (const lang of LANGS) {
    for (const note of notes) {
      const sentence = MODEL_STRINGS[lang].note(note);
      assert.ok(sentence.length > 10, `${lang} ${note.kind}`);
      for (const value of Object.values(note).filter((v) => typeof v === 'number' && v < 1e6)) {
        assert.ok(sentence.includes(String(value)), `${lang} ${note.kind} mentions ${value}: ${sentence}`);
      }
    }
  }
  assert.match(MODEL_STRINGS.en.note(notes[6]!), /end with \[gMASK\] \(251\) <sop> \(254\)/);
  assert.match(MODEL_STRINGS.en.note(notes[7]!), /start with <s> \(1\),/);
  assert.match(MODEL_STRINGS.zh.note(notes[7]!), /以 <s>（1） 开头/);
  assert.match(MODEL_STRINGS.en.note(notes[11]!), /^Refused: .*even one layer at a time needs 4\.66 GiB.*up to 1\.90 billion parameters/);
  assert.match(MODEL_STRINGS.zh.note(notes[11]!), /^无法运行：.*19\.0 亿/);
});
