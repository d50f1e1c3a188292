// graphSource: the standalone-graph wrapper builds exactly what a hand-made builder would, under its key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphBuilder } from '../../../kernels/onnx/graph-builder.ts';
import { graphSource } from '../../../kernels/onnx/graph-source.ts';
import { nodeRuntime } from '../../../kernels/runtime/node.ts';

function addOne(g: GraphBuilder): void {
  const x = g.input('x', 'float32', ['n']);
  g.output(g.op('Add', [x, g.scalar('one', 1)], {}, 'plus_one'), 'y', 'float32', ['n']);
}

test('the bytes equal those of a builder named after the key, and the body runs only when built', () => {
  let calls = 0;
  const source = graphSource('add-one', (g) => {
    calls += 1;
    addOne(g);
  });
  assert.equal(source.key, 'add-one');
  assert.equal(calls, 0);
  const byHand = new GraphBuilder('add-one');
  addOne(byHand);
  assert.deepEqual(source.build(), byHand.toModelBytes());
  assert.deepEqual(source.build(), byHand.toModelBytes());
  assert.equal(calls, 2);
});

test('the runtime runs the graph it builds', async () => {
  const { outputs } = await nodeRuntime().run(graphSource('add-one-run', addOne), {
    x: { type: 'float32', data: new Float32Array([1, -2.5, 40]), dims: [3] },
  });
  assert.deepEqual(Array.from(outputs['y']!.data), [2, -1.5, 41]);
});
