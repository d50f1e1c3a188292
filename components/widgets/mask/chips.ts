// The token chips: each token with its position, the prefix highlighted (prefix mode) and the
// replaced token marked. The component renders the first set on the server with `chipFlags`; the
// client redraws them with `renderChips` whenever the text or a control changes.
import type { MaskMode } from '../../../kernels/ops/mask/reference.ts';
import type { MaskStrings } from './strings.ts';
import { patchChildren } from '../shared/patch-children.ts';

export type ChipView = { readonly mode: MaskMode; readonly prefix: number; readonly probe: number };

export function chipFlags(index: number, view: ChipView): { inPrefix: boolean; isProbe: boolean } {
  return { inPrefix: view.mode === 'prefix' && index < view.prefix, isProbe: index === view.probe };
}

export function renderChips(list: HTMLElement, tokens: readonly string[], view: ChipView, strings: MaskStrings): void {
  patchChildren(
    list,
    tokens.map((token, index) => {
      const { inPrefix, isProbe } = chipFlags(index, view);
      const chip = document.createElement('li');
      chip.className = 'chip';
      chip.dataset['index'] = String(index);
      if (inPrefix) chip.dataset['prefix'] = '';
      if (isProbe) chip.dataset['probe'] = '';
      const position = document.createElement('span');
      position.className = 'chip-index';
      position.textContent = String(index);
      const text = document.createElement('span');
      text.className = 'chip-text';
      text.textContent = token;
      chip.append(position, text);
      const roles = [inPrefix ? strings.prefixChip : '', isProbe ? strings.probeChip : ''].filter((r) => r !== '');
      if (roles.length > 0) {
        const hidden = document.createElement('span');
        hidden.className = 'sr-only';
        hidden.textContent = ` (${roles.join(', ')})`;
        chip.append(hidden);
      }
      return chip;
    }),
  );
}
