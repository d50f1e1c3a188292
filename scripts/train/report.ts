// Prints the quality table of the trained models (scripts/train/README.md), measured on the shipped
// files:   npm run --silent trained-quality
// An experiment's folder instead (train.py --out DIR): npm run --silent trained-quality -- --dir DIR
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TRAINED_VARIANTS } from '../../kernels/families/trained.ts';
import { continuePoems, keptByHalfLength, measure, openTrained } from './quality.ts';

const lines = [
  '| model | held-out CE (nats/token) | best unigram | ratio | strongest previous-token head | its mean attention to i−1 | poem lines kept, 5 / 7 characters |',
  '| --- | --- | --- | --- | --- | --- | --- |',
];
const { dir } = parseArgs({ options: { dir: { type: 'string' } } }).values;
const variants = TRAINED_VARIANTS.filter(({ id }) => dir === undefined || existsSync(join(dir, id)));
for (const { id } of variants) {
  const model = await openTrained(id, undefined, dir);
  const f = await measure(model);
  const poems = await continuePoems(model);
  let best = { layer: 0, head: 0, value: -1 };
  f.previousToken.forEach((heads, layer) =>
    heads.forEach((value, head) => {
      if (value > best.value) best = { layer, head, value };
    }),
  );
  const kept = keptByHalfLength(poems).map((g) => `${g.kept}/${g.total}`).join(' · ');
  lines.push(
    `| ${id} | ${f.crossEntropy.toFixed(3)} | ${f.unigram.toFixed(3)} | ${(f.crossEntropy / f.unigram).toFixed(2)} | layer ${best.layer} head ${best.head} | ${best.value.toFixed(3)} | ${kept} |`,
  );
  console.error(`${id}: ${poems.slice(0, 3).map((p) => `${p.prompt} → ${p.generated}`).join('  ')}`);
}
console.log(lines.join('\n'));
