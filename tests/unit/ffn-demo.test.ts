// The activations widget's computation (kernels/demos/ffn-demo.ts): the ReLU, GELU, SiLU and gated
// curves from the ONNX graph against their float64 twins, and the article's worked numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ACTIVATIONS, ACTIVATIONS_DEMO, activationGrid, referenceActivations, runActivations } from '../../kernels/demos/ffn-demo.ts';
import { geluTanh, relu, silu } from '../../kernels/ops/ffn/reference.ts';
import { nodeRuntime } from '../../kernels/runtime/node.ts';
import { maxAbsDiff } from '../../kernels/tensor.ts';

const runtime = nodeRuntime();

test('activation graph equals its float64 reference at every grid point and the marked point', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.double({ min: ACTIVATIONS_DEMO.zMin, max: ACTIVATIONS_DEMO.zMax, noNaN: true }),
      fc.double({ min: ACTIVATIONS_DEMO.upMin, max: ACTIVATIONS_DEMO.upMax, noNaN: true }),
      async (point, up) => {
        const graph = await runActivations(runtime, { point, up });
        const reference = referenceActivations({ point, up });
        for (const name of ACTIVATIONS) {
          assert.ok(maxAbsDiff(graph.curves[name], reference.curves[name]) <= 1e-5, name);
          assert.ok(Math.abs(graph.at[name] - reference.at[name]) <= 1e-5, `${name} at ${point}`);
        }
      },
    ),
    { numRuns: 25 },
  );
});

test('the grid runs from zMin to zMax in equal steps', () => {
  const z = activationGrid();
  assert.equal(z.length, ACTIVATIONS_DEMO.gridPoints);
  assert.equal(z[0], ACTIVATIONS_DEMO.zMin);
  assert.equal(z.at(-1), ACTIVATIONS_DEMO.zMax);
  assert.ok(Math.abs(z[1]! - z[0]! - 0.1) < 1e-12);
});

test('the article’s numbers: silu(1)·2 ≈ 1.462, GELU(1) ≈ 0.841, ReLU cuts negatives', () => {
  const { at } = referenceActivations({ point: 1, up: 2 });
  assert.ok(Math.abs(at.gated - 1.462) < 1e-3);
  assert.ok(Math.abs(at.silu - 0.731) < 1e-3);
  assert.ok(Math.abs(at.gelu - 0.841) < 1e-3);
  assert.equal(relu(-2), 0);
  assert.equal(relu(2), 2);
});

test('SiLU and GELU dip below zero for negative z, and approach ReLU for large |z|', () => {
  fc.assert(
    fc.property(fc.double({ min: -6, max: -0.1, noNaN: true }), (z) => {
      assert.ok(silu(z) < 0 && geluTanh(z) <= 0);
    }),
  );
  assert.ok(Math.abs(silu(20) - 20) < 1e-6 && Math.abs(geluTanh(20) - 20) < 1e-6);
});
