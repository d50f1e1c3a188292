// The panel's light outputs, drawn from plain data: token chips, the next-token list, the layer
// and head selectors. No model code and no Plot here, so the controller can use them before the
// live module has loaded.
import type { ModelStrings } from './strings.ts';
import { patchChildren, setAttr, setText } from '../shared/dom-patch.ts';
import { span } from '../shared/elements.ts';
import { groupTokens, hexBytes, type TokenPiece } from '../../../kernels/tokenizers/token-bytes.ts';

export type ChipRole = 'prompt' | 'added' | 'generated';

/** One token's chip: what the vocabulary calls it, the text it stands for, and its bytes. */
export type Chip = {
  readonly id: number;
  /** The token as the vocabulary spells it ('▁the', 'æĪ', '<0xE6>', '<s>'), for the tooltip. */
  readonly token: string;
  /** The text shown: the characters this token (or its group, on the group's first chip) stands for. */
  readonly text: string;
  /** Its bytes in hex ('E6 88'), shown on demand; undefined for a special token. */
  readonly bytes: string | undefined;
  readonly role: ChipRole;
  /** Where a token holds part of a character: its place in the group of tokens that spell it. */
  readonly part?: { readonly at: number; readonly of: number; readonly text: string };
};

/** Tokens → chips: each group of tokens that together spell a character shows that character once. */
export function chipsOf(
  tokens: readonly { readonly id: number; readonly token: string; readonly piece: TokenPiece; readonly role: ChipRole }[],
): Chip[] {
  return groupTokens(tokens.map((t) => t.piece)).flatMap(({ start, count, text }) =>
    tokens.slice(start, start + count).map(({ id, token, piece, role }, at) => ({
      id,
      token,
      text: at === 0 ? visibleText(text) : '',
      bytes: typeof piece === 'string' ? undefined : hexBytes(piece),
      role,
      ...(count > 1 ? { part: { at, of: count, text } } : {}),
    })),
  );
}

/** A chip as one short label (heatmap axes): its text, or for the later tokens of a character that character in brackets. */
export const chipLabel = (chip: Chip): string => (chip.part !== undefined && chip.part.at > 0 ? `(${chip.part.text})` : chip.text);

/** Whitespace made visible where it is all a token holds (a newline, a run of spaces). */
export function visibleText(text: string): string {
  const marked = text.replaceAll('\n', '↵').replaceAll('\t', '⇥');
  return marked.trim() === '' ? marked.replaceAll(' ', '␣') : marked;
}

/** A piece as one label: its text when its bytes are whole characters, else its bytes (<0xE6>). */
export function pieceLabel(piece: TokenPiece): string {
  if (typeof piece === 'string') return piece;
  const [group] = groupTokens([piece]);
  return group !== undefined && !group.text.includes('\uFFFD') ? visibleText(group.text) : `<${hexBytes(piece)}>`;
}

/**
 * The chips of `chips`, patched in place: a new prompt usually keeps most of the old one's tokens,
 * and a chip that shows the same token at the same place is left alone (no new nodes to style).
 */
export function renderChips(list: HTMLElement, chips: readonly Chip[], strings: ModelStrings): void {
  patchChildren(
    list,
    chips,
    (chip, index) => `${index} ${JSON.stringify(chip)}`,
    ({ id, token, text, bytes, role, part }, index) => {
      const chip = document.createElement('li');
      chip.className = 'chip';
      chip.dataset['index'] = String(index);
      chip.dataset['tokenId'] = String(id);
      chip.dataset['role'] = role;
      if (part !== undefined) chip.dataset['part'] = part.at === 0 ? 'first' : part.at === part.of - 1 ? 'last' : 'middle';
      chip.title = bytes === undefined ? `${token} (${id})` : `${token} (${id}) · ${bytes}`;
      chip.append(span('chip-index', String(index)), span('chip-text', text));
      if (bytes !== undefined) chip.append(span('chip-bytes', bytes));
      chip.append(span('chip-id', String(id)));
      if (part !== undefined) chip.append(span('sr-only', ` (${strings.partOfCharacter(part.at + 1, part.of, part.text)})`));
      if (role !== 'prompt') {
        chip.append(span('sr-only', ` (${role === 'added' ? strings.addedChip : strings.generatedChip})`));
      }
      return chip;
    },
  );
}

/** The largest vocabulary whose whole logits row is written into the page. */
const FULL_LOGITS_UP_TO = 8192;

export type TopToken = { readonly id: number; readonly text: string; readonly prob: number; readonly logit: number };

/** Float32 values as base64 of their bytes (little-endian, as the array holds them): exact, and cheap to write. */
export function float32Base64(values: Float32Array): string {
  const bytes: Uint8Array & { toBase64?: () => string } = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  // Uint8Array.prototype.toBase64 (2025 browsers) is native; the loop is for those without it.
  if (bytes.toBase64 !== undefined) return bytes.toBase64();
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

/** An item of the next-token list: the token, its id, its probability and a bar as long. */
function topItem(): HTMLLIElement {
  const item = document.createElement('li');
  const bar = span('top-bar', '');
  item.append(span('top-text', ''), span('chip-id', ''), span('top-prob', ''), bar);
  return item;
}

/**
 * The next-token candidates, most likely first. Each item carries its id, probability and logit as
 * data attributes; with a small vocabulary (the replicas' and the trained models', not a released
 * model's) the whole logits row goes on the list too (`data-logits`, float32 bytes in base64), so a
 * test can compare every number the model produced. The items are rewritten in place: a new prompt
 * changes their text, not their shape.
 */
export function renderTopTokens(list: HTMLElement, top: readonly TopToken[], logits: Float32Array | undefined): void {
  if (logits !== undefined && logits.length <= FULL_LOGITS_UP_TO) list.dataset['logits'] = float32Base64(logits);
  else delete list.dataset['logits'];
  while (list.children.length > top.length) list.lastElementChild!.remove();
  while (list.children.length < top.length) list.append(topItem());
  top.forEach(({ id, text, prob, logit }, i) => {
    const item = list.children[i] as HTMLElement;
    const [name, idText, probText, bar] = item.children as unknown as [HTMLElement, HTMLElement, HTMLElement, HTMLElement];
    const percent = `${(100 * prob).toFixed(1)}%`;
    setAttr(item, 'data-token-id', String(id));
    setAttr(item, 'data-prob', String(prob));
    setAttr(item, 'data-logit', String(logit));
    setText(name, text);
    setText(idText, String(id));
    setText(probText, percent);
    bar.style.width = percent;
  });
}

/** Options 0..count−1 with their labels, keeping `value` selected. */
export function fillSelect(select: HTMLSelectElement, count: number, label: (i: number) => string, value: number): void {
  select.replaceChildren(
    ...Array.from({ length: count }, (_, i) => {
      const option = document.createElement('option');
      option.value = String(i);
      option.textContent = label(i);
      return option;
    }),
  );
  select.value = String(value);
}
