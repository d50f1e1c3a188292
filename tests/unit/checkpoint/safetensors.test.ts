// safetensors: write → read round trips on random tensors, and every malformed file refused with a
// message naming the file and the tensor. Bad files are built by hand here (header JSON + bytes), not
// with the writer, so the reader is tested against the format rather than against its own writer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CheckpointError } from '../../../kernels/checkpoint/errors.ts';
import { decodeTensor, parseSafetensors, writeSafetensors } from '../../../kernels/checkpoint/safetensors.ts';
import type { WritableDtype } from '../../../kernels/checkpoint/safetensors.ts';

/** A file from a header object and raw data bytes, exactly as the format lays them out. */
function rawFile(header: unknown, data: Uint8Array, headerText = JSON.stringify(header)): Uint8Array {
  const json = new TextEncoder().encode(headerText);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const f32Bytes = (values: number[]) => new Uint8Array(Float32Array.from(values).buffer);

function refuses(bytes: Uint8Array, ...fragments: (string | RegExp)[]): void {
  assert.throws(
    () => {
      const file = parseSafetensors('bad.safetensors', bytes);
      for (const name of file.entries.keys()) decodeTensor(file, name);
    },
    (error: unknown) => {
      assert.ok(error instanceof CheckpointError, `expected a CheckpointError, got ${String(error)}`);
      assert.match(error.message, /^bad\.safetensors: /);
      for (const fragment of fragments)
        assert.match(error.message, typeof fragment === 'string' ? new RegExp(fragment.replace(/[[\]().]/g, '\\$&')) : fragment);
      return true;
    },
  );
}

const tensorArb = fc.record({
  name: fc
    .oneof(
      fc.string({ minLength: 1, maxLength: 12 }),
      fc.constantFrom('__proto__', 'model.layers.0.mlp.up_proj.weight', '注意力'),
    )
    .filter((s) => s !== '__metadata__'),
  dtype: fc.constantFrom<WritableDtype>('F32', 'F16', 'BF16'),
  shape: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 0, maxLength: 4 }),
  seed: fc.integer(),
});

test('round trip: random names, shapes and dtypes read back (F32 exact, F16/BF16 within rounding)', () => {
  fc.assert(
    fc.property(fc.uniqueArray(tensorArb, { selector: (t) => t.name, maxLength: 6 }), (specs) => {
      const tensors = specs.map((t) => {
        const count = t.shape.reduce((a, b) => a * b, 1);
        const data = Float32Array.from({ length: count }, (_, i) => Math.sin(t.seed + i * 1.7) * 10 ** ((i % 7) - 3));
        return { name: t.name, dtype: t.dtype, shape: t.shape, data };
      });
      const bytes = writeSafetensors(tensors, { format: 'pt' });
      const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
      assert.equal(headerLength % 8, 0, 'header padded to a multiple of 8');
      const file = parseSafetensors('rt.safetensors', bytes);
      assert.deepEqual(file.metadata, { format: 'pt' });
      assert.deepEqual(new Set(file.entries.keys()), new Set(tensors.map((t) => t.name)));
      for (const t of tensors) {
        const entry = file.entries.get(t.name);
        assert.deepEqual(entry?.shape, t.shape);
        assert.equal(entry?.dtype, t.dtype);
        const back = decodeTensor(file, t.name);
        assert.equal(back.length, t.data.length);
        // Relative rounding error: 2^-24 (F32 exact), 2^-11 (F16, normal range), 2^-8 (BF16); F16
        // subnormals lose relative precision, so they get an absolute bound of half their step 2^-24.
        const relative = { F32: 0, F16: 2 ** -11, BF16: 2 ** -8 }[t.dtype];
        for (let i = 0; i < back.length; i++) {
          const x = t.data[i] as number;
          const bound = relative * Math.abs(x) + (t.dtype === 'F16' ? 2 ** -25 : 0);
          assert.ok(Math.abs((back[i] as number) - x) <= bound, `${t.name}[${i}] (${t.dtype}): ${back[i]} vs ${x}`);
        }
      }
    }),
    { numRuns: 200 },
  );
});

test('the written header is JSON padded with spaces, offsets counted from the data start', () => {
  const bytes = writeSafetensors([{ name: 'a', dtype: 'F32', shape: [2], data: Float32Array.of(1, 2) }]);
  const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
  assert.match(text, / *$/);
  assert.deepEqual(JSON.parse(text), { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } });
  assert.deepEqual([...new Float32Array(bytes.slice(8 + n).buffer)], [1, 2]);
});

test('I32 and I64 tensors decode when float32 holds them exactly, and are refused otherwise', () => {
  const ints = new Uint8Array(Int32Array.of(-5, 7, 1 << 24).buffer);
  const longs = new Uint8Array(BigInt64Array.of(3n, -4n).buffer);
  const data = new Uint8Array([...ints, ...longs]);
  const header = {
    ids: { dtype: 'I32', shape: [3], data_offsets: [0, 12] },
    pos: { dtype: 'I64', shape: [2], data_offsets: [12, 28] },
  };
  const file = parseSafetensors('ints.safetensors', rawFile(header, data));
  assert.deepEqual([...decodeTensor(file, 'ids')], [-5, 7, 1 << 24]);
  assert.deepEqual([...decodeTensor(file, 'pos')], [3, -4]);
  const big = rawFile(
    { x: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } },
    new Uint8Array(BigInt64Array.of(2n ** 40n).buffer),
  );
  refuses(big, "tensor 'x'", 'cannot represent exactly');
});

test('a known dtype this reader does not decode is refused by name', () => {
  refuses(
    rawFile({ flags: { dtype: 'BOOL', shape: [4], data_offsets: [0, 4] } }, new Uint8Array(4)),
    "tensor 'flags'",
    'BOOL',
    'does not decode',
  );
});

test('unknown dtype', () => {
  refuses(
    rawFile({ w: { dtype: 'F12', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(4)),
    "tensor 'w'",
    'unknown dtype "F12"',
  );
});

test('header length beyond the file, and a file too short to have one', () => {
  const good = rawFile({ w: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, f32Bytes([1]));
  const lying = good.slice();
  new DataView(lying.buffer).setBigUint64(0, 1n << 40n, true);
  refuses(lying, 'header length 1099511627776 runs past the end of the file');
  refuses(new Uint8Array(5), 'too short');
});

test('malformed JSON header, and a header that is not an object', () => {
  refuses(rawFile(null, new Uint8Array(0), '{"w": {"dtype": "F32",'), 'malformed JSON header');
  refuses(rawFile(null, new Uint8Array(0), '[1, 2]'), 'not an object');
  refuses(rawFile({ w: 3 }, new Uint8Array(0)), "tensor 'w'", 'not an object');
  refuses(rawFile({ __metadata__: { a: 1 } }, new Uint8Array(0)), '__metadata__');
});

test('bad shapes and offsets', () => {
  refuses(rawFile({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, f32Bytes([1])), "tensor 'w'", 'shape [-1]');
  refuses(rawFile({ w: { dtype: 'F32', shape: [1], data_offsets: [0] } }, f32Bytes([1])), "tensor 'w'", 'data_offsets');
  refuses(
    rawFile({ w: { dtype: 'F32', shape: [1], data_offsets: [4, 0] } }, f32Bytes([1])),
    "tensor 'w'",
    'end before they begin',
  );
  // Offsets that do not match shape × dtype size.
  refuses(
    rawFile({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, f32Bytes([1])),
    "tensor 'w'",
    'hold 4 bytes',
    'needs 8',
  );
  // Out of range: the file ends before the tensor does (a truncated download looks like this).
  refuses(
    rawFile({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 12] } }, f32Bytes([1, 2])),
    "tensor 'w'",
    'run past the 8 data bytes',
    'truncated',
  );
});

test('a truncated file is refused, naming the tensor cut short', () => {
  const whole = writeSafetensors([
    { name: 'first', dtype: 'F32', shape: [4], data: new Float32Array(4) },
    { name: 'second', dtype: 'BF16', shape: [8], data: new Float32Array(8) },
  ]);
  refuses(whole.slice(0, whole.length - 3), "tensor 'second'", 'truncated');
});

test('overlapping tensors, gaps and trailing bytes are refused', () => {
  const data = f32Bytes([1, 2, 3]);
  refuses(
    rawFile(
      { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } },
      data,
    ),
    "tensor 'b' overlaps tensor 'a'",
  );
  refuses(
    rawFile(
      { a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, b: { dtype: 'F32', shape: [1], data_offsets: [8, 12] } },
      data,
    ),
    "before tensor 'b' belong to no tensor",
  );
  refuses(rawFile({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, data), '4 bytes after the last tensor');
});

test('zero-sized tensors and unaligned data are fine', () => {
  // An unpadded header leaves the F32 data at an odd byte: the reader must not assume alignment.
  const header = '{"e":{"dtype":"F16","shape":[0,3],"data_offsets":[0,0]},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
  assert.equal((8 + header.length) % 2, 1);
  const file = parseSafetensors('odd.safetensors', rawFile(null, f32Bytes([1.5, -2]), header));
  assert.deepEqual([...decodeTensor(file, 'w')], [1.5, -2]);
  assert.equal(decodeTensor(file, 'e').length, 0);
});
