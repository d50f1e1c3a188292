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
import { ConfigError, detectModel } from '../families/detect.ts';
import { validateTensors, type ModelSpec } from '../families/spec.ts';
import { reportLoadProgress } from '../runtime/progress.ts';
import type { DownloadProgress, FetchOptions, HubClient } from './http.ts';
import { planCheckpoint, type CheckpointPlan, type RunnerLimits } from './plan.ts';
import { readCheckpointHeaders, type HubCheckpointHeaders } from './repo.ts';

export type PlanOptions = FetchOptions & {
  readonly budgetBytes: number;
  readonly runner: RunnerLimits;
  readonly promptTokens: number;
  readonly contextTokens: number;
  /** Also look for tokenizer.json (to encode text). */
  readonly tokenizer?: boolean;
};

export type PlannedCheckpoint = {
  readonly headers: HubCheckpointHeaders;
  readonly spec: ModelSpec;
  readonly plan: CheckpointPlan;
};

export async function planFromHub(client: HubClient, options: PlanOptions): Promise<PlannedCheckpoint> {
  const headers = await readCheckpointHeaders(client, options);
  let spec: ModelSpec;
  try {
    spec = detectModel(headers.config, headers.tensors.names());
  } catch (error) {
    if (error instanceof ConfigError) throw new CheckpointError(`${client.repo.repo}: ${error.message}`);
    throw error;
  }
  validateTensors(spec, headers.tensors);
  const downloadBytes = [...headers.headers.values()].reduce((sum, header) => sum + header.fileLength, 0);
  const plan = planCheckpoint({ spec, tensors: headers.tensors, downloadBytes, ...options });
  return { headers, spec, plan };
}

/**
 * Weight files kept between visits (in the page: Cache Storage, cache-storage.ts), for one
 * repository at one revision. `get` answers only a file of exactly `size` bytes; `put` may decline
 * (storage full) without failing the download.
 */
export type WeightCache = {
  get(file: string, size: number): Promise<Uint8Array | undefined>;
  put(file: string, bytes: Uint8Array): Promise<void>;
};

export type DownloadOptions = FetchOptions & { readonly cache?: WeightCache };

/**
 * The repository's files as a CheckpointSource: weight files from the cache, else downloaded whole
 * (resumed on a drop) and cached; other files read as text.
 */
export function hubSource(
  client: HubClient,
  headers: HubCheckpointHeaders,
  options: DownloadOptions = {},
): CheckpointSource {
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
      if (header === undefined) return new TextEncoder().encode(await client.text(name, options));
      const cached = await options.cache?.get(name, header.fileLength);
      if (cached !== undefined) {
        options.onProgress?.({ file: name, loaded: cached.length, total: cached.length });
        return cached;
      }
      const bytes = await client.download(name, header.fileLength, options);
      await options.cache?.put(name, bytes);
      return bytes;
    },
  };
}

/**
 * Every weight file of a planned checkpoint, from `options.cache` or downloaded and checked, ready
 * for a runner (progress as `downloadOptions` reports it).
 */
export async function downloadFromHub(
  client: HubClient,
  planned: PlannedCheckpoint,
  options: DownloadOptions = {},
): Promise<Checkpoint> {
  return loadCheckpoint(hubSource(client, planned.headers, downloadOptions(client, planned, options)));
}

/**
 * Options for downloading a planned checkpoint's weight files, refused when the plan says it cannot
 * run. Progress over all files goes to the runtime's load-progress listeners (stage 'weights', bytes
 * so far of the plan's download bytes; a file found in a cache counts as loaded at once), where
 * widgets and the command line pick it up. Every other option passes through.
 */
export function downloadOptions<Options extends FetchOptions>(client: HubClient, planned: PlannedCheckpoint, options: Options): Options {
  if (planned.plan.memory.mode === 'cannot-run') {
    throw new CheckpointError(`${client.repo.repo} cannot run here: ${planned.plan.memory.reason}`);
  }
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
