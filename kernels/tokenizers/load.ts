// The tokenizer of a checkpoint folder, or one tokenizer file in it: a Hugging Face tokenizer.json
// (see tokenizer.ts), first-generation Qwen's qwen.tiktoken (tiktoken.ts), or a SentencePiece BPE
// model (sentencepiece.ts) with what tokenizer_config.json says around it: LLaMA's and Baichuan's
// tokenizer.model, ChatGLM2's and ChatGLM3's tokenizer.model (chatglm-tokenizer.ts) and ChatGLM-6B's
// ice_text.model (chatglm-6b-tokenizer.ts). Releases also ship tokenizers this reader does not read;
// those are named and refused, never tokenized some other way.
import { CheckpointError } from '../checkpoint/errors.ts';
import type { CheckpointSource } from '../checkpoint/source.ts';
import { chatGlm6bTokenizer, ICE_TEXT_FILE, imageTokensOf } from './chatglm-6b-tokenizer.ts';
import { chatGlmGeneration, chatGlmTokenizer } from './chatglm-tokenizer.ts';
import { TOKENIZER_FILE } from './json.ts';
import { QWEN_TIKTOKEN_FILE, qwenTiktokenTokenizer } from './tiktoken.ts';
import { readSentencePieceModel, SENTENCEPIECE_FILE, sentencePieceTokenizer } from './sentencepiece.ts';
import { tokenizerFromJson, type Tokenizer } from './tokenizer.ts';

/** The files a folder's tokenizer is looked for in, in this order (a hub fetches the first it has). */
export const TOKENIZER_FILES = [TOKENIZER_FILE, QWEN_TIKTOKEN_FILE, SENTENCEPIECE_FILE, ICE_TEXT_FILE] as const;
/** Beside a SentencePiece model: its tokenizer class and the rules that class reads. */
export const TOKENIZER_CONFIG_FILE = 'tokenizer_config.json';
/** The tokenizer class of ChatGLM-6B, 2 and 3. */
const CHATGLM_CLASS = 'ChatGLMTokenizer';

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
  `read: Hugging Face tokenizer.json files, Qwen's ${QWEN_TIKTOKEN_FILE} and SentencePiece BPE models (*.model, ChatGLM's with its rules); transformers writes a tokenizer.json for a release with ` +
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
  if (name.endsWith('.model')) return sentencePieceFolder(await source.readBytes(name), await tokenizerConfig(source), name);
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
 * A SentencePiece model with what tokenizer_config.json says around it: ChatGLM-6B's rules for an
 * ice_text.model (the name its Python class looks for), ChatGLM2's or ChatGLM3's for a tokenizer.model
 * beside ChatGLMTokenizer; otherwise LLaMA's, add_bos_token and add_eos_token with LlamaTokenizer's
 * defaults (true, false) where it is silent. Another class of ChatGLM's is refused before the file
 * is read: GLM-4's ChatGLM4Tokenizer keeps a tiktoken file under the name tokenizer.model.
 */
function sentencePieceFolder(bytes: Uint8Array, config: Readonly<Record<string, unknown>>, file: string): Tokenizer {
  const tokenizerClass = String(config['tokenizer_class'] ?? '');
  if (/chatglm/i.test(tokenizerClass) && tokenizerClass !== CHATGLM_CLASS)
    throw new CheckpointError(`${file}: ${tokenizerClass} is not ChatGLM-6B's, ChatGLM2's or ChatGLM3's ${CHATGLM_CLASS}, whose rules this reader knows; ${READ}`);
  const model = readSentencePieceModel(bytes, file);
  if (file === ICE_TEXT_FILE) return chatGlm6bTokenizer(model, imageTokensOf(config, file), file);
  if (tokenizerClass === CHATGLM_CLASS) return chatGlmTokenizer(model, chatGlmGeneration(String(config['name_or_path'] ?? '')), file);
  return sentencePieceTokenizer(model, { addBos: config['add_bos_token'] !== false, addEos: config['add_eos_token'] === true }, file);
}

/** The folder's tokenizer_config.json, or nothing said where it has none. */
async function tokenizerConfig(source: CheckpointSource): Promise<Readonly<Record<string, unknown>>> {
  if (!source.list().includes(TOKENIZER_CONFIG_FILE)) return {};
  let config: unknown;
  try {
    config = JSON.parse(await source.readText(TOKENIZER_CONFIG_FILE));
  } catch (error) {
    throw new CheckpointError(`${TOKENIZER_CONFIG_FILE}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new CheckpointError(`${TOKENIZER_CONFIG_FILE}: not a JSON object`);
  return config as Record<string, unknown>;
}
