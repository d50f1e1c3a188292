// A checkpoint from a hub, in two steps the reader can tell apart:
//
//   const planned = await planFromHub(client, options);   // headers only: family, dtype, size, memory plan
//   const checkpoint = await downloadFromHub(client, planned, { onProgress, signal });   // the weights
//
// The first step refuses what cannot run (an unsupported family, a missing tensor, a dtype the
// graphs do not read) before a single weight byte is fetched.
import { CheckpointError } from '../checkpoint/errors.ts';
import { loadCheckpoint, type Checkpoint } from '../checkpoint/load.ts';
import type { CheckpointSource } from '../checkpoint/source.ts';
import type { ModelSpec } from '../families/spec.ts';
import { reportLoadProgress } from '../runtime/progress.ts';
import type { DownloadProgress, FetchOptions, HubClient } from './http.ts';
import { planHeaders, PlanRefusal, type CheckpointPlan, type RunnerLimits } from './plan.ts';
import { readCheckpointHeaders, type HubCheckpointHeaders } from './repo.ts';

export type PlanOptions = FetchOptions & {
  readonly budgetBytes: number;
  readonly runner: RunnerLimits;
  readonly promptTokens: number;
  readonly contextTokens: number;
  /** Also look for the tokenizer files (to encode text): tokenizer.json, qwen.tiktoken, tokenizer.model or ice_text.model. */
  readonly tokenizer?: boolean;
};

export type PlannedCheckpoint = {
  readonly headers: HubCheckpointHeaders;
  readonly spec: ModelSpec;
  readonly plan: CheckpointPlan;
};

export async function planFromHub(client: HubClient, options: PlanOptions): Promise<PlannedCheckpoint> {
  const headers = await readCheckpointHeaders(client, options);
  const downloadBytes = [...headers.headers.values()].reduce((sum, header) => sum + header.fileLength, 0);
  return { headers, ...planHeaders(headers.config, headers.tensors, downloadBytes, options, client.repo.repo) };
}

/**
 * The repository's files as a CheckpointSource: weight files downloaded whole (resumed on a drop),
 * other files (config, tokenizer) read whole. For the whole-model graph, which needs every byte in memory anyway; the
 * layer-by-layer runner reads through chunks.ts instead.
 */
export function hubSource(client: HubClient, headers: HubCheckpointHeaders, options: FetchOptions = {}): CheckpointSource {
  const known = (name: string) => {
    if (!headers.files.includes(name))
      throw new CheckpointError(`${client.where(name)}: not among the files this checkpoint uses`);
  };
  return {
    list: () => [...headers.files],
    readText: async (name) => {
      known(name);
      return client.text(name, options);
    },
    readBytes: async (name) => {
      known(name);
      const header = headers.headers.get(name);
      if (header === undefined) return client.bytes(name, options);
      return client.download(name, header.fileLength, options);
    },
  };
}

/**
 * Every weight file of a planned checkpoint, downloaded and checked, ready for a runner (progress as
 * `downloadOptions` reports it).
 */
export async function downloadFromHub(client: HubClient, planned: PlannedCheckpoint, options: FetchOptions = {}): Promise<Checkpoint> {
  return loadCheckpoint(hubSource(client, planned.headers, downloadOptions(client, planned, options)));
}

/** Stops a download the plan says cannot run, before its first weight byte. */
export function refuseIfCannotRun(client: HubClient, planned: PlannedCheckpoint): void {
  if (planned.plan.memory.mode === 'cannot-run') throw new PlanRefusal(client.repo.repo, planned.plan);
}

/**
 * Options for downloading a planned checkpoint's weight files, refused when the plan says it cannot
 * run. Progress over all files goes to the runtime's load-progress listeners (stage 'weights', bytes
 * so far of the plan's download bytes), where widgets and the command line pick it up. Every other
 * option passes through.
 */
export function downloadOptions<Options extends FetchOptions>(client: HubClient, planned: PlannedCheckpoint, options: Options): Options {
  refuseIfCannotRun(client, planned);
  const total = planned.plan.downloadBytes;
  const done = new Map<string, number>();
  const onProgress = (progress: DownloadProgress) => {
    done.set(progress.file, progress.loaded);
    const loaded = [...done.values()].reduce((a, b) => a + b, 0);
    reportLoadProgress({ stage: 'weights', loaded, total });
    options.onProgress?.(progress);
  };
  return { ...options, onProgress };
}

/** What `infer --plan --json` prints: where from, the plan, the files, and what reading the headers cost (an Infinity prints as null). */
export type PlanReport = CheckpointPlan & {
  readonly hub: string;
  readonly repo: string;
  readonly revision: string;
  readonly files: readonly { readonly name: string; readonly bytes: number }[];
  readonly runner: string;
  readonly fetched: { readonly bytes: number; readonly requests: number };
};

export function planReport(client: HubClient, planned: PlannedCheckpoint, runner: string): PlanReport {
  return {
    hub: client.repo.hub.origin,
    repo: client.repo.repo,
    revision: client.repo.revision,
    ...planned.plan,
    files: [...planned.headers.headers.values()].map((h) => ({ name: h.fileName, bytes: h.fileLength })),
    runner,
    fetched: { bytes: client.bytesFetched, requests: client.requests },
  };
}
