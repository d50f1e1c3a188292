// Load progress: the bytes of a download counted as they arrive, reports reaching listeners, and
// the status sentence in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onLoadProgress, readWithProgress, reportLoadProgress, type LoadProgress } from '../../../kernels/runtime/progress.ts';
import { loadProgressText } from '../../../components/widgets/shared/load-progress.ts';

test('readWithProgress returns the whole body and reports growing byte counts with the total', async () => {
  const parts = [new Uint8Array(3).fill(1), new Uint8Array(5).fill(2), new Uint8Array(2).fill(3)];
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  });
  const seen: [number, number | undefined][] = [];
  const bytes = await readWithProgress(new Response(body, { headers: { 'content-length': '10' } }), (loaded, total) =>
    seen.push([loaded, total]),
  );
  assert.deepEqual([...bytes], [1, 1, 1, 2, 2, 2, 2, 2, 3, 3]);
  assert.deepEqual(seen, [
    [3, 10],
    [8, 10],
    [10, 10],
  ]);
  const unknown: (number | undefined)[] = [];
  await readWithProgress(new Response(new Uint8Array(4)), (_, total) => unknown.push(total));
  assert.ok(unknown.every((total) => total === undefined || total === 4));
});

test('reports reach listeners until they stop listening', () => {
  const heard: LoadProgress[] = [];
  const stop = onLoadProgress((p) => heard.push(p));
  reportLoadProgress({ stage: 'session' });
  stop();
  reportLoadProgress({ stage: 'weights' });
  assert.deepEqual(heard, [{ stage: 'session' }]);
});

test('status sentences say the stage and, for the download, how far it is, in both languages', () => {
  const wasm: LoadProgress = { stage: 'wasm', loaded: 13_400_000, total: 26_800_000 };
  assert.equal(loadProgressText(wasm, 'en'), 'Downloading the runtime’s WebAssembly: 13.4 of 26.8 MB (50%)…');
  assert.match(loadProgressText(wasm, 'zh'), /13\.4 \/ 26\.8 MB（50%）/);
  for (const stage of ['runtime', 'weights', 'session'] as const) {
    assert.notEqual(loadProgressText({ stage }, 'en'), loadProgressText({ stage }, 'zh'));
  }
});
