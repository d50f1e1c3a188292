// Loaded on the reader's first tokenize, never before: @huggingface/tokenizers and, per vocabulary,
// its tokenizer.json (fetched from the site's /tokenizers/ once per page).
import { groupTokens, type TokenGroup } from '../../../kernels/tokenizers/pieces.ts';
import { fetchShippedTokenizer, type ShippedTokenizer } from '../../../kernels/tokenizers/shipped.ts';
import { SHIPPED_VOCABULARIES, type ShippedVocabId } from '../../../kernels/tokenizers/vocabularies.ts';
import { tokenStats, type TokenStats } from '../../../kernels/tokenizers/stats.ts';
import { onFirstUse } from '../shared/controller.ts';

const loaders = new Map<ShippedVocabId, () => Promise<ShippedTokenizer>>();

function tokenizer(id: ShippedVocabId): Promise<ShippedTokenizer> {
  let load = loaders.get(id);
  if (load === undefined) {
    load = onFirstUse(() => fetchShippedTokenizer(id));
    loaders.set(id, load);
  }
  return load();
}

export type Tokenized = {
  readonly groups: TokenGroup[];
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
  const groups = groupTokens(ids, tokens, SHIPPED_VOCABULARIES[id].bytes);
  return { groups, stats: tokenStats(groups), encodeMs: performance.now() - start, loadMs: start - asked };
}
