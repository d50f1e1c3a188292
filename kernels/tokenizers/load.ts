// The tokenizer of a checkpoint folder: its Hugging Face tokenizer.json (see tokenizer.ts).
import { CheckpointError } from '../checkpoint/errors.ts';
import type { CheckpointSource } from '../checkpoint/source.ts';
import { TOKENIZER_FILE } from './json.ts';
import { tokenizerFromJson, type Tokenizer } from './tokenizer.ts';

/** Other tokenizer files a release may ship instead (SentencePiece, tiktoken, GPT-2 vocab/merges). */
const OTHER_TOKENIZER_FILES = /^(tokenizer\.model|ice_text\.model|.*\.tiktoken|vocab\.json|merges\.txt)$/;

export async function loadTokenizer(source: CheckpointSource): Promise<Tokenizer> {
  const files = source.list();
  if (!files.includes(TOKENIZER_FILE)) {
    const others = files.filter((f) => OTHER_TOKENIZER_FILES.test(f));
    const found = others.length > 0 ? ` (the folder has ${others.join(', ')})` : '';
    throw new CheckpointError(
      `no ${TOKENIZER_FILE} in the checkpoint folder${found}: only Hugging Face tokenizer.json files are read; ` +
        'SentencePiece tokenizer.model files are not supported yet',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(await source.readText(TOKENIZER_FILE));
  } catch (error) {
    throw new CheckpointError(`${TOKENIZER_FILE}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return tokenizerFromJson(json);
}
