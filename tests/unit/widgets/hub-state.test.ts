// The model panel's hub part, as pure functions: presets per family page, links, download pace.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { downloadPace, parseHubLink, presetsFor } from '../../../components/widgets/shared/hub-state.ts';

const HUBS = ['huggingface', 'hf-mirror', 'modelscope', 'site'];

test('every family page suggests every preset, its own family first', () => {
  const all = presetsFor('qwen2');
  assert.equal(all.length, 8);
  assert.deepEqual(all.slice(0, 3), ['Qwen/Qwen2.5-0.5B', 'Qwen/Qwen1.5-0.5B', 'Qwen/Qwen-1_8B']);
  assert.deepEqual(presetsFor('chatglm2-6b').slice(0, 2), ['THUDM/chatglm3-6b', 'THUDM/chatglm-6b']);
  assert.deepEqual(presetsFor('baichuan-13b').slice(0, 1), ['baichuan-inc/Baichuan2-7B-Base']);
  assert.deepEqual(presetsFor('llama2-gqa').slice(0, 2), ['TinyLlama/TinyLlama-1.1B-Chat-v1.0', 'meta-llama/Llama-2-7b-hf']);
  for (const replica of ['qwen', 'llama', 'chatglm-6b', 'baichuan2-7b']) assert.deepEqual(new Set(presetsFor(replica)), new Set(all));
});

test('a link: a known hub and a repository fill the part; an unknown hub is named and not used', () => {
  assert.equal(parseHubLink('?model-text=hi', HUBS), undefined);
  assert.deepEqual(parseHubLink('?hub=hf-mirror&model=Qwen%2FQwen2.5-0.5B', HUBS), {
    hub: 'hf-mirror',
    repo: 'Qwen/Qwen2.5-0.5B',
    notes: [],
  });
  assert.deepEqual(parseHubLink('?model=THUDM/chatglm3-6b', HUBS), { hub: undefined, repo: 'THUDM/chatglm3-6b', notes: [] });
  const evil = parseHubLink('?hub=https://evil.example&model=a/b', HUBS);
  assert.equal(evil?.hub, undefined);
  assert.deepEqual(evil?.notes, [{ kind: 'unknown-hub', value: 'https://evil.example', hubs: HUBS }]);
  assert.equal(parseHubLink('?hub=__proto__', HUBS)?.hub, undefined);
});

test('download pace: bytes per second so far and the time left at that pace', () => {
  assert.deepEqual(downloadPace({ loaded: 0, total: 100 }, 1000), { bytesPerSecond: undefined, secondsLeft: undefined });
  assert.deepEqual(downloadPace({ loaded: 50, total: 100 }, 0), { bytesPerSecond: undefined, secondsLeft: undefined });
  assert.deepEqual(downloadPace({ loaded: 25e6, total: 100e6 }, 5000), { bytesPerSecond: 5e6, secondsLeft: 15 });
  assert.deepEqual(downloadPace({ loaded: 100, total: 100 }, 2000), { bytesPerSecond: 50, secondsLeft: 0 });
});
