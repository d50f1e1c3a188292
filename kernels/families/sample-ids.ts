// Token ids a model accepts as a prompt, for tests, benchmarks and demos that need one.
//
// Any ids below the vocabulary size will do, except for ChatGLM-6B: its tokenizer appends
// [gMASK] <sop> to every prompt, and the model finds its bidirectional prefix and both position
// rows from where those two sit (docs/checkpoint-formats.md §8.3). So its ids are a prompt, [gMASK],
// <sop>, then "generated" tokens, with the special ids nowhere else.
import type { Random } from '../random.ts';
import type { ModelSpec } from './spec.ts';

export function sampleIds(spec: ModelSpec, random: Random, length: number): number[] {
  const pick = () => Math.floor(random() * spec.vocabSize);
  if (spec.mask.kind !== 'glm-prefix') return Array.from({ length }, pick);
  const special = new Set([spec.mask.bosTokenId, spec.mask.gmaskTokenId, spec.mask.maskTokenId]);
  const plain = () => {
    for (;;) {
      const id = pick();
      if (!special.has(id)) return id;
    }
  };
  const prompt = Math.max(1, Math.floor(random() * (length - 2)));
  const generated = Math.max(0, length - prompt - 2);
  return [
    ...Array.from({ length: prompt }, plain),
    spec.mask.gmaskTokenId,
    spec.mask.bosTokenId,
    ...Array.from({ length: generated }, plain),
  ];
}
