// Which characters of a rendered chat prompt the template wrote and which came from a message.
// The template is rendered twice: once with the messages, once with each message's content
// replaced by one private-use character standing for it. The second string is the template's own
// text with a stand-in wherever a message goes; lining it up against the first tells every
// message's place, whatever the template does around it. A template may keep a message's text or
// trim it (Llama 2 strips each message); anything else it did to the text is refused as
// unfollowable rather than guessed.
import { ChatTemplateError, renderChat, type ChatMessage } from './chat-template.ts';

/** A stretch of the prompt: [start, end) in UTF-16 units, written by the template or holding message `message`'s text. */
export type ChatSegment = { readonly start: number; readonly end: number } & (
  | { readonly kind: 'template' }
  | { readonly kind: 'message'; readonly message: number }
);

export type SegmentedChat = { readonly text: string; readonly segments: readonly ChatSegment[] };

/** Private-use characters: no template writes them, and trim leaves them alone. */
const STAND_IN_BASE = 0xe000;
const STAND_IN = /[\uE000-\uF8FF]/u;

/** The prompt for `messages` under `config`'s template, cut into template and message segments. */
export function renderChatSegments(
  config: unknown,
  messages: readonly ChatMessage[],
  options: { readonly addGenerationPrompt?: boolean } = {},
): SegmentedChat {
  const text = renderChat(config, messages, options);
  const standIns = messages.map((m, i) => ({ ...m, content: String.fromCharCode(STAND_IN_BASE + i) }));
  const layout = renderChat(config, standIns, options);
  const segments: ChatSegment[] = [];
  let at = 0;
  let rest = layout;
  const push = (segment: ChatSegment): void => {
    if (segment.end > segment.start) segments.push(segment);
  };
  while (rest !== '') {
    const found = STAND_IN.exec(rest);
    const literal = found === null ? rest : rest.slice(0, found.index);
    if (!text.startsWith(literal, at)) throw new ChatTemplateError('the template wrote different text around the messages on a second rendering');
    push({ start: at, end: at + literal.length, kind: 'template' });
    at += literal.length;
    if (found === null) break;
    rest = rest.slice(found.index + 1);
    const message = found[0].charCodeAt(0) - STAND_IN_BASE;
    const length = placedLength(text, at, messages[message]!.content, rest.split(STAND_IN)[0]!);
    push({ start: at, end: at + length, kind: 'message', message });
    at += length;
  }
  if (at !== text.length) throw new ChatTemplateError('the template wrote text this page cannot place');
  return { text, segments };
}

/** How many characters the message takes at `at`: its text as written or trimmed, whichever the template's next text follows. */
function placedLength(text: string, at: number, content: string, next: string): number {
  for (const placed of [content, content.trim()]) if (text.startsWith(placed + next, at)) return placed.length;
  throw new ChatTemplateError('the template changed a message’s text in a way this page cannot follow (only keeping or trimming it is understood)');
}
