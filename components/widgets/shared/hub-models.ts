// Models from a hub, for widgets, in the two steps the reader sees: `planHubModel` reads config.json
// and the safetensors headers (no weight byte) and says what the checkpoint is and whether it runs
// here; `openHubModel` downloads the weights in chunks into Cache Storage (none that an earlier
// visit kept), reporting progress through kernels/runtime/progress.ts, and opens the model on the
// layered runner: every layer resident when the plan says it fits, else one layer at a time, read
// from Cache Storage on each run.
//
// Heavy: imported only on use, by models.ts (openModel) and the model panel's hub-live.ts.
import { CheckpointError } from '../../../kernels/checkpoint/errors.ts';
import { PanelModel, PANEL_TOKENS } from '../../../kernels/demos/model-panel.ts';
import { cachedChunks } from '../../../kernels/hub/cache-storage.ts';
import { chunkedHubSource, fillChunks, memoryChunks, type ChunkStore } from '../../../kernels/hub/chunks.ts';
import type { HubClient } from '../../../kernels/hub/http.ts';
import { planFromHub, type PlannedCheckpoint } from '../../../kernels/hub/load.ts';
import type { CheckpointPlan } from '../../../kernels/hub/plan.ts';
import { LAYERED_RUNNER } from '../../../kernels/hub/runner.ts';
import { browserRuntime } from '../../../kernels/runtime/browser.ts';
import { hubClientFor } from './hub-source.ts';
import { memoryBudget } from './memory-budget.ts';
import type { Source } from './models.ts';

export type HubModelSource = Extract<Source, { kind: 'hub' }>;

/** What the plan card shows: the plan, and what reading the headers cost. */
export type HubPlan = CheckpointPlan & {
  readonly files: number;
  readonly fetched: { readonly bytes: number; readonly requests: number };
};

type Planned = { readonly client: HubClient; readonly planned: PlannedCheckpoint; readonly token: string | undefined };

/** Plans by repository and revision, so Download reuses the headers "Read headers" fetched. */
const plans = new Map<string, Promise<Planned>>();

const keyOf = (source: HubModelSource) => `${source.hub}\n${source.repo}\n${source.revision}`;

function plan(source: HubModelSource): Promise<Planned> {
  const key = keyOf(source);
  const known = plans.get(key);
  // A plan made with another token (or none) is made again: the hub may answer differently.
  if (known !== undefined) return known.then((p) => (p.token === source.token ? p : replan(source)));
  return replan(source);
}

function replan(source: HubModelSource): Promise<Planned> {
  const key = keyOf(source);
  const made = (async () => {
    const client = hubClientFor(source);
    const planned = await planFromHub(client, {
      budgetBytes: memoryBudget(),
      runner: LAYERED_RUNNER.limits,
      ...PANEL_TOKENS,
      tokenizer: true,
      ...(source.signal !== undefined && { signal: source.signal }),
    });
    return { client, planned, token: source.token };
  })();
  plans.set(key, made);
  // A failed plan is forgotten, so the reader can retry (with a token, after a network error).
  made.catch(() => plans.get(key) === made && plans.delete(key));
  return made;
}

/** config.json and the headers only: family, dtype, parameters, bytes to download and the memory plan. */
export async function planHubModel(source: HubModelSource): Promise<HubPlan> {
  const { client, planned } = await plan(source);
  return {
    ...planned.plan,
    files: planned.headers.headers.size,
    fetched: { bytes: client.bytesFetched, requests: client.requests },
  };
}

/** The weights (chunks an earlier visit kept come from Cache Storage, the rest from the hub), opened for the panel. */
export async function openHubModel(source: HubModelSource): Promise<PanelModel> {
  const planned = await plan(source);
  try {
    return await download(source, planned);
  } catch (error) {
    // The headers may be what went wrong (a file changed on the hub): a retry reads them again.
    plans.delete(keyOf(source));
    throw error;
  }
}

/**
 * Where the chunks go: Cache Storage, which exists only in secure contexts (https, localhost); elsewhere
 * memory, which serves a resident model but defeats running one layer at a time.
 */
function chunkStore(source: HubModelSource, planned: PlannedCheckpoint): ChunkStore {
  if (globalThis.caches !== undefined) return cachedChunks(caches, { hub: source.hub, repo: source.repo, revision: source.revision });
  if (planned.plan.memory.mode === 'layer-by-layer') {
    throw new CheckpointError(
      `${source.repo} runs one layer at a time, reading its layers from the browser's Cache Storage, which this page lacks (it needs https or localhost)`,
    );
  }
  return memoryChunks();
}

async function download(source: HubModelSource, { client, planned }: Planned): Promise<PanelModel> {
  const signal = source.signal === undefined ? {} : { signal: source.signal };
  const store = chunkStore(source, planned);
  const [runtime] = await Promise.all([browserRuntime(), fillChunks(client, planned, store, signal)]);
  const mode = planned.plan.memory.mode === 'resident' ? 'resident' : 'streamed';
  const id = `hub-${source.hub}-${source.repo}-${source.revision}`;
  return PanelModel.openLayered(runtime, chunkedHubSource(client, planned.headers, store, signal), { mode, id });
}
