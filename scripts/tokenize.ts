// Tokenize a text with a tokenizer file (the reader the site uses: kernels/tokenizers/).
//
//   npm run --silent tokenize -- --tokenizer PATH (--text "…" | --file F) [--json] [--special]
//     PATH       a tokenizer.json, first-generation Qwen's qwen.tiktoken, a SentencePiece BPE *.model (its
//                folder's tokenizer_config.json says whether <s> is added, or names ChatGLMTokenizer:
//                ChatGLM2/3's tokenizer.model and ChatGLM-6B's ice_text.model are read with ChatGLM's
//                rules), or a folder holding one
//     --json     one JSON object: {"ids": [...], "tokens": [...]} (tokens as the vocabulary spells them)
//     --special  adds the special tokens the file's post-processor puts around a text (LLaMA's <s>,
//                ChatGLM2/3's [gMASK] sop in front, ChatGLM-6B's [gMASK] <sop> behind); without it,
//                only the text's own tokens
//   without --json: one line per token, its id and the token as a JSON string
//
// Errors go to stderr with exit code 1: a missing path, a file in another format (another release's
// .tiktoken, a SentencePiece Unigram model, GLM-4's tokenizer class: named and refused), a file this
// reader cannot apply.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { folderSource } from '../kernels/checkpoint/node-folder.ts';
import { loadTokenizer } from '../kernels/tokenizers/load.ts';
import type { Tokenizer } from '../kernels/tokenizers/tokenizer.ts';
import { messageOf } from '../kernels/runtime/runtime.ts';

const USAGE = 'usage: npm run --silent tokenize -- --tokenizer PATH (--text "..." | --file F) [--json] [--special]';

class UsageError extends Error {}

function options() {
  try {
    return parseArgs({
      options: {
        tokenizer: { type: 'string' },
        text: { type: 'string' },
        file: { type: 'string' },
        json: { type: 'boolean', default: false },
        special: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
}

/** A folder: its tokenizer.json; a file: that file, read from its folder. */
function openTokenizer(path: string): Promise<Tokenizer> {
  if (!existsSync(path)) throw new Error(`no such file or folder: ${path}`);
  if (statSync(path).isDirectory()) return loadTokenizer(folderSource(path));
  return loadTokenizer(folderSource(dirname(path)), basename(path));
}

async function main(): Promise<void> {
  const args = options();
  if (args.tokenizer === undefined) throw new UsageError('--tokenizer PATH is required');
  if ((args.text === undefined) === (args.file === undefined)) throw new UsageError('give exactly one of --text and --file');
  if (args.file !== undefined && !(existsSync(args.file) && statSync(args.file).isFile())) throw new Error(`no such file: ${args.file}`);
  const text = args.text ?? readFileSync(args.file!, 'utf8');

  const tokenizer = await openTokenizer(args.tokenizer);
  const ids = tokenizer.encode(text, { addSpecialTokens: args.special });
  const tokens = ids.map((id) => tokenizer.tokenOf(id)!);
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ ids, tokens })}\n`);
  } else {
    const lines = [`${ids.length} tokens`, ...ids.map((id, i) => `${String(id).padEnd(8)}${JSON.stringify(tokens[i])}`)];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}

try {
  await main();
} catch (error) {
  console.error(`tokenize: ${messageOf(error)}`);
  if (error instanceof UsageError) console.error(USAGE);
  process.exitCode = 1;
}
