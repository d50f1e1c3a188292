// The token chips: one per group of tokens that together make whole characters (see
// kernels/tokenizers/pieces.ts). A group of one whole token shows its text; a group whose tokens are
// byte pieces shows the character, with the pieces, ids and bytes in a <details> the reader opens.
import { hexBytes, type TokenGroup } from '../../../kernels/tokenizers/pieces.ts';
import { span } from '../shared/elements.ts';
import type { TokenizerStrings } from './strings.ts';

/** Spaces, tabs and newlines made visible, so a token that is " the" reads differently from "the". */
export function visibleText(text: string): string {
  return text.replaceAll(' ', '␣').replaceAll('\t', '⇥').replaceAll('\r', '').replaceAll('\n', '↵');
}

function chip(group: TokenGroup, strings: TokenizerStrings): HTMLLIElement {
  const item = document.createElement('li');
  item.className = 'chip tok-chip';
  item.title = strings.chipTitle(group.tokens, group.ids, group.bytes.map(hexBytes).join(' | '));
  const ids = span('chip-id', group.ids.join(' '));
  if (!group.split) {
    item.append(span('chip-text', visibleText(group.text)), ids);
    return item;
  }
  item.dataset['split'] = String(group.ids.length);
  const details = document.createElement('details');
  const summary = document.createElement('summary');
  summary.append(span('chip-text', visibleText(group.text)), span('chip-count', `×${group.ids.length}`));
  const pieces = document.createElement('span');
  pieces.className = 'chip-bytes';
  pieces.textContent = group.tokens.map((token, i) => `${token} = ${hexBytes(group.bytes[i]!)}`).join(' · ');
  details.append(summary, pieces);
  item.append(details, ids);
  return item;
}

/**
 * Chips drawn at once: a pasted page has ~7,000 tokens, and laying out that many chips costs far
 * more than tokenizing. The counts always cover the whole text; the rest of the chips come on request.
 */
export const FIRST_CHIPS = 1500;

/** Draws the chips of `groups`, at most `limit` of them; returns how many were left out. */
export function renderChips(list: HTMLElement, groups: readonly TokenGroup[], strings: TokenizerStrings, limit = FIRST_CHIPS): number {
  const fragment = document.createDocumentFragment();
  for (const group of groups.slice(0, limit)) fragment.append(chip(group, strings));
  list.replaceChildren(fragment);
  return Math.max(0, groups.length - limit);
}
