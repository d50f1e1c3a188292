// "What the small model learned", measured on the shipped files: held-out cross-entropy against the
// best unigram model, the strongest previous-token head, and the head that looks back most at the
// last punctuation mark or line break (where the current line or clause starts); for a prefix LM, the
// head that reads furthest ahead inside its prefix. The family articles render the result as a table;
// the causal-vs-prefix article opens its model panel on the prefix reader.
//
//   node scripts/train/learned.ts [id …]   rewrites those models' entries (all by default) in
//                                          kernels/families/trained-figures/learned.json
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRAINED_VARIANTS } from '../../kernels/families/trained.ts';
import type { HeadScore, LearnedFigures } from '../../kernels/families/trained-figures/types.ts';
import { heldOutDocuments, measure, openTrained, sequenceOf, type Model } from './quality.ts';

export const LEARNED_JSON = join(import.meta.dirname, '..', '..', 'kernels', 'families', 'trained-figures', 'learned.json');

/** The byte token <0x0A>: a line break. */
const NEWLINE = 8 + 0x0a;
/** A token made only of punctuation that ends a clause or a line (Metaspace may put ▁ in front). */
const PUNCTUATION = /^▁?[，。！？；：、,.!?;:]+$/u;

/** The head with the largest value in a [layer][head] table. */
function strongest(table: readonly (readonly number[])[]): HeadScore {
  let best: HeadScore = { layer: 0, head: 0, attention: -1 };
  table.forEach((heads, layer) =>
    heads.forEach((attention, head) => {
      if (attention > best.attention) best = { layer, head, attention };
    }),
  );
  return best;
}

/**
 * Mean attention of every head from query i to s(i), the last separator at or before i−2 (so a
 * previous-token head does not count), over the scored positions of every held-out document; and
 * the mean of 1/(i+1), what a head that spreads evenly over the keys it sees would give.
 */
export async function separatorAttention(model: Model): Promise<{ perHead: number[][]; uniform: number }> {
  const isSeparator = (id: number) => id === NEWLINE || PUNCTUATION.test(model.tokenizer.tokenOf(id) ?? '');
  let sums: number[][] | undefined;
  let uniform = 0;
  let queries = 0;
  for (const text of heldOutDocuments()) {
    const { ids, first } = sequenceOf(model, text);
    const { attn } = await model.runner.prefill(ids, { attn: true });
    sums ??= attn!.map((a) => new Array<number>(a.shape[0]!).fill(0));
    const T = ids.length;
    let last = -1;
    for (let i = 0; i < T; i++) {
      if (i >= 2 && isSeparator(ids[i - 2]!)) last = i - 2;
      if (i <= first || last < 0) continue;
      attn!.forEach((a, layer) => {
        for (let h = 0; h < a.shape[0]!; h++) sums![layer]![h]! += a.data[(h * T + i) * T + last]!;
      });
      uniform += 1 / (i + 1);
      queries++;
    }
  }
  return { perHead: sums!.map((heads) => heads.map((s) => s / queries)), uniform: uniform / queries };
}

/** The first queries of a prefix whose look ahead is measured. */
const EARLY_QUERIES = 3;

/**
 * Mean share of every head's attention that query i gives the prefix keys after it (i < j < prefix
 * length), for the first EARLY_QUERIES positions of every held-out document's prefix: `ahead` all of
 * it, `onMarkers` the part that falls on the prefix's last two keys, [gMASK] and <sop>, which every
 * prefix ends with (so a head can read them from anywhere without reading the text after it).
 */
export async function prefixLookAhead(model: Model): Promise<{ ahead: number[][]; onMarkers: number[][] }> {
  let sums: number[][] | undefined;
  let markers: number[][] | undefined;
  let queries = 0;
  for (const text of heldOutDocuments()) {
    const { ids, first } = sequenceOf(model, text);
    const prefix = first + 1; // up to <sop>, where the scored part starts
    const T = ids.length;
    const { attn } = await model.runner.prefill(ids, { attn: true });
    sums ??= attn!.map((a) => new Array<number>(a.shape[0]!).fill(0));
    markers ??= attn!.map((a) => new Array<number>(a.shape[0]!).fill(0));
    for (let i = 0; i < Math.min(EARLY_QUERIES, prefix - 1); i++) {
      attn!.forEach((a, layer) => {
        for (let h = 0; h < a.shape[0]!; h++) {
          const row = (h * T + i) * T;
          for (let j = i + 1; j < prefix; j++) {
            sums![layer]![h]! += a.data[row + j]!;
            if (j >= prefix - 2) markers![layer]![h]! += a.data[row + j]!;
          }
        }
      });
      queries++;
    }
  }
  const mean = (totals: number[][]) => totals.map((heads) => heads.map((s) => s / queries));
  return { ahead: mean(sums!), onMarkers: mean(markers!) };
}

/**
 * Mean attention of head (`layer`, `head`) from i to i−1, for the queries inside the prefix (before
 * `<sop>`) and for those from `<sop>` on, over every held-out document.
 */
export async function previousTokenByPart(model: Model, layer: number, head: number): Promise<{ prefix: number; generated: number }> {
  const sums = { prefix: 0, generated: 0 };
  const counts = { prefix: 0, generated: 0 };
  for (const text of heldOutDocuments()) {
    const { ids, first } = sequenceOf(model, text);
    const { attn } = await model.runner.prefill(ids, { attn: true });
    const a = attn![layer]!;
    const T = ids.length;
    for (let i = 1; i < T; i++) {
      const part = i < first ? 'prefix' : 'generated';
      sums[part] += a.data[(head * T + i) * T + i - 1]!;
      counts[part]++;
    }
  }
  return { prefix: sums.prefix / counts.prefix, generated: sums.generated / counts.generated };
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
const rounded = (s: HeadScore): HeadScore => ({ ...s, attention: round(s.attention) });

/** The head that reads furthest ahead in the prefix, and how much of that falls on [gMASK] and <sop>. */
async function prefixReader(model: Model): Promise<HeadScore & { onMarkers: number }> {
  const { ahead, onMarkers } = await prefixLookAhead(model);
  const reader = rounded(strongest(ahead));
  return { ...reader, onMarkers: round(onMarkers[reader.layer]![reader.head]!) };
}

/** The trained models whose mask lets a prefix read ahead (sequenceOf writes their prefix). */
const isPrefixLm = (id: string) => id === 'chatglm-6b';

export async function learnedFigures(id: string): Promise<LearnedFigures> {
  const model = await openTrained(id);
  const figures = await measure(model);
  const separator = await separatorAttention(model);
  const spec = model.runner.spec;
  const previous = rounded(strongest(figures.previousToken));
  const byPart = isPrefixLm(id) ? await previousTokenByPart(model, previous.layer, previous.head) : undefined;
  const reader = isPrefixLm(id) ? await prefixReader(model) : undefined;
  return {
    id,
    shape: { layers: spec.numLayers, hidden: spec.hiddenSize, heads: spec.numHeads, kvHeads: spec.numKvHeads, headDim: spec.headDim },
    crossEntropy: round(figures.crossEntropy),
    unigram: round(figures.unigram),
    tokens: figures.tokens,
    previousToken: previous,
    separator: { ...rounded(strongest(separator.perHead)), uniform: round(separator.uniform) },
    ...(reader !== undefined && { prefixReader: reader }),
    ...(byPart !== undefined && { previousTokenByPart: { prefix: round(byPart.prefix), generated: round(byPart.generated) } }),
  };
}

if (import.meta.main) {
  const asked = process.argv.slice(2);
  const ids = asked.length > 0 ? asked : TRAINED_VARIANTS.map((v) => v.id);
  const known: LearnedFigures[] = existsSync(LEARNED_JSON) ? JSON.parse(readFileSync(LEARNED_JSON, 'utf8')) : [];
  const byId = new Map(known.map((f) => [f.id, f]));
  for (const id of ids) {
    const figures = await learnedFigures(id);
    byId.set(id, figures);
    console.log(JSON.stringify(figures));
  }
  const ordered = TRAINED_VARIANTS.flatMap((v) => byId.get(v.id) ?? []);
  writeFileSync(LEARNED_JSON, JSON.stringify(ordered, null, 1) + '\n');
}
