// A conversation in one chat format, all the way to tokens: the template renders the prompt
// (chat-segments.ts tells the template's text from the messages'), the format's real vocabulary
// encodes the whole string at once, as a release does when the template's output is tokenized,
// and chat-counts.ts says what the markers cost. The chat-template widget shows this; the unit
// tests run it on the shipped vocabularies.
import { chatTokenCounts, type ChatTokenCounts } from './chat-counts.ts';
import type { ChatFormat } from './chat-formats.ts';
import { renderChatSegments, type ChatSegment } from './chat-segments.ts';
import type { ChatMessage } from './chat-template.ts';
import type { ShippedTokenizer } from './shipped.ts';
import { SHIPPED_VOCABULARIES } from './vocabularies.ts';
import { tokenByteReader } from './token-bytes.ts';
import { tokenSpans } from './token-spans.ts';

export type ChatTokens = {
  readonly text: string;
  readonly segments: readonly ChatSegment[];
  readonly ids: readonly number[];
  /** Each token as the vocabulary spells it, and its bytes. */
  readonly tokens: readonly string[];
  readonly bytes: readonly Uint8Array[];
  readonly specialIds: ReadonlySet<number>;
  /** Undefined when the vocabulary's normalizer changed the text, so tokens cannot be placed in it. */
  readonly counts: ChatTokenCounts | undefined;
};

const byteReaders = new Map<ShippedTokenizer['id'], (token: string) => Uint8Array>();

/** `messages` laid out by `format` and encoded by `tokenizer` (the format's vocabulary). Throws ChatTemplateError for a conversation the template refuses. */
export function tokenizeChat(
  format: ChatFormat,
  tokenizer: ShippedTokenizer,
  messages: readonly ChatMessage[],
  options: { readonly addGenerationPrompt?: boolean } = {},
): ChatTokens {
  const { text, segments } = renderChatSegments(format.config, messages, options);
  const { ids, tokens } = tokenizer.encode(text);
  let bytesOf = byteReaders.get(tokenizer.id);
  if (bytesOf === undefined) byteReaders.set(tokenizer.id, (bytesOf = tokenByteReader(SHIPPED_VOCABULARIES[tokenizer.id].byteScheme)));
  const bytes = tokens.map(bytesOf);
  const spans = tokenSpans(text, bytes);
  const { specialIds } = tokenizer;
  const counts = spans === undefined ? undefined : chatTokenCounts({ text, segments, ids, spans, specialIds, markers: format.markers });
  return { text, segments, ids, tokens, bytes, specialIds, counts };
}
