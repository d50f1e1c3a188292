// Characters per token of each shipped vocabulary on the same Chinese and English text
// (kernels/tokenizers/sample-text.ts), for the tokenizers article's measured table.
//
//   node scripts/tokenizer-ratios.ts            writes kernels/tokenizers/measured-ratios.json
//
// tests/unit/tokenizers/shipped.test.ts recomputes the table and fails when the file is stale.
import { writeFileSync } from 'node:fs';
import { SAMPLE_TEXTS, type SampleLanguage } from '../kernels/tokenizers/sample-text.ts';
import { shippedTokenizer } from '../kernels/tokenizers/shipped.ts';
import { SHIPPED_VOCAB_IDS, type ShippedVocabId } from '../kernels/tokenizers/vocabularies.ts';
import { graphemeCount } from '../kernels/tokenizers/stats.ts';
import { shippedTokenizerJson } from '../site/tokenizer-files.ts';

export const RATIOS_FILE = new URL('../kernels/tokenizers/measured-ratios.json', import.meta.url);

export type RatioRow = { readonly vocab: ShippedVocabId; readonly language: SampleLanguage; readonly characters: number; readonly tokens: number };

export function measureRatios(): RatioRow[] {
  const rows: RatioRow[] = [];
  for (const vocab of SHIPPED_VOCAB_IDS) {
    const tokenizer = shippedTokenizer(vocab, shippedTokenizerJson(vocab));
    for (const language of Object.keys(SAMPLE_TEXTS) as SampleLanguage[]) {
      const text = SAMPLE_TEXTS[language];
      rows.push({ vocab, language, characters: graphemeCount(text), tokens: tokenizer.encode(text).ids.length });
    }
  }
  return rows;
}

export function ratiosFileText(rows: readonly RatioRow[]): string {
  return `${JSON.stringify(rows, null, 2)}\n`;
}

if (import.meta.main) {
  writeFileSync(RATIOS_FILE, ratiosFileText(measureRatios()));
  console.log(`wrote ${RATIOS_FILE.pathname}`);
}
