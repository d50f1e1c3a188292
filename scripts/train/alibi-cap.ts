// The table scripts/train/README.md quotes: how much of its attention an ALiBi head can give token
// i−1 from position alone (./alibi-share.ts), on the held-out windows as Baichuan-13B reads them, for
// the steepest slope of 4, 8, 16 and 32 heads and of the released Baichuan-13B's 40.
//
//   node scripts/train/alibi-cap.ts
import { alibiSlopes } from '../../kernels/ops/alibi/slopes.ts';
import { previousShareFromSlope } from './alibi-share.ts';
import { heldOutDocuments, openTrained, sequenceOf } from './quality.ts';

const model = await openTrained('baichuan-13b');
const lengths = heldOutDocuments().map((text) => sequenceOf(model, text).ids.length);

console.log('heads\tsteepest slope\ti−1, also looking at itself\ti−1, never looking at itself');
for (const heads of [4, 8, 16, 32, 40]) {
  const m = Math.max(...alibiSlopes(heads));
  const share = previousShareFromSlope(lengths, m);
  console.log(`${heads}\t${m.toFixed(3)}\t${share.withSelf.toFixed(3)}\t${share.withoutSelf.toFixed(3)}`);
}
