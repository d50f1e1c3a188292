// The tokenizer of a checkpoint folder, or one tokenizer file in it: a Hugging Face tokenizer.json
// (see tokenizer.ts), first-generation Qwen's qwen.tiktoken (tiktoken.ts), or a SentencePiece BPE
// tokenizer.model (sentencepiece.ts) with what tokenizer_config.json says around it. Releases also
// ship tokenizers this reader does not read; those are named and refused, never tokenized some other
// way.
import { CheckpointError } from '../checkpoint/errors.ts';
import type { CheckpointSource } from '../checkpoint/source.ts';
import { TOKENIZER_FILE } from './json.ts';
import { QWEN_TIKTOKEN_FILE, qwenTiktokenTokenizer } from './tiktoken.ts';
import { readSentencePieceModel, SENTENCEPIECE_FILE, sentencePieceTokenizer, type SpecialTokenRule } from './sentencepiece.ts';
import { tokenizerFromJson, type Tokenizer } from './tokenizer.ts';

/** The files a folder's tokenizer is looked for in, in this order (a hub fetches the first it has). */
export const TOKENIZER_FILES = [TOKENIZER_FILE, QWEN_TIKTOKEN_FILE, SENTENCEPIECE_FILE] as const;
/** Beside a tokenizer.model: its class and whether encode adds <s> and </s>. */
export const TOKENIZER_CONFIG_FILE = 'tokenizer_config.json';

/** Tokenizer files of other formats, by name, and what each is. */
const OTHER_FORMATS: readonly { readonly name: RegExp; readonly format: string }[] = [
  {
    name: /\.tiktoken$/,
    format:
      `a tiktoken rank file whose special tokens and split pattern are unknown (they live in the release's code, not the file; ${QWEN_TIKTOKEN_FILE}, first-generation Qwen's, is read)`,
  },
  { name: /^(vocab\.json|merges\.txt)$/, format: 'a GPT-2 style vocab.json + merges.txt pair' },
];

const READ =
  `read: Hugging Face tokenizer.json files, Qwen's ${QWEN_TIKTOKEN_FILE} and SentencePiece BPE models (*.model); transformers writes a tokenizer.json for a release with ` +
  'AutoTokenizer.from_pretrained(folder).save_pretrained(out), where the release has a fast tokenizer';

/**
 * The folder's tokenizer (the first of TOKENIZER_FILES it has), or `file` when given (any *.json file
 * in tokenizer.json's format, qwen.tiktoken, or a SentencePiece *.model).
 */
export async function loadTokenizer(source: CheckpointSource, file?: string): Promise<Tokenizer> {
  const files = source.list();
  const name = file ?? TOKENIZER_FILES.find((f) => files.includes(f));
  if (name === undefined) {
    const others = files.filter((f) => f.endsWith('.model') || OTHER_FORMATS.some((o) => o.name.test(f)));
    const found = others.length > 0 ? ` (the folder has ${others.join(', ')})` : '';
    throw new CheckpointError(`no tokenizer file in the folder${found}; ${READ}`);
  }
  if (name === QWEN_TIKTOKEN_FILE) return qwenTiktokenTokenizer(await source.readText(name));
  if (name.endsWith('.model')) return sentencePieceTokenizer(readSentencePieceModel(await source.readBytes(name), name), await specialTokenRule(source, name), name);
  const other = OTHER_FORMATS.find((f) => f.name.test(name));
  if (other !== undefined) throw new CheckpointError(`${name} is ${other.format}; ${READ}`);
  if (!name.endsWith('.json')) throw new CheckpointError(`${name}: not a tokenizer file this reader knows (${READ})`);
  let json: unknown;
  try {
    json = JSON.parse(await source.readText(name));
  } catch (error) {
    throw new CheckpointError(`${name}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return tokenizerFromJson(json);
}

/**
 * What tokenizer_config.json says around a SentencePiece model: add_bos_token and add_eos_token, with
 * LlamaTokenizer's defaults (true, false) where it is silent or absent. ChatGLM's tokenizer class adds
 * rules of its own in Python, so its model file is refused rather than read plainly.
 */
async function specialTokenRule(source: CheckpointSource, model: string): Promise<SpecialTokenRule> {
  if (!source.list().includes(TOKENIZER_CONFIG_FILE)) return { addBos: true, addEos: false };
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(await source.readText(TOKENIZER_CONFIG_FILE)) as Record<string, unknown>;
  } catch (error) {
    throw new CheckpointError(`${TOKENIZER_CONFIG_FILE}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const tokenizerClass = String(config['tokenizer_class'] ?? '');
  if (/chatglm/i.test(tokenizerClass)) {
    throw new CheckpointError(
      `${model}: ${tokenizerClass} wraps this SentencePiece model in rules of its own, written in Python (tokenization_chatglm.py: ` +
        'its special tokens, and ChatGLM-6B also its spaces, tabs and line breaks and an offset on every id), which this site does not reproduce; ' +
        'type the token ids instead',
    );
  }
  return { addBos: config['add_bos_token'] !== false, addEos: config['add_eos_token'] === true };
}
