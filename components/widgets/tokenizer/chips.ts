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
 * Chips drawn at once. A pasted page has ~5,000 chips, and the browser's style and layout of that
 * many cost several times the tokenizing (measured in `npm run bench -- tokenizer`); the chip box
 * shows about 150 at a time, so 400 fill it with room to scroll. The counts always cover the whole
 * text; the rest of the chips come on request.
 */
export const FIRST_CHIPS = 400;

/** Draws the chips of `tokenized`'s groups, at most `limit` of them; returns how many were drawn. */
export function renderChips(list: HTMLElement, tokenized: Tokenized, strings: TokenizerStrings, limit = FIRST_CHIPS): number {
  const fragment = document.createDocumentFragment();
  const drawn = tokenized.groups.slice(0, limit);
  for (const group of drawn) fragment.append(chip(group, tokenized, strings));
  list.replaceChildren(fragment);
  return drawn.length;
}
