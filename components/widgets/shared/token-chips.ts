// The token chips of every widget that shows tokens (the tokenizer and chat-template widgets): one
// per group of tokens that together make whole characters (see kernels/tokenizers/token-bytes.ts).
// A group of whole tokens shows its text; a group whose tokens are byte pieces shows the character,
// with the pieces, ids and bytes in a <details> the reader opens. Their look is token-chips.css.
import { hexBytes, type TokenGroup } from '../../../kernels/tokenizers/token-bytes.ts';
import { span } from './elements.ts';

/** Encoded text as the chips need it: ids, the vocabulary's spelling and bytes of each token, and the groups. */
export type ChipTokens = {
  readonly ids: readonly number[];
  readonly tokens: readonly string[];
  readonly bytes: readonly Uint8Array[];
  readonly groups: readonly TokenGroup[];
};

/** A chip's title in the page's language; `marks`, data attributes a widget puts on a group's chip (its own styling). */
export type ChipLabels = {
  readonly chipTitle: (tokens: readonly string[], ids: readonly number[], bytes: string) => string;
  readonly marks?: (group: TokenGroup) => Readonly<Record<string, string>>;
};

/** Spaces, tabs and newlines made visible, so a token that is " the" reads differently from "the". */
export function visibleText(text: string): string {
  return text.replaceAll(' ', '␣').replaceAll('\t', '⇥').replaceAll('\r', '').replaceAll('\n', '↵');
}

function chip(group: TokenGroup, tokenized: ChipTokens, strings: ChipLabels): HTMLLIElement {
  const end = group.start + group.count;
  const ids = tokenized.ids.slice(group.start, end);
  const tokens = tokenized.tokens.slice(group.start, end);
  const bytes = tokenized.bytes.slice(group.start, end);
  const item = document.createElement('li');
  item.className = 'chip tok-chip';
  item.title = strings.chipTitle(tokens, ids, bytes.map(hexBytes).join(' | '));
  Object.assign(item.dataset, strings.marks?.(group));
  const idList = span('chip-id', ids.join(' '));
  if (!group.split) {
    item.append(span('chip-text', visibleText(group.text)), idList);
    return item;
  }
  item.dataset['split'] = String(group.count);
  const details = document.createElement('details');
  const summary = document.createElement('summary');
  summary.append(span('chip-text', visibleText(group.text)), span('chip-count', `×${group.count}`));
  const pieces = document.createElement('span');
  pieces.className = 'chip-bytes';
  pieces.textContent = tokens.map((token, i) => `${token} = ${hexBytes(bytes[i]!)}`).join(' · ');
  details.append(summary, pieces);
  item.append(details, idList);
  return item;
}

/**
 * Chips drawn at once, and how many more each time the reader scrolls to the end of those
 * (chips-on-scroll.ts). A pasted page has ~5,000 chips, and the browser's style, layout and paint
 * of them cost far more than tokenizing (each chip about a third of a millisecond on a busy
 * machine, measured in `npm run bench -- tokenizer`); the chip box shows about 150 at a time. The
 * counts always cover the whole text.
 */
export const FIRST_CHIPS = 200;
export const MORE_CHIPS = 400;

function chipsOf(groups: readonly TokenGroup[], tokenized: ChipTokens, strings: ChipLabels): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const group of groups) fragment.append(chip(group, tokenized, strings));
  return fragment;
}

/** Draws the chips of `tokenized`'s first FIRST_CHIPS groups in place of the list's; returns how many are drawn. */
export function renderChips(list: HTMLElement, tokenized: ChipTokens, strings: ChipLabels): number {
  list.replaceChildren(chipsOf(tokenized.groups.slice(0, FIRST_CHIPS), tokenized, strings));
  return list.children.length;
}

/** Draws up to `count` more chips after the ones in the list; returns how many are drawn now. */
export function appendChips(list: HTMLElement, tokenized: ChipTokens, strings: ChipLabels, count = MORE_CHIPS): number {
  const from = list.children.length;
  list.append(chipsOf(tokenized.groups.slice(from, from + count), tokenized, strings));
  return list.children.length;
}
