// Query, key and value vectors for the mask widget's tokens. They are seeded by each token's text,
// so the same word always gets the same vectors and changing one word changes only its own
// vectors: whatever else changes downstream is the mask's doing.
import { normals, seedFromText, seededRandom } from '../random.ts';
import { tensor, type Tensor } from '../tensor.ts';

export type HeadVectors = Tensor<['heads', 'T', 'd']>;

export function tokenVectors(tokens: readonly string[], heads: number, headDim: number): { q: HeadVectors; k: HeadVectors; v: HeadVectors } {
  const make = (role: string): HeadVectors => {
    const data = new Float64Array(heads * tokens.length * headDim);
    for (let h = 0; h < heads; h++) {
      tokens.forEach((token, t) => {
        const random = seededRandom(seedFromText(`${role}|${h}|${token}`));
        data.set(normals(random, headDim), (h * tokens.length + t) * headDim);
      });
    }
    return tensor<['heads', 'T', 'd']>(data, [heads, tokens.length, headDim]);
  };
  return { q: make('q'), k: make('k'), v: make('v') };
}
