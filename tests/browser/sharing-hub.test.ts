// The attention-sharing widget with a released model from a hub, in headless Chromium on the built
// site, against the stand-in hub mounted under /hub/ (tests/harness/hub-server.ts): the widget's hub
// part reads the headers and downloads a GQA model (the tiny Qwen2 replica as releases are
// published: BF16, sharded); the model joins the model menu, its heads are drawn in their K/V groups,
// each head's attention equals Node's run of the same files, and the menu goes back to a replica.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { memorySource } from '../../kernels/checkpoint/source.ts';
import { PanelModel } from '../../kernels/demos/model-panel.ts';
import { nodeRuntime } from '../../kernels/runtime/node.ts';
import { SHARING_STRINGS } from '../../components/widgets/attention-sharing/strings.ts';
import { releasedReplica } from '../harness/hub-replicas.ts';
import { mountHub } from '../harness/hub-server.ts';
import { openWatchedPage } from './harness/browser.ts';
import { heatmapMatrix } from './harness/heatmap.ts';
import { useSite } from './harness/site.ts';

const hub = mountHub('/hub', '/hub-storage');
const fixture = useSite({ webgpu: false, routes: (request, response) => hub.handle(request, response) });

const ROOT = 'section[data-widget="attention-sharing"]';
const PART = `${ROOT} details[data-role="hub"]`;
const REPO = 'tiny/qwen2';
const OPEN_MS = 120_000;
let files: Map<string, Uint8Array>;

before(async () => {
  files = await releasedReplica('qwen2');
  hub.addRepo(REPO, files);
});

/** Node's attention of the same files on the widget's sample text, [head][T][T] for `layer`. */
async function nodeAttention(layer: number): Promise<number[][][]> {
  const model = await PanelModel.open(nodeRuntime(), memorySource(files));
  const ids = model.tokenizer!.encode(SHARING_STRINGS.en.sampleText, { addSpecialTokens: false });
  const step = await model.prefill(model.preparePrompt(ids).ids);
  return Array.from({ length: model.spec.numHeads }, (_, head) => {
    const { data, rows, cols } = step.attention.matrix(layer, head);
    return Array.from({ length: rows }, (_, r) => Array.from(data.subarray(r * cols, (r + 1) * cols)));
  });
}

test('a GQA model from the hub: in the model menu, heads in their K/V groups, attention equal to Node’s; back to a replica', async () => {
  const { page, problems } = await openWatchedPage(fixture.browser, `${fixture.site.url}/en/ideas/attention-variants/?hub=site&model=${REPO}`);
  try {
    const part = page.locator(PART);
    assert.equal(await part.getAttribute('open'), '', 'a link opens the hub part');
    assert.equal(await part.locator('input[name="hub-repo"]').inputValue(), REPO);
    await part.locator('button[data-action="hub-plan"]').click();
    await page.locator(`${PART}[data-hub-state="planned"]`).waitFor({ timeout: OPEN_MS });
    await part.locator('button[data-action="hub-download"]').click();
    await page.locator(`${PART}[data-hub-state="opened"], ${PART}[data-hub-state="failed"]`).waitFor({ timeout: OPEN_MS });
    await page.locator(`${ROOT}[data-state="ready"]`).waitFor({ timeout: OPEN_MS });
    assert.equal(await part.getAttribute('data-hub-state'), 'opened', await page.locator(`${ROOT} [data-role="message"]`).innerText());

    const model = page.locator(`${ROOT} select[name="share-model"]`);
    assert.equal(await model.inputValue(), 'hub');
    assert.equal(await model.locator('option:checked').innerText(), SHARING_STRINGS.en.hubOption(REPO));
    assert.ok(await page.locator(`${ROOT} input[name="share-untrained"]`).isDisabled(), 'a released model has only its own weights');
    assert.equal(await page.locator(`${ROOT} select[name="share-layer"] option`).count(), 2, 'the layer menu offers the model’s layers');

    const layer = Number(await page.locator(`${ROOT} select[name="share-layer"]`).inputValue());
    const expected = await nodeAttention(layer);
    const groups = await page.locator(`${ROOT} .kv-group`).evaluateAll((gs) => gs.map((g) => (g as HTMLElement).dataset['kvHead']));
    assert.deepEqual(groups, ['0', '1'], 'Qwen2 replica: 2 K/V heads');
    for (const [head, matrix] of expected.entries()) {
      const cell = page.locator(`${ROOT} .head-attention[data-head="${head}"]`);
      assert.equal(await cell.locator('xpath=ancestor::figure[contains(@class, "kv-group")]').getAttribute('data-kv-head'), String(Math.floor(head / 2)));
      const shown = await heatmapMatrix(cell);
      assert.equal(shown.length, matrix.length, `head ${head}: rows`);
      const worst = Math.max(...shown.flatMap((row, r) => row.map((p, c) => Math.abs(p - matrix[r]![c]!))));
      assert.ok(worst < 1e-4, `head ${head}: attention differs from Node’s by ${worst}`);
    }

    // Back to a replica: the trained Llama 2 GQA model, with its weights switch.
    await model.selectOption('llama2-gqa');
    await page.locator(`${ROOT}[data-state="ready"]`).waitFor({ timeout: OPEN_MS });
    assert.ok(await page.locator(`${ROOT} input[name="share-untrained"]`).isEnabled());
    assert.equal(new URL(page.url()).searchParams.get('share-model'), 'llama2-gqa');
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});
