// Loaded on the reader's first build, never before: the template engine, the tokenizer reader and,
// per format, its shipped vocabulary from the site's /tokenizers/ (each loaded once per page).
import { CHAT_FORMATS, type ChatFormatId } from '../../../kernels/tokenizers/chat-formats.ts';
import type { ChatMessage } from '../../../kernels/tokenizers/chat-template.ts';
import { tokenizeChat, type ChatTokens } from '../../../kernels/tokenizers/chat-tokens.ts';
import { fetchShippedTokenizer, type ShippedTokenizer } from '../../../kernels/tokenizers/shipped.ts';
import { groupTokens, type TokenGroup } from '../../../kernels/tokenizers/token-bytes.ts';
import type { ShippedVocabId } from '../../../kernels/tokenizers/vocabularies.ts';

export { ChatTemplateError } from '../../../kernels/tokenizers/chat-template.ts';

export type BuiltChat = ChatTokens & {
  /** Runs of tokens that make whole characters: one chip each. */
  readonly groups: readonly TokenGroup[];
  /** Rendering, encoding and counting alone. */
  readonly buildMs: number;
  /** Time spent waiting for the vocabulary (about 0 once it is loaded). */
  readonly loadMs: number;
};

/** Loaded (or loading) vocabularies; a failed load is forgotten, so the next build tries again. */
const loaded = new Map<ShippedVocabId, Promise<ShippedTokenizer>>();

function vocabulary(id: ShippedVocabId): Promise<ShippedTokenizer> {
  let ready = loaded.get(id);
  if (ready === undefined) {
    ready = fetchShippedTokenizer(id);
    loaded.set(id, ready);
    ready.catch(() => loaded.get(id) === ready && loaded.delete(id));
  }
  return ready;
}

/** `messages` laid out in `format` and tokenized by its vocabulary. Throws ChatTemplateError for a conversation the format refuses. */
export async function buildChat(format: ChatFormatId, messages: readonly ChatMessage[], addGenerationPrompt: boolean): Promise<BuiltChat> {
  const asked = performance.now();
  const tokenizer = await vocabulary(CHAT_FORMATS[format].vocab);
  const start = performance.now();
  const built = tokenizeChat(CHAT_FORMATS[format], tokenizer, messages, { addGenerationPrompt });
  return { ...built, groups: groupTokens(built.bytes), buildMs: performance.now() - start, loadMs: start - asked };
}
