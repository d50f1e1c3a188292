// A repository's tokenizer alone, for the tokenizer widget: the tokenizer files (repo.ts's
// `tokenizerFiles`, a 1-byte probe each) are read whole and handed to loadTokenizer, as a folder on
// disk would be. No config.json, no weight file: a 14 GB release costs a few megabytes here.
import { CONFIG_FILE } from '../checkpoint/load.ts';
import { memorySource } from '../checkpoint/source.ts';
import { loadTokenizer } from '../tokenizers/load.ts';
import type { Tokenizer } from '../tokenizers/tokenizer.ts';
import { HubError } from './errors.ts';
import type { FetchOptions, HubClient } from './http.ts';
import { tokenizerFiles } from './repo.ts';

export type HubTokenizer = {
  readonly tokenizer: Tokenizer;
  /** The files read, in the order loadTokenizer looks for them. */
  readonly files: readonly string[];
  /** Bytes downloaded, probes included. */
  readonly bytes: number;
};

/**
 * The tokenizer of `client`'s repository. A repository with no tokenizer file is told apart from one
 * that is not there at all by a probe of its config.json (every model repository has one): the
 * first is loadTokenizer's refusal, which names the formats it reads; the second is 'not-found'.
 */
export async function tokenizerFromHub(client: HubClient, options: FetchOptions = {}): Promise<HubTokenizer> {
  const files = await tokenizerFiles(client, options);
  if (files.length === 0 && !(await client.exists(CONFIG_FILE, options))) {
    const { repo, revision, hub } = client.repo;
    throw new HubError(
      'not-found',
      `${repo} (revision '${revision}') on ${hub.label}: not found (no tokenizer file and no ${CONFIG_FILE}); check the repository id, revision and hub`,
    );
  }
  const read = new Map<string, Uint8Array>();
  for (const file of files) read.set(file, await client.bytes(file, options));
  return { tokenizer: await loadTokenizer(memorySource(read)), files, bytes: client.bytesFetched };
}
