// The decode-limit arithmetic of `npm run bench` (scripts/bench/decode-limit.ts): weight bytes a
// decode step reads, and bandwidth ÷ those bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openLazyCheckpoint } from '../../../kernels/checkpoint/lazy.ts';
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { detectModel } from '../../../kernels/families/detect.ts';
import { tinyReplica } from '../../../kernels/families/tiny/replica.ts';
import { decodeLimit, storedTensors, weightBytesPerToken } from '../../../scripts/bench/decode-limit.ts';

test('a tied head reads the embedding table whole; an untied one leaves it to a one-row gather', () => {
  const tensors = [
    { name: 'embed', bytes: 1000 },
    { name: 'layer.0.w', bytes: 300 },
    { name: 'head', bytes: 1000 },
  ];
  assert.equal(weightBytesPerToken(tensors, 'embed', false), 1300);
  assert.equal(weightBytesPerToken(tensors.slice(0, 2), 'embed', true), 1300);
});

test('Qwen2.5-0.5B in BF16 (494,032,768 weights, tied head) at 20 GB/s: about 20 tokens/s', () => {
  const bytes = weightBytesPerToken([{ name: 'embed', bytes: 2 * 494_032_768 }], 'embed', true);
  assert.equal(bytes, 988_065_536);
  assert.ok(Math.abs(decodeLimit(bytes, 20e9) - 20.2414) < 1e-3);
});

test('decode limit refuses a zero or negative size or bandwidth', () => {
  assert.throws(() => decodeLimit(0, 1e9), /positive/);
  assert.throws(() => decodeLimit(100, -1), /positive/);
});

test('stored sizes of the tiny LLaMA replica come from its headers: 2 bytes per F16 weight, 4 per F32', async () => {
  const files = new Map(tinyReplica('llama').files);
  const { config, tensors } = await openLazyCheckpoint(memorySource(files));
  const spec = detectModel(config, tensors.names());
  const stored = storedTensors(spec, tensors);
  assert.equal(stored.length, tensors.names().length);
  for (const { name, bytes } of stored) {
    const { shape, dtype } = tensors.info(name);
    const perWeight = ({ F16: 2, BF16: 2, F32: 4 } as Record<string, number>)[dtype];
    assert.equal(bytes, perWeight! * shape.reduce((n, k) => n * k, 1), name);
  }
  const embedding = spec.tensors.embed.name;
  const all = stored.reduce((sum, t) => sum + t.bytes, 0);
  const tied = spec.head.kind === 'tied';
  assert.equal(weightBytesPerToken(stored, embedding, tied), tied ? all : all - stored.find((t) => t.name === embedding)!.bytes);
});
