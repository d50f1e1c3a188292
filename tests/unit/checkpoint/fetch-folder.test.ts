// A checkpoint folder over HTTP (the site's trained models): every file read whole, progress in bytes
// against the announced total, and a missing file named in the error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fetchFolder } from '../../../kernels/checkpoint/fetch-folder.ts';

const FILES: Record<string, Uint8Array<ArrayBuffer>> = {
  'config.json': new TextEncoder().encode('{"model_type": "llama"}'),
  'model.safetensors': new Uint8Array(1000).map((_, i) => i % 251),
};

function serve(withLength: boolean): typeof fetch {
  return async (input) => {
    const name = String(input).split('/').at(-1)!;
    const body = FILES[name];
    if (body === undefined) return new Response('not found', { status: 404 });
    return new Response(body, { headers: withLength ? { 'content-length': String(body.length) } : {} });
  };
}

test('fetchFolder reads every file whole and reports bytes so far against the total', async (t) => {
  t.mock.method(globalThis, 'fetch', serve(true));
  const reports: [number, number | undefined][] = [];
  const source = await fetchFolder('/models/trained/llama/', Object.keys(FILES), (loaded, total) => reports.push([loaded, total]));
  assert.deepEqual(source.list(), Object.keys(FILES));
  assert.equal(await source.readText('config.json'), '{"model_type": "llama"}');
  assert.deepEqual(await source.readBytes('model.safetensors'), FILES['model.safetensors']);
  const total = Object.values(FILES).reduce((sum, bytes) => sum + bytes.length, 0);
  assert.ok(reports.length >= 2);
  assert.ok(reports.every(([, t]) => t === total));
  assert.ok(reports.every(([loaded], i) => i === 0 || loaded >= reports[i - 1]![0]), 'bytes only grow');
  assert.equal(reports.at(-1)![0], total);
});

test('without content-length the total is unknown; a missing file is named', async (t) => {
  t.mock.method(globalThis, 'fetch', serve(false));
  const totals = new Set<number | undefined>();
  await fetchFolder('/m/', ['config.json'], (_, total) => totals.add(total));
  assert.deepEqual([...totals], [undefined]);
  await assert.rejects(fetchFolder('/m/', ['config.json', 'tokenizer.json'], () => {}), /\/m\/tokenizer\.json: HTTP 404/);
});
