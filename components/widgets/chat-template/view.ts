// Draws a built chat prompt: the string with the template's text marked apart from the messages'
// (its newlines shown as ↵, since they are part of the format), the counts, one line per marker,
// and the token chips (shared/token-chips.ts) marked by where their characters come from: a long
// conversation's first ones, more as the reader scrolls (shared/chips-on-scroll.ts).
import type { TokenPart } from '../../../kernels/tokenizers/chat-counts.ts';
import type { TokenGroup } from '../../../kernels/tokenizers/token-bytes.ts';
import type { ChipsOnScroll } from '../shared/chips-on-scroll.ts';
import type { BuiltChat } from './live.ts';
import type { ChatTemplateStrings } from './strings.ts';

/** Where a built chat is drawn: `tokens` is the chip list that `chips` draws into. */
export type ChatView = {
  readonly prompt: HTMLElement;
  readonly counts: HTMLElement;
  readonly markers: HTMLElement;
  readonly tokens: HTMLElement;
  readonly chips: ChipsOnScroll;
};

/** The prompt string, one span per segment; the template's newlines get a visible ↵ before the line break. */
function drawPrompt(prompt: HTMLElement, built: BuiltChat): void {
  prompt.replaceChildren(
    ...built.segments.map((segment) => {
      const part = document.createElement('span');
      const text = built.text.slice(segment.start, segment.end);
      part.dataset['part'] = segment.kind;
      if (segment.kind === 'message') part.dataset['message'] = String(segment.message);
      part.textContent = segment.kind === 'template' ? text.replaceAll('\n', '↵\n') : text;
      return part;
    }),
  );
}

/** A group's chip marks: where its tokens' characters come from, and whether it is a special token. */
function groupMarks(built: BuiltChat, group: TokenGroup): Record<string, string> {
  const indexes = Array.from({ length: group.count }, (_, i) => group.start + i);
  const marks: Record<string, string> = {};
  const parts = new Set<TokenPart>(indexes.map((i) => built.counts?.parts[i] ?? 'template'));
  if (built.counts !== undefined) marks['part'] = parts.size === 1 ? [...parts][0]! : 'both';
  if (indexes.some((i) => built.specialIds.has(built.ids[i]!))) marks['special'] = '';
  return marks;
}

export function drawChat(view: ChatView, built: BuiltChat, strings: ChatTemplateStrings): void {
  drawPrompt(view.prompt, built);
  const { counts } = built;
  view.counts.textContent = counts === undefined ? strings.noSplit(built.ids.length) : strings.counts(counts);
  view.markers.replaceChildren(
    ...(counts?.markers ?? []).map((marker) => {
      const item = document.createElement('li');
      item.dataset['marker'] = marker.marker;
      item.dataset['special'] = String(marker.special);
      item.textContent = strings.marker(marker);
      return item;
    }),
  );
  view.chips.show(built, { chipTitle: strings.chipTitle, marks: (group) => groupMarks(built, group) });
  view.tokens.setAttribute('aria-label', `${strings.tokensLabel}: ${built.ids.length}`);
}

export function clearChat(view: ChatView): void {
  for (const element of [view.prompt, view.counts, view.markers]) element.replaceChildren();
  view.chips.clear();
}
