// Build time only (reads public/): the first line of the first held-out poem, a prompt the trained
// models never saw, for pages that start a model panel on one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HELDOUT_PATH } from '../../../kernels/families/trained.ts';

const POEM_LINE = /^\p{Script=Han}{5,7}[，。]\p{Script=Han}{5,7}[。？！]$/u;

export function firstHeldOutLine(): string {
  const lines = readFileSync(join(process.cwd(), 'public', HELDOUT_PATH), 'utf8').split('\n');
  const line = lines.find((l) => POEM_LINE.test(l));
  if (line === undefined) throw new Error(`${HELDOUT_PATH} has no poem line`);
  return line;
}
