// The panel's light outputs, drawn from plain data: token chips, the next-token list, the layer
// and head selectors. No model code and no Plot here, so the controller can use them before the
// live module has loaded.
import type { ModelStrings } from './strings.ts';
import { span } from '../shared/elements.ts';

export type ChipRole = 'prompt' | 'added' | 'generated';
export type Chip = { readonly id: number; readonly text: string; readonly role: ChipRole };

export function renderChips(list: HTMLElement, chips: readonly Chip[], strings: ModelStrings): void {
  list.replaceChildren(
    ...chips.map(({ id, text, role }, index) => {
      const chip = document.createElement('li');
      chip.className = 'chip';
      chip.dataset['index'] = String(index);
      chip.dataset['tokenId'] = String(id);
      chip.dataset['role'] = role;
      chip.append(span('chip-index', String(index)), span('chip-text', text), span('chip-id', String(id)));
      if (role !== 'prompt') {
        chip.append(span('sr-only', ` (${role === 'added' ? strings.addedChip : strings.generatedChip})`));
      }
      return chip;
    }),
  );
}

export type TopToken = { readonly id: number; readonly text: string; readonly prob: number; readonly logit: number };

/**
 * The next-token candidates, most likely first. Each item carries its id, probability and logit as
 * data attributes; with a small vocabulary the whole logits row goes on the list too (`data-logits`),
 * so a test can compare every number the model produced.
 */
export function renderTopTokens(list: HTMLElement, top: readonly TopToken[], logits: Float32Array | undefined): void {
  if (logits !== undefined && logits.length <= 512)
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
