// The token chips: one per group of tokens that together make whole characters (see
// kernels/tokenizers/token-bytes.ts). A group of whole tokens shows its text; a group whose tokens are
// byte pieces shows the character, with the pieces, ids and bytes in a <details> the reader opens.
import { hexBytes, type TokenGroup } from '../../../kernels/tokenizers/token-bytes.ts';
import { span } from '../shared/elements.ts';
import type { Tokenized } from './live.ts';
import type { TokenizerStrings } from './strings.ts';

/** Spaces, tabs and newlines made visible, so a token that is " the" reads differently from "the". */
export function visibleText(text: string): string {
  return text.replaceAll(' ', '␣').replaceAll('\t', '⇥').replaceAll('\r', '').replaceAll('\n', '↵');
}

function chip(group: TokenGroup, tokenized: Tokenized, strings: TokenizerStrings): HTMLLIElement {
  const end = group.start + group.count;
  const ids = tokenized.ids.slice(group.start, end);
  const tokens = tokenized.tokens.slice(group.start, end);
  const bytes = tokenized.bytes.slice(group.start, end);
  const item = document.createElement('li');
  item.className = 'chip tok-chip';
  item.title = strings.chipTitle(tokens, ids, bytes.map(hexBytes).join(' | '));
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
 * Chips drawn at once, and how many more each time the reader scrolls to the end of those. A
 * pasted page has ~5,000 chips, and the browser's style, layout and paint of them cost far more
 * than tokenizing (each chip about a third of a millisecond on a busy machine, measured in
 * `npm run bench -- tokenizer`); the chip box shows about 150 at a time. The counts always cover
 * the whole text.
 */
export const FIRST_CHIPS = 200;
export const MORE_CHIPS = 400;

function chipsOf(groups: readonly TokenGroup[], tokenized: Tokenized, strings: TokenizerStrings): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const group of groups) fragment.append(chip(group, tokenized, strings));
  return fragment;
}

/** Draws the chips of `tokenized`'s first `limit` groups in place of the list's; returns how many are drawn. */
export function renderChips(list: HTMLElement, tokenized: Tokenized, strings: TokenizerStrings, limit = FIRST_CHIPS): number {
  list.replaceChildren(chipsOf(tokenized.groups.slice(0, limit), tokenized, strings));
  return list.children.length;
}

/** Draws up to `count` more chips after the ones in the list; returns how many are drawn now. */
export function appendChips(list: HTMLElement, tokenized: Tokenized, strings: TokenizerStrings, count = MORE_CHIPS): number {
  const from = list.children.length;
  list.append(chipsOf(tokenized.groups.slice(from, from + count), tokenized, strings));
  return list.children.length;
}
