// The hub half of `npm run infer`: plan a repository from its headers, print the plan, or download
// its weights with a progress line: into memory for the whole-model graph, or into a cache folder
// (`--resident`/`--stream`) that the layered runner then reads tensor by tensor like any folder.
// scripts/infer.ts decides what to run; this file only talks to hubs.
import { existsSync, statSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import type { Checkpoint } from '../kernels/checkpoint/load.ts';
import { folderSource } from '../kernels/checkpoint/node-folder.ts';
import type { CheckpointSource, RangeSource } from '../kernels/checkpoint/source.ts';
import { formatBytes } from '../kernels/format-bytes.ts';
import { HubClient } from '../kernels/hub/http.ts';
import { hubAt, repoIdProblem } from '../kernels/hub/hubs.ts';
import { downloadFromHub, downloadOptions, hubSource, planFromHub, planReport, type PlannedCheckpoint, type PlanReport } from '../kernels/hub/load.ts';
import { LAYERED_RUNNER, WHOLE_MODEL_RUNNER } from '../kernels/hub/runner.ts';
import { onLoadProgress, type LoadProgress } from '../kernels/runtime/progress.ts';

/** A mistake in the command line: infer.ts prints the usage after its message. */
export class UsageError extends Error {}

/** A checkpoint ready to run, and where its other files (the tokenizer) are read from. */
export type Opened = { readonly checkpoint: Checkpoint; readonly source: CheckpointSource };

/** A folder on disk read tensor by tensor, for the layered runner. */
export type Lazy = { readonly lazy: true; readonly source: CheckpointSource & RangeSource };

export type HubArgs = {
  readonly hub: string;
  readonly repo: string;
  readonly revision?: string | undefined;
  readonly memory?: string | undefined;
  readonly plan: boolean;
  readonly json: boolean;
  /** Prompt tokens the plan counts (a text's UTF-8 bytes bound its tokens). */
  readonly promptTokens: number;
  readonly tokenizer: boolean;
  /** Download into this folder and run layer by layer (--resident, --stream); undefined: in memory, whole-model graph. */
  readonly cacheFolder?: string | undefined;
};

/** "8GiB", "512MB", "1e9" → bytes. */
function parseBytes(text: string): number {
  const match = /^(\d+(?:\.\d+)?(?:e\d+)?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?$/i.exec(text.trim());
  const units: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };
  const bytes = match === null ? NaN : Number(match[1]) * (units[(match[2] ?? 'b').toLowerCase()] ?? NaN);
  if (!Number.isFinite(bytes) || bytes <= 0) throw new UsageError(`--memory: '${text}' is not an amount of memory (e.g. 8GiB, 512MB)`);
  return bytes;
}

function hubClient(args: HubArgs): HubClient {
  const problem = repoIdProblem(args.repo);
  if (problem !== null) throw new UsageError(`--repo: ${problem}`);
  const hub = hubAt(args.hub);
  const token = process.env['HF_TOKEN'];
  return new HubClient({ hub, repo: args.repo, revision: args.revision ?? hub.defaultRevision, ...(token !== undefined && { token }) });
}

/** A one-line progress report on a terminal: bytes so far, speed, time left. */
function showDownload(start: number): (progress: LoadProgress) => void {
  return ({ stage, loaded = 0, total = 0 }) => {
    if (stage !== 'weights' || total === 0) return;
    const seconds = (performance.now() - start) / 1000;
    const rate = loaded / Math.max(seconds, 1e-3);
    const left = rate > 0 ? Math.ceil((total - loaded) / rate) : Infinity;
    const line = `downloading ${formatBytes(loaded)} of ${formatBytes(total)}, ${formatBytes(rate)}/s, ${left} s left`;
    process.stderr.write(`\r${line.padEnd(72)}${loaded === total ? '\n' : ''}`);
  };
}

function planSummary(out: PlanReport): string {
  return [
    `${out.repo}: ${out.label}`,
    `weights: ${out.dtypes.join(' + ')}, ${out.parameters.toLocaleString('en-US')} parameters, ${out.downloadBytes.toLocaleString('en-US')} bytes to download`,
    `plan: ${out.memory.mode} (${out.memory.reason})`,
    `read ${out.fetched.bytes.toLocaleString('en-US')} bytes (config and headers, no weights) in ${out.fetched.requests} requests`,
  ].join('\n');
}

/** Plans from the headers; prints the plan (--plan, then null) or downloads the weights to run them. */
export async function openHub(args: HubArgs): Promise<Opened | Lazy | null> {
  const client = hubClient(args);
  const runner = args.cacheFolder === undefined ? WHOLE_MODEL_RUNNER : LAYERED_RUNNER;
  const planned = await planFromHub(client, {
    budgetBytes: args.memory !== undefined ? parseBytes(args.memory) : totalmem(),
    runner: runner.limits,
    promptTokens: args.promptTokens,
    contextTokens: args.promptTokens,
    tokenizer: args.tokenizer,
  });
  if (args.plan) {
    const out = planReport(client, planned, runner.name);
    process.stdout.write(args.json ? `${JSON.stringify(out)}\n` : `${planSummary(out)}\n`);
    return null;
  }
  const stop = process.stderr.isTTY ? onLoadProgress(showDownload(performance.now())) : () => undefined;
  try {
    if (args.cacheFolder !== undefined) {
      const folder = cacheFolderOf(client, args.cacheFolder);
      await downloadToFolder(client, planned, folder);
      return { lazy: true, source: folderSource(folder) };
    }
    const checkpoint = await downloadFromHub(client, planned);
    return { checkpoint, source: hubSource(client, planned.headers) };
  } finally {
    stop();
  }
}

/** <cache>/<hub host>/<org>/<name>/<revision>: one folder per repository revision of each hub. */
function cacheFolderOf(client: HubClient, cache: string): string {
  const { repo, revision } = client.repo;
  const host = new URL(client.url('config.json')).host.replace(/[^\w.-]/g, '_');
  return join(cache, host, ...repo.split('/'), revision.replace(/[^\w.-]/g, '_'));
}

/**
 * The checkpoint's files into `folder`. A weight file already there at its full length (a finished
 * earlier download: each is written under a temporary name, then renamed) is not fetched again; the
 * small files (config, index, tokenizer) are, so a moved revision shows.
 */
async function downloadToFolder(client: HubClient, planned: PlannedCheckpoint, folder: string): Promise<void> {
  const options = downloadOptions(client, planned, {});
  await mkdir(folder, { recursive: true });
  for (const file of planned.headers.files) {
    const path = join(folder, file);
    const header = planned.headers.headers.get(file);
    if (header !== undefined && existsSync(path) && statSync(path).size === header.fileLength) continue;
    const bytes = header === undefined ? new TextEncoder().encode(await client.text(file, options)) : await client.download(file, header.fileLength, options);
    await writeFile(`${path}.part`, bytes);
    await rename(`${path}.part`, path);
  }
}
