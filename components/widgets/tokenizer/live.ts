// Loaded on the reader's first tokenize, never before: the tokenizer.json reader and, per vocabulary,
// its tokenizer.json (fetched from the site's /tokenizers/ once per page).
import { groupTokens, tokenByteReader, type TokenGroup } from '../../../kernels/tokenizers/token-bytes.ts';
import { fetchShippedTokenizer, type ShippedTokenizer } from '../../../kernels/tokenizers/shipped.ts';
import { SHIPPED_VOCABULARIES, type ShippedVocabId } from '../../../kernels/tokenizers/vocabularies.ts';
import { tokenStats, type TokenStats } from '../../../kernels/tokenizers/stats.ts';
import { onFirstUse } from '../shared/controller.ts';

const loaders = new Map<ShippedVocabId, () => Promise<ShippedTokenizer>>();
/** Each vocabulary's token → bytes, remembered across updates. */
const byteReaders = new Map<ShippedVocabId, (token: string) => Uint8Array>();

function tokenizer(id: ShippedVocabId): Promise<ShippedTokenizer> {
  let load = loaders.get(id);
  if (load === undefined) {
    load = onFirstUse(() => fetchShippedTokenizer(id));
    loaders.set(id, load);
  }
  return load();
}

export type Tokenized = {
  readonly ids: readonly number[];
  /** Each token as the vocabulary spells it ('▁the', 'Ġthe', '<0xE6>'), and the bytes it stands for. */
  readonly tokens: readonly string[];
  readonly bytes: readonly Uint8Array[];
  /** Runs of tokens that make whole characters: one chip each. */
  readonly groups: readonly TokenGroup[];
  readonly stats: TokenStats;
  /** Encoding and grouping alone. */
  readonly encodeMs: number;
  /** Time spent waiting for the vocabulary (download and set-up; about 0 once it is loaded). */
  readonly loadMs: number;
};

/** Tokenizes `text` with vocabulary `id`. */
export async function tokenize(id: ShippedVocabId, text: string): Promise<Tokenized> {
  const asked = performance.now();
  const ready = await tokenizer(id);
  const start = performance.now();
  const { ids, tokens } = ready.encode(text);
  if (!byteReaders.has(id)) byteReaders.set(id, tokenByteReader(SHIPPED_VOCABULARIES[id].byteScheme));
  const bytes = tokens.map(byteReaders.get(id)!);
  const groups = groupTokens(bytes);
  return { ids, tokens, bytes, groups, stats: tokenStats(groups), encodeMs: performance.now() - start, loadMs: start - asked };
}
