// The tokenizer of a checkpoint folder, or one tokenizer file in it: a Hugging Face tokenizer.json
// (see tokenizer.ts), or first-generation Qwen's qwen.tiktoken (tiktoken.ts). Releases also ship
// tokenizers in formats this reader does not read; those are named and refused, never tokenized
// some other way.
import { CheckpointError } from '../checkpoint/errors.ts';
import type { CheckpointSource } from '../checkpoint/source.ts';
import { TOKENIZER_FILE } from './json.ts';
import { QWEN_TIKTOKEN_FILE, qwenTiktokenTokenizer } from './tiktoken.ts';
import { tokenizerFromJson, type Tokenizer } from './tokenizer.ts';

/** Tokenizer files of other formats, by name, and what each is. */
const OTHER_FORMATS: readonly { readonly name: RegExp; readonly format: string }[] = [
  {
    name: /\.model$/,
    format:
      'a SentencePiece model (protobuf pieces with scores, as LLaMA, Baichuan and ChatGLM release as tokenizer.model or ice_text.model)',
  },
  {
    name: /\.tiktoken$/,
    format:
      `a tiktoken rank file whose special tokens and split pattern are unknown (they live in the release's code, not the file; ${QWEN_TIKTOKEN_FILE}, first-generation Qwen's, is read)`,
  },
  { name: /^(vocab\.json|merges\.txt)$/, format: 'a GPT-2 style vocab.json + merges.txt pair' },
];

const ONLY_JSON =
  `only Hugging Face tokenizer.json files (and Qwen's ${QWEN_TIKTOKEN_FILE}) are read; transformers writes a tokenizer.json for a release with ` +
  'AutoTokenizer.from_pretrained(folder).save_pretrained(out), where the release has a fast tokenizer';

/**
 * The folder's tokenizer.json (else its qwen.tiktoken), or `file` when given (any *.json file in
 * tokenizer.json's format, or qwen.tiktoken).
 */
export async function loadTokenizer(source: CheckpointSource, file?: string): Promise<Tokenizer> {
  const files = source.list();
  if (file === undefined && !files.includes(TOKENIZER_FILE)) {
    if (files.includes(QWEN_TIKTOKEN_FILE)) return qwenTiktokenTokenizer(await source.readText(QWEN_TIKTOKEN_FILE));
    const others = files.filter((f) => OTHER_FORMATS.some(({ name }) => name.test(f)));
    const found = others.length > 0 ? ` (the folder has ${others.join(', ')})` : '';
    throw new CheckpointError(`no ${TOKENIZER_FILE} in the folder${found}: ${ONLY_JSON}`);
  }
  const name = file ?? TOKENIZER_FILE;
  if (name === QWEN_TIKTOKEN_FILE) return qwenTiktokenTokenizer(await source.readText(name));
  const other = OTHER_FORMATS.find((f) => f.name.test(name));
  if (other !== undefined) throw new CheckpointError(`${name} is ${other.format}: ${ONLY_JSON}`);
  if (!name.endsWith('.json')) throw new CheckpointError(`${name}: not a tokenizer file this reader knows (${ONLY_JSON})`);
  let json: unknown;
  try {
    json = JSON.parse(await source.readText(name));
  } catch (error) {
    throw new CheckpointError(`${name}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return tokenizerFromJson(json);
}
