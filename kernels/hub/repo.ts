// What a repository holds, found without the hub's listing API: the files a transformers checkpoint
// must have are asked for by name (config.json, then model.safetensors.index.json or
// model.safetensors), and each safetensors file is read only as far as its header (two Range
// requests: the 8-byte length, then the JSON). Nothing here downloads a weight.
import { CheckpointError } from '../checkpoint/errors.ts';
import {
  CONFIG_FILE,
  INDEX_FILE,
  SINGLE_FILE,
  headerStore,
  missingShard,
  noSafetensors,
  parseWeightMap,
  tensorsByShard,
  tensorsOfFile,
  type TensorStore,
} from '../checkpoint/load.ts';
import { parseSafetensorsHeader, readHeaderLength, type SafetensorsHeader } from '../checkpoint/safetensors.ts';
import { TOKENIZER_CONFIG_FILE, TOKENIZER_FILES } from '../tokenizers/load.ts';
import { HubError } from './errors.ts';
import type { FetchOptions, HubClient } from './http.ts';

/** The safetensors library refuses headers over 100 MB; real ones are tens of kilobytes. */
const MAX_HEADER_BYTES = 100_000_000;

/** Weight files a repository may hold instead of safetensors, named in the refusal. */
const PYTORCH_FILES = ['pytorch_model.bin.index.json', 'pytorch_model.bin'];

export type HubCheckpointHeaders = {
  /** config.json, parsed. */
  readonly config: unknown;
  /** The repository's files this loader reads (config, index, weight files, and the tokenizer files when asked for and there). */
  readonly files: readonly string[];
  /** Each weight file's header, by file name. */
  readonly headers: ReadonlyMap<string, SafetensorsHeader>;
  /** Each weight file's ETag, where the hub sends one: what tells a kept copy of the file from a changed one. */
  readonly etags: ReadonlyMap<string, string>;
  /** Dtype, shape and file of every tensor; `get` is not available before the download. */
  readonly tensors: TensorStore;
};

async function json(client: HubClient, file: string, options: FetchOptions): Promise<unknown> {
  const text = await client.text(file, options);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CheckpointError(
      `${client.where(file)}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/**
 * One safetensors file's header, by Range: bytes [0, 8) give its length N, bytes [8, 8 + N) the JSON;
 * and the file's ETag, if the hub sends one.
 */
export async function readSafetensorsHeader(
  client: HubClient,
  file: string,
  options: FetchOptions = {},
): Promise<{ header: SafetensorsHeader; etag: string | undefined }> {
  const first = await client.range(file, 0, 8, options);
  const headerLength = readHeaderLength(file, first.bytes, first.fileLength);
  if (headerLength > MAX_HEADER_BYTES) {
    throw new CheckpointError(
      `${file}: a header of ${headerLength} bytes is more than any safetensors file has; the file is corrupted or not safetensors`,
    );
  }
  const header = await client.range(file, 8, 8 + headerLength, options);
  if (header.fileLength !== first.fileLength || header.etag !== first.etag) {
    throw new CheckpointError(
      `${file}: changed on the hub while being read (${first.fileLength} → ${header.fileLength} bytes, ETag ${first.etag} → ${header.etag})`,
    );
  }
  return { header: parseSafetensorsHeader(file, header.bytes, first.fileLength), etag: first.etag };
}

/**
 * config.json and every weight file's header. `tokenizer: true` also looks for the tokenizer files
 * (`tokenizerFiles`, a 1-byte request each) so that `files` lists them when the repository has them.
 */
export async function readCheckpointHeaders(
  client: HubClient,
  options: FetchOptions & { readonly tokenizer?: boolean } = {},
): Promise<HubCheckpointHeaders> {
  const config = await json(client, CONFIG_FILE, options).catch((error: unknown) => {
    if (error instanceof HubError && error.failure === 'not-found') {
      throw new HubError(
        'not-found',
        `${error.message}. Every transformers checkpoint has a ${CONFIG_FILE}: is this a model repository?`,
      );
    }
    throw error;
  });
  const files = [CONFIG_FILE];
  const headers = new Map<string, SafetensorsHeader>();
  const etags = new Map<string, string>();
  const readHeader = async (file: string) => {
    const { header, etag } = await readSafetensorsHeader(client, file, options);
    headers.set(file, header);
    if (etag !== undefined) etags.set(file, etag);
    return header;
  };
  let byTensor: Map<string, SafetensorsHeader>;

  const index = await json(client, INDEX_FILE, options).catch((error: unknown) => {
    if (error instanceof HubError && error.failure === 'not-found') return null;
    throw error;
  });
  if (index !== null) {
    files.push(INDEX_FILE);
    const map = parseWeightMap(index);
    for (const shard of [...new Set(map.values())].sort()) {
      try {
        await readHeader(shard);
      } catch (error) {
        if (error instanceof HubError && error.failure === 'not-found')
          throw missingShard(map, shard, `${client.repo.repo} on ${client.repo.hub.label}`);
        throw error;
      }
      files.push(shard);
    }
    byTensor = tensorsByShard(map, headers);
  } else if (await client.exists(SINGLE_FILE, options)) {
    const header = await readHeader(SINGLE_FILE);
    files.push(SINGLE_FILE);
    byTensor = tensorsOfFile(header);
  } else {
    const pytorch: string[] = [];
    for (const file of PYTORCH_FILES) if (await client.exists(file, options)) pytorch.push(file);
    throw noSafetensors(
      pytorch,
      `${client.repo.repo} (revision '${client.repo.revision}') on ${client.repo.hub.label}`,
    );
  }
  if (options.tokenizer === true) files.push(...(await tokenizerFiles(client, options)));

  const tensors = headerStore(byTensor, (file, name) => {
    throw new CheckpointError(`${file.fileName}: tensor '${name}' is not downloaded yet (only headers were read)`);
  });
  return { config, files, headers, etags, tensors };
}

/**
 * The repository's tokenizer: the first of the files loadTokenizer looks for that it has (none is
 * no error: the reader can still type ids), and with a SentencePiece model (LLaMA's, Baichuan's and
 * ChatGLM2/3's tokenizer.model, ChatGLM-6B's ice_text.model) its tokenizer_config.json, which says
 * whether <s> is added, names a tokenizer class with rules of its own and ChatGLM-6B's id offset.
 */
export async function tokenizerFiles(client: HubClient, options: FetchOptions = {}): Promise<string[]> {
  for (const file of TOKENIZER_FILES) {
    if (!(await client.exists(file, options))) continue;
    if (!file.endsWith('.model') || !(await client.exists(TOKENIZER_CONFIG_FILE, options))) return [file];
    return [file, TOKENIZER_CONFIG_FILE];
  }
  return [];
}
