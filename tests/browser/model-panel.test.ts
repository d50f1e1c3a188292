// The model panel in real headless Chromium, on the built site (run `npx astro build` first): every
// family page runs each of its variants with zero console errors, the trained model by default and
// the random-weight replica with the "untrained" switch; the attention it draws is a probability
// distribution with the family's mask, the logits equal Node's ModelRunner on the same checkpoint and
// ids, "next token" grows the KV cache, and WebGPU (SwiftShader) runs it too. Sampling, links and
// bad input: model-panel-sampling.test.ts and model-panel-input.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trainedOfReplica, trainedPath } from '../../kernels/families/trained.ts';
import { hasTrained } from '../../components/widgets/shared/weights.ts';
import type { ReplicaName } from '../../kernels/families/tiny/replica.ts';
import { loadTokenizer } from '../../kernels/tokenizers/load.ts';
import { maxAbsDiff } from '../../kernels/tensor.ts';
import { launchChromium } from './harness/browser.ts';
import { useSite } from './harness/site.ts';
import {
  ROOT,
  FIRST_RUN_MS,
  settled,
  message,
  chipRoles,
  cacheLength,
  tokenIds,
  attention,
  expectDistributions,
  expectCausal,
  checkpointOf,
  nodeLogits,
  panelLogits,
  runLink,
  pageOpener,
} from './harness/model-panel.ts';

const fixture = useSite({ webgpu: false });
const withPage = pageOpener(fixture);

/** Each family page (English) with its replicas, as the MDX passes them; plus one page in Chinese. */
const FAMILY_PAGES: readonly { path: string; replicas: readonly ReplicaName[] }[] = [
  { path: '/en/families/llama/', replicas: ['llama'] },
  { path: '/en/families/llama-2/', replicas: ['llama2-gqa'] },
  { path: '/en/families/chatglm/', replicas: ['chatglm-6b', 'chatglm2-6b'] },
  { path: '/en/families/baichuan/', replicas: ['baichuan-7b', 'baichuan-13b', 'baichuan2-7b', 'baichuan2-13b'] },
  { path: '/en/families/qwen/', replicas: ['qwen', 'qwen2'] },
  { path: '/zh/families/qwen/', replicas: ['qwen2'] },
];

for (const { path, replicas } of FAMILY_PAGES) {
  test(`${path}: idle until used, then every variant runs, trained and untrained, and matches Node's logits`, async () => {
    await withPage(fixture.site.url + path, async ({ page }) => {
      const root = page.locator(ROOT);
      assert.equal(await root.getAttribute('data-state'), 'idle');
      assert.ok((await page.locator('[data-role="architecture"] dd').count()) >= 10, 'the card is there before use');
      const ort = await page.evaluate(() => performance.getEntriesByType('resource').some((e) => /\.wasm$|\/ort/.test(e.name)));
      assert.equal(ort, false, 'no runtime before use');

      await page.locator('button[data-action="run"]').click();
      await settled(page, FIRST_RUN_MS);
      assert.equal(await root.getAttribute('data-backend'), 'wasm');
      assert.notEqual(await root.getAttribute('data-fallback-reason'), '');
      assert.match(await page.locator('[data-role="status"]').innerText(), /WASM/);

      for (const name of replicas) {
        if ((await page.locator('select[name="model-replica"]').inputValue()) !== name) {
          await page.locator('select[name="model-replica"]').selectOption(name);
          await settled(page);
        }
        const ids = await tokenIds(page);
        assert.ok(ids.length > 2, `${name}: tokens shown`);
        // The family's special tokens (<s> in front, [gMASK] <sop> behind, ...) are there and marked as added.
        const untrained = page.locator('input[name="model-untrained"]');
        assert.equal(await untrained.isChecked(), !hasTrained(name), `${name}: trained weights where there are some`);
        assert.equal(await untrained.isDisabled(), !hasTrained(name), `${name}: the switch is off without a trained model`);
        const { prefix, suffix } = (await loadTokenizer(await checkpointOf(name))).template;
        const roles = await chipRoles(page);
        const added = roles.flatMap((role, i) => (role === 'added' ? [i] : []));
        const expectedAdded = [...prefix.keys(), ...suffix.map((_, k) => ids.length - suffix.length + k)];
        assert.deepEqual(added, expectedAdded, `${name}: added chips`);
        assert.deepEqual([...ids.slice(0, prefix.length), ...ids.slice(ids.length - suffix.length)], [...prefix, ...suffix]);
        assert.equal(await cacheLength(page), ids.length);
        const matrix = await attention(page);
        assert.equal(matrix.length, ids.length);
        expectDistributions(matrix);
        if (name !== 'chatglm-6b') expectCausal(matrix);
        const top = await page
          .locator('[data-role="top-tokens"] > li')
          .evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-prob'))));
        assert.equal(top.length, 5);
        assert.deepEqual(
          [...top].sort((a, b) => b - a),
          top,
          `${name}: most likely first`,
        );
        const diff = maxAbsDiff(await panelLogits(page), await nodeLogits(name, ids));
        assert.ok(diff < 1e-4, `${name}: browser logits differ from Node's by ${diff}`);
        assert.match(
          (await page.locator('[data-role="architecture"] [data-fact="family"]').innerText()).toLowerCase(),
          new RegExp(name.replace(/-.*/, '').replace(/2$/, '')),
        );
        if (!hasTrained(name)) continue;
        const trainedLogits = await panelLogits(page);
        const weightsFile = `/${trainedPath(trainedOfReplica(name)!.id)}model.safetensors`;
        const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
        assert.ok(fetched.includes(weightsFile), `${name}: the trained weights came from the site (${weightsFile})`);
        // The switch: the same prompt on the random-weight replica, then back.
        await untrained.check();
        await settled(page);
        assert.match(page.url(), /model-weights=random/);
        const randomIds = await tokenIds(page);
        const randomDiff = maxAbsDiff(await panelLogits(page), await nodeLogits(name, randomIds, 'random'));
        assert.ok(randomDiff < 1e-4, `${name} untrained: browser logits differ from Node's by ${randomDiff}`);
        await untrained.uncheck();
        await settled(page);
        assert.match(page.url(), /model-weights=trained/);
        assert.deepEqual(await panelLogits(page), trainedLogits, `${name}: back to the trained model`);
      }
    });
  });
}

test('ChatGLM-6B: [gMASK] <sop> added and announced, bidirectional prefix block, next token grows the cache', async () => {
  await withPage(
    `${fixture.site.url}/en/families/chatglm/?model-replica=chatglm-6b&model-text=${encodeURIComponent('The model reads')}`,
    async ({ page }) => {
      await runLink(page);
      assert.match(await message(page), /\[gMASK\] \(\d+\) <sop> \(\d+\)/);
      const roles = await chipRoles(page);
      assert.deepEqual(roles.slice(-2), ['added', 'added']);
      const T = roles.length;
      const ctx = T - 1; // <sop> is last: every earlier key is in the bidirectional prefix
      const before = await attention(page);
      for (let i = 0; i < ctx; i++)
        for (let j = 0; j < ctx; j++) assert.ok(before[i]![j]! > 0, `prefix query ${i} reads prefix key ${j}`);
      assert.equal(before[ctx]![ctx]! > 0, true);

      await page.locator('button[data-action="next-token"]').click();
      await settled(page);
      assert.equal(await cacheLength(page), T + 1);
      const after = await attention(page);
      assert.equal(after.length, T + 1);
      expectDistributions(after);
      for (let i = 0; i < T; i++) assert.equal(after[i]![T], 0, 'earlier rows never saw the generated token');
      assert.equal((await chipRoles(page)).at(-1), 'generated');

      await page.locator('button[data-action="reset"]').click();
      await settled(page);
      assert.equal(await cacheLength(page), 0);
      assert.ok(await page.locator('button[data-action="next-token"]').isDisabled());
    },
  );
});

test('GQA: the head selector says which KV head each query head reads', async () => {
  await withPage(`${fixture.site.url}/zh/families/llama-2/?model-head=3`, async ({ page }) => {
    await runLink(page);
    assert.match(await page.locator('[data-role="kv-head"]').innerText(), /查询头 3 读取键值头 1/);
    assert.match(await page.locator('[data-role="architecture"] [data-fact="heads"]').innerText(), /GQA/);
  });
});

test('with WebGPU (SwiftShader) the smallest replica runs on WebGPU and says so', async () => {
  const browser = await launchChromium({ webgpu: true });
  try {
    await withPage(
      `${fixture.site.url}/en/families/baichuan/?model-replica=baichuan-13b&model-text=a+b+c`,
      async ({ page }) => {
        await runLink(page);
        const root = page.locator(ROOT);
        assert.equal(await root.getAttribute('data-backend'), 'webgpu');
        assert.equal(await root.getAttribute('data-fallback-reason'), '');
        assert.match(await page.locator('[data-role="status"]').innerText(), /WebGPU/);
        const matrix = await attention(page);
        expectDistributions(matrix);
        expectCausal(matrix);
        const diff = maxAbsDiff(await panelLogits(page), await nodeLogits('baichuan-13b', await tokenIds(page)));
        assert.ok(diff < 1e-3, `WebGPU logits differ from Node's WASM by ${diff}`);
      },
      browser,
    );
  } finally {
    await browser.close();
  }
});
