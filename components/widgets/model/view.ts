// The panel's light outputs, drawn from plain data: token chips, the next-token list, the layer
// and head selectors. No model code and no Plot here, so the controller can use them before the
// live module has loaded.
import type { ModelStrings } from './strings.ts';

export type ChipRole = 'prompt' | 'appended' | 'generated';
export type Chip = { readonly id: number; readonly text: string; readonly role: ChipRole };

export function renderChips(list: HTMLElement, chips: readonly Chip[], strings: ModelStrings): void {
  list.replaceChildren(
    ...chips.map(({ id, text, role }, index) => {
      const chip = document.createElement('li');
      chip.className = 'chip';
      chip.dataset['index'] = String(index);
      chip.dataset['tokenId'] = String(id);
      chip.dataset['role'] = role;
      const position = document.createElement('span');
      position.className = 'chip-index';
      position.textContent = String(index);
      const token = document.createElement('span');
      token.className = 'chip-text';
      token.textContent = text;
      const idText = document.createElement('span');
      idText.className = 'chip-id';
      idText.textContent = String(id);
      chip.append(position, token, idText);
      if (role !== 'prompt') {
        const hidden = document.createElement('span');
        hidden.className = 'sr-only';
        hidden.textContent = ` (${role === 'appended' ? strings.appendedChip : strings.generatedChip})`;
        chip.append(hidden);
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
      const token = document.createElement('span');
      token.className = 'top-text';
      token.textContent = text;
      const idText = document.createElement('span');
      idText.className = 'chip-id';
      idText.textContent = String(id);
      const bar = document.createElement('span');
      bar.className = 'top-bar';
      bar.style.width = `${(100 * prob).toFixed(1)}%`;
      const percent = document.createElement('span');
      percent.className = 'top-prob';
      percent.textContent = `${(100 * prob).toFixed(1)}%`;
      item.append(token, idText, percent, bar);
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
