// The hub part of the model panel and of the tokenizer widget, as pure functions: which repositories it suggests on which page, what
// a link (`?hub=<name>&model=<org/name>`) asks for, and how a download's progress reads (speed, time
// left). No DOM, no fetching: a link only fills the fields, and the reader's click reads the headers.

/** URL parameters of the hub part. Not namespaced: the links read `?hub=…&model=…`. */
export const HUB_PARAMS = { hub: 'hub', model: 'model' } as const;

/** The hub option that stands for the site's own mirror (kernels/hub/hubs.ts, SITE_HUB_NAME). */
export const SITE_HUB = 'site';

type PresetFamily = 'llama' | 'chatglm' | 'baichuan' | 'qwen';

/** Released checkpoints to suggest, by the family page they belong on. */
const PRESETS: readonly { readonly repo: string; readonly family: PresetFamily }[] = [
  { repo: 'Qwen/Qwen2.5-0.5B', family: 'qwen' },
  { repo: 'Qwen/Qwen1.5-0.5B', family: 'qwen' },
  { repo: 'Qwen/Qwen-1_8B', family: 'qwen' },
  { repo: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', family: 'llama' },
  { repo: 'meta-llama/Llama-2-7b-hf', family: 'llama' },
  { repo: 'THUDM/chatglm3-6b', family: 'chatglm' },
  { repo: 'THUDM/chatglm-6b', family: 'chatglm' },
  { repo: 'baichuan-inc/Baichuan2-7B-Base', family: 'baichuan' },
];

/** The family page a replica belongs on: its name starts with the family's. */
function familyOfReplica(replica: string): PresetFamily | undefined {
  return (['chatglm', 'baichuan', 'qwen', 'llama'] as const).find((family) => replica.startsWith(family));
}

/** Every preset, those of the page's family (the family of its first replica) first. */
export function presetsFor(replica: string): string[] {
  const family = familyOfReplica(replica);
  return [...PRESETS.filter((p) => p.family === family), ...PRESETS.filter((p) => p.family !== family)].map((p) => p.repo);
}

export type HubNote = { readonly kind: 'unknown-hub'; readonly value: string; readonly hubs: readonly string[] };

/**
 * What a link asks of the hub part: a hub among `hubs` (else a note, and the hub select keeps its
 * default: a link never points the page at a host the site does not offer) and a repository id
 * (checked when the reader reads its headers, like a typed one). Undefined when the link names neither.
 */
export function parseHubLink(
  search: string,
  hubs: readonly string[],
): { readonly hub: string | undefined; readonly repo: string | undefined; readonly notes: HubNote[] } | undefined {
  const params = new URLSearchParams(search);
  const hub = params.get(HUB_PARAMS.hub);
  const repo = params.get(HUB_PARAMS.model);
  if (hub === null && repo === null) return undefined;
  const notes: HubNote[] = [];
  const knownHub = hub !== null && hubs.includes(hub) ? hub : undefined;
  if (hub !== null && knownHub === undefined) notes.push({ kind: 'unknown-hub', value: hub, hubs });
  return { hub: knownHub, repo: repo ?? undefined, notes };
}

/** A download's pace: bytes per second since it started, and seconds left at that pace (undefined until known). */
export function downloadPace(
  progress: { readonly loaded: number; readonly total: number },
  elapsedMs: number,
): { readonly bytesPerSecond: number | undefined; readonly secondsLeft: number | undefined } {
  if (elapsedMs <= 0 || progress.loaded <= 0) return { bytesPerSecond: undefined, secondsLeft: undefined };
  const bytesPerSecond = (progress.loaded * 1000) / elapsedMs;
  return { bytesPerSecond, secondsLeft: Math.max(0, (progress.total - progress.loaded) / bytesPerSecond) };
}
