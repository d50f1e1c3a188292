// How each hub names a file, which repository ids are accepted, and which hub a base URL means.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HUBS, HUB_NAMES, SITE_HUB_NAME, hubAt, isHubName, repoIdProblem, siteHub } from '../../../kernels/hub/hubs.ts';

test('each hub builds its own file URL scheme', () => {
  assert.equal(
    HUBS.huggingface.fileUrl('Qwen/Qwen2.5-0.5B', 'main', 'config.json'),
    'https://huggingface.co/Qwen/Qwen2.5-0.5B/resolve/main/config.json',
  );
  assert.equal(
    HUBS['hf-mirror'].fileUrl('THUDM/chatglm3-6b', 'main', 'model-00001-of-00007.safetensors'),
    'https://hf-mirror.com/THUDM/chatglm3-6b/resolve/main/model-00001-of-00007.safetensors',
  );
  assert.equal(
    HUBS.modelscope.fileUrl('Qwen/Qwen2.5-0.5B', 'master', 'config.json'),
    'https://www.modelscope.cn/api/v1/models/Qwen/Qwen2.5-0.5B/repo?Revision=master&FilePath=config.json',
  );
  assert.equal(HUBS.modelscope.defaultRevision, 'master');
  assert.equal(HUBS.huggingface.defaultRevision, 'main');
  // A revision with slashes (a pull request ref) and a file name with a space stay one path segment each.
  assert.equal(
    HUBS.huggingface.fileUrl('a/b', 'refs/pr/1', 'my file.json'),
    'https://huggingface.co/a/b/resolve/refs%2Fpr%2F1/my%20file.json',
  );
});

test('the hubs a page offers are named, and large-file hosts are https origins', () => {
  assert.deepEqual(HUB_NAMES, ['huggingface', 'hf-mirror', 'modelscope']);
  assert.ok(isHubName('hf-mirror') && !isHubName('evil') && !isHubName('__proto__'));
  for (const hub of Object.values(HUBS)) {
    for (const origin of [hub.origin, ...hub.largeFileOrigins]) assert.equal(new URL(origin).origin, origin);
    assert.ok(hub.origin.startsWith('https://'));
  }
});

test('repository ids: organisation/name, nothing that walks out of the path', () => {
  for (const ok of [
    'Qwen/Qwen2.5-0.5B',
    'TinyLlama/TinyLlama-1.1B-Chat-v1.0',
    'THUDM/chatglm-6b',
    'baichuan-inc/Baichuan2-7B-Base',
    'meta-llama/Llama-2-7b-hf',
    'Qwen/Qwen-1_8B',
  ]) {
    assert.equal(repoIdProblem(ok), null, ok);
  }
  for (const bad of ['Qwen', 'a/b/c', '../etc', 'a/..', 'a/b c', '/a/b', 'a/b?x=1', 'a/.hidden', '']) {
    assert.match(repoIdProblem(bad) ?? '', /is not a repository id: expected organisation\/name/, bad);
  }
});

test('a base URL: a known hub keeps its scheme; any other gets the Hugging Face scheme under it', () => {
  assert.equal(hubAt('https://huggingface.co/'), HUBS.huggingface);
  assert.equal(hubAt('https://www.modelscope.cn'), HUBS.modelscope);
  const local = hubAt('http://127.0.0.1:8080/hub/');
  assert.equal(local.fileUrl('a/b', 'main', 'config.json'), 'http://127.0.0.1:8080/hub/a/b/resolve/main/config.json');
  assert.throws(() => hubAt('not a url'), /'not a url' is not a URL/);
  assert.throws(() => hubAt('file:///etc'), /is not an http\(s\) URL/);
});

test("the site's own mirror: Hugging Face's scheme under /hub/ of the page's base, named 'site'", () => {
  const root = siteHub('https://example.org/');
  assert.equal(root.name, SITE_HUB_NAME);
  assert.equal(root.fileUrl('tiny/qwen2', 'main', 'config.json'), 'https://example.org/hub/tiny/qwen2/resolve/main/config.json');
  assert.equal(siteHub('http://127.0.0.1:9/docs').fileUrl('a/b', 'v1', 'x.json'), 'http://127.0.0.1:9/docs/hub/a/b/resolve/v1/x.json');
  assert.ok(!isHubName(SITE_HUB_NAME), 'the site mirror is not one of the fixed hubs (its origin is the page’s)');
});
