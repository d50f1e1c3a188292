// The stand-in hub's failures (hub-server.ts): the list a test injects from, and the ones that are
// a change to the files themselves (a shard cut short, a garbled header, a config of another family,
// an index that lost a tensor), as a pure function of a repository's files. Failures of the
// connection (refusals, drops, stalls, missing CORS headers) are the server's, in hub-server.ts.

export const HUB_FAILURES = [
  /** Every file of every repository: 404. */
  'not-found',
  /** 401 without a token, 403 with a wrong one; files served with the right one. */
  'gated',
  /** The hub closes every connection without answering (offline, firewall). */
  'refuse',
  /** Answers without CORS headers: a browser refuses to hand them to the page; Node does not care. */
  'cors',
  /** Ignores Range and always sends whole files with 200 (some mirrors do). */
  'no-range',
  /** The last weight file is served a quarter short. */
  'truncated-shard',
  /** The first weight file's 8-byte header length is garbage. */
  'corrupted-shard',
  /** The first weight file's JSON header is not JSON. */
  'malformed-header',
  /** The last shard the index lists answers 404. */
  'missing-shard',
  /** The first weight file says its BF16 tensors are I16 (same size, not a float). */
  'unsupported-dtype',
  /** config.json names a family the site does not run (GPT-2). */
  'unsupported-architecture',
  /** The index leaves out one tensor of the last layer. */
  'missing-tensor',
  /** The first download of each weight file stops halfway (a resume with Range finishes it). */
  'drop-once',
  /** Downloads of weight files stop halfway, and every resume sends nothing before closing. */
  'drop-always',
  /** The first download of each weight file sends half, then nothing more on an open connection. */
  'stall-once',
] as const;

export type HubFailureKind = (typeof HUB_FAILURES)[number];

/**
 * A file's bytes, or a file of `length` bytes that starts with `head` and is zeros after it: a
 * released model's shapes (a 1 GB safetensors file) served without holding a gigabyte.
 */
export type HubFile = Uint8Array | { readonly head: Uint8Array; readonly length: number };

export const INDEX_FILE = 'model.safetensors.index.json';
export const isWeightFile = (file: string) => file.endsWith('.safetensors');

/** A safetensors file's JSON header length: its first 8 bytes, little-endian (0 for a shorter file). */
export function headerLengthOf(bytes: Uint8Array): number {
  return bytes.length < 8 ? 0 : Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
}

/** A copy of `bytes` with `replace` applied to its JSON header (kept the same length). */
function editHeader(bytes: Uint8Array, replace: (json: string) => string): Uint8Array {
  const length = headerLengthOf(bytes);
  const json = new TextDecoder().decode(bytes.subarray(8, 8 + length));
  const edited = new TextEncoder().encode(replace(json));
  if (edited.length !== length) throw new Error('hub-failures: a header edit must keep the header length');
  const out = Uint8Array.from(bytes);
  out.set(edited, 8);
  return out;
}

const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
const parse = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;

function layerOf(name: string): number {
  return Number(/\.(?:layers|h)\.(\d+)\./.exec(name)?.[1] ?? -1);
}

/** `files` as a repository serves them under `failure`: a copy with the failure's change, or the same files. */
export function filesUnder(failure: HubFailureKind | null, files: ReadonlyMap<string, HubFile>): ReadonlyMap<string, HubFile> {
  if (failure === null) return files;
  const out = new Map(files);
  const weights = [...files.keys()].filter(isWeightFile).sort();
  const first = weights[0];
  const last = weights.at(-1);
  const edit = (file: string | undefined, change: (bytes: Uint8Array) => Uint8Array) => {
    const bytes = file === undefined ? undefined : out.get(file);
    if (file !== undefined && bytes instanceof Uint8Array) out.set(file, change(bytes));
  };
  switch (failure) {
    case 'truncated-shard':
      edit(last, (b) => b.subarray(0, b.length - Math.ceil((b.length - 8 - headerLengthOf(b)) / 4)));
      break;
    case 'corrupted-shard':
      edit(first, (b) => {
        const out = Uint8Array.from(b);
        out.set([0x7b, 0x22, 0x5f, 0x5f, 0xff, 0x13, 0x00, 0x00], 0);
        return out;
      });
      break;
    case 'malformed-header':
      edit(first, (b) => editHeader(b, (text) => text.replace('{', '<')));
      break;
    case 'missing-shard':
      if (last !== undefined && files.has(INDEX_FILE)) out.delete(last);
      break;
    case 'unsupported-dtype':
      edit(first, (b) => editHeader(b, (text) => text.replaceAll('"BF16"', '"I16" ')));
      break;
    case 'unsupported-architecture': {
      const config = files.get('config.json');
      if (config instanceof Uint8Array)
        out.set('config.json', json({ ...parse(config), model_type: 'gpt2', architectures: ['GPT2LMHeadModel'] }));
      break;
    }
    case 'missing-tensor': {
      const index = files.get(INDEX_FILE);
      if (index instanceof Uint8Array) {
        const { weight_map: map, ...rest } = parse(index) as { weight_map: Record<string, string> };
        const layerTensors = Object.keys(map).filter((name) => /\.(layers|h)\.\d+\./.test(name));
        const gone = layerTensors.sort((a, b) => layerOf(b) - layerOf(a) || (a < b ? 1 : -1))[0];
        out.set(
          INDEX_FILE,
          json({ ...rest, weight_map: Object.fromEntries(Object.entries(map).filter(([name]) => name !== gone)) }),
        );
      }
      break;
    }
    default:
      // The connection's failures (refuse, cors, no-range, drops, stall, gated) leave the files be.
      break;
  }
  return out;
}
