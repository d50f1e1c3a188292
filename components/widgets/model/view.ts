// The panel's light outputs, drawn from plain data: token chips, the next-token list, the layer
// and head selectors. No model code and no Plot here, so the controller can use them before the
// live module has loaded.
import type { ModelStrings } from './strings.ts';
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

export function renderChips(list: HTMLElement, chips: readonly Chip[], strings: ModelStrings): void {
  list.replaceChildren(
    ...chips.map(({ id, token, text, bytes, role, part }, index) => {
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
    }),
  );
}

/** The largest vocabulary whose whole logits row is written into the page. */
const FULL_LOGITS_UP_TO = 8192;

export type TopToken = { readonly id: number; readonly text: string; readonly prob: number; readonly logit: number };

/**
 * The next-token candidates, most likely first. Each item carries its id, probability and logit as
 * data attributes; with a small vocabulary (the replicas' and the trained models', not a released
 * model's) the whole logits row goes on the list too (`data-logits`), so a test can compare every
 * number the model produced.
 */
export function renderTopTokens(list: HTMLElement, top: readonly TopToken[], logits: Float32Array | undefined): void {
  if (logits !== undefined && logits.length <= FULL_LOGITS_UP_TO)
    list.dataset['logits'] = Array.from(logits, (x) => x.toPrecision(9)).join(' ');
  else delete list.dataset['logits'];
  list.replaceChildren(
    ...top.map(({ id, text, prob, logit }) => {
      const item = document.createElement('li');
      item.dataset['tokenId'] = String(id);
      item.dataset['prob'] = String(prob);
      item.dataset['logit'] = String(logit);
      const percent = `${(100 * prob).toFixed(1)}%`;
      const bar = document.createElement('span');
      bar.className = 'top-bar';
      bar.style.width = percent;
      item.append(span('top-text', text), span('chip-id', String(id)), span('top-prob', percent), bar);
      return item;
    }),
  );
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
