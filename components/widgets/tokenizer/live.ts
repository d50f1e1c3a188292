// Loaded on the reader's first tokenize (or first load from a hub or files), never before: the
// tokenizer readers and, per vocabulary, its files: a shipped tokenizer.json from the site's
// /tokenizers/, a release's tokenizer files from a hub (kernels/hub/tokenizer.ts: no config, no
// weights), or the files the reader picked. Each is loaded once per page.
import { blobSource } from '../../../kernels/checkpoint/blob-source.ts';
import { tokenizerFromHub } from '../../../kernels/hub/tokenizer.ts';
import { loadTokenizer, TOKENIZER_CONFIG_FILE, TOKENIZER_FILES } from '../../../kernels/tokenizers/load.ts';
import { encodeText, fetchShippedTokenizer, type Encoded } from '../../../kernels/tokenizers/shipped.ts';
import { tokenStats, type TokenStats } from '../../../kernels/tokenizers/stats.ts';
import { groupTokens, tokenByteReader, type ByteScheme, type TokenGroup } from '../../../kernels/tokenizers/token-bytes.ts';
import type { Tokenizer } from '../../../kernels/tokenizers/tokenizer.ts';
import { SHIPPED_VOCABULARIES, type ShippedVocabId } from '../../../kernels/tokenizers/vocabularies.ts';
import { hubClientFor, type HubRepoFields } from '../shared/hub-source.ts';

export { failureKind } from '../shared/hub-source.ts';

/** Where a vocabulary comes from. */
export type VocabSource =
  | { readonly kind: 'shipped'; readonly id: ShippedVocabId }
  | (HubRepoFields & { readonly kind: 'hub' })
  | { readonly kind: 'files'; readonly files: readonly File[] };

/** A vocabulary ready to tokenize: its encoder, its size, and each token's bytes (remembered across updates). */
type Vocabulary = { readonly encode: (text: string) => Encoded; readonly size: number; readonly bytesOf: (token: string) => Uint8Array };

const vocabulary = (encode: (text: string) => Encoded, size: number, scheme: ByteScheme): Vocabulary => ({ encode, size, bytesOf: tokenByteReader(scheme) });
const fromTokenizer = (tokenizer: Tokenizer): Vocabulary => vocabulary((text) => encodeText(tokenizer, text), tokenizer.size, tokenizer.byteScheme);

/**
 * The reader's files as a tokenizer: the folder's tokenizer when they hold one of the names
 * loadTokenizer looks for, else the one file picked besides a tokenizer_config.json under whatever
 * name it has (a renamed tokenizer.json); load.ts refuses, and names, what it does not read.
 */
function filesTokenizer(files: readonly File[]): Promise<Tokenizer> {
  const names = files.map((file) => file.name);
  const others = names.filter((name) => name !== TOKENIZER_CONFIG_FILE);
  const single = !TOKENIZER_FILES.some((name) => names.includes(name)) && others.length === 1 ? others[0] : undefined;
  return loadTokenizer(blobSource(files), single);
}

async function load(source: VocabSource): Promise<Vocabulary> {
  switch (source.kind) {
    case 'shipped': {
      const { byteScheme, size } = SHIPPED_VOCABULARIES[source.id];
      return vocabulary((await fetchShippedTokenizer(source.id)).encode, size, byteScheme);
    }
    case 'hub':
      return fromTokenizer((await tokenizerFromHub(hubClientFor(source))).tokenizer);
    case 'files':
      return fromTokenizer(await filesTokenizer(source.files));
  }
}

/** Loaded (or loading) vocabularies by key; a failed load is forgotten, so a retry (with a token, say) loads again. */
const loaded = new Map<string, Promise<Vocabulary>>();
/** The reader's latest files: a new pick replaces them. */
let pickedFiles: { readonly files: readonly File[]; readonly key: string } | undefined;
let picks = 0;

function keyOf(source: VocabSource): string {
  if (source.kind === 'shipped') return `shipped:${source.id}`;
  if (source.kind === 'hub') return `hub:${source.hub}\n${source.repo}\n${source.revision}`;
  if (pickedFiles?.files !== source.files) {
    if (pickedFiles !== undefined) loaded.delete(pickedFiles.key);
    pickedFiles = { files: source.files, key: `files:${++picks}` };
  }
  return pickedFiles.key;
}

function vocabularyOf(source: VocabSource): Promise<Vocabulary> {
  const key = keyOf(source);
  let ready = loaded.get(key);
  if (ready === undefined) {
    ready = load(source);
    loaded.set(key, ready);
    ready.catch(() => loaded.get(key) === ready && loaded.delete(key));
  }
  return ready;
}

/** Loads the vocabulary of `source` (once) and says how many tokens it has. */
export async function loadVocabulary(source: VocabSource): Promise<{ readonly size: number }> {
  return { size: (await vocabularyOf(source)).size };
}

export type Tokenized = {
  readonly ids: readonly number[];
  /** Each token as the vocabulary spells it ('▁the', 'Ġthe', '<0xE6>'), and the bytes it stands for. */
  readonly tokens: readonly string[];
  readonly bytes: readonly Uint8Array[];
  /** Runs of tokens that make whole characters: one chip each. */
  readonly groups: readonly TokenGroup[];
  readonly stats: TokenStats;
  /** Tokens in the vocabulary. */
  readonly size: number;
  /** Encoding and grouping alone. */
  readonly encodeMs: number;
  /** Time spent waiting for the vocabulary (download and set-up; about 0 once it is loaded). */
  readonly loadMs: number;
};

/** Tokenizes `text` with the vocabulary of `source`. */
export async function tokenize(source: VocabSource, text: string): Promise<Tokenized> {
  const asked = performance.now();
  const ready = await vocabularyOf(source);
  const start = performance.now();
  const { ids, tokens } = ready.encode(text);
  const bytes = tokens.map(ready.bytesOf);
  const groups = groupTokens(bytes);
  return { ids, tokens, bytes, groups, stats: tokenStats(groups), size: ready.size, encodeMs: performance.now() - start, loadMs: start - asked };
}
