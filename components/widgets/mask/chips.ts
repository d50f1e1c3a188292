// The token chips: each token with its position, the prefix highlighted (prefix mode) and the
// replaced token marked. The component renders the first set on the server with `chipFlags`; the
// client redraws them with `renderChips` whenever the text or a control changes, remaking only the
// chips whose token or role changed.
import type { MaskMode } from '../../../kernels/ops/mask/reference.ts';
import type { MaskStrings } from './strings.ts';
import { patchChildren } from '../shared/dom-patch.ts';
import { span } from '../shared/elements.ts';

export type ChipView = { readonly mode: MaskMode; readonly prefix: number; readonly probe: number };

export function chipFlags(index: number, view: ChipView): { inPrefix: boolean; isProbe: boolean } {
  return { inPrefix: view.mode === 'prefix' && index < view.prefix, isProbe: index === view.probe };
}

function chip(token: string, index: number, view: ChipView, strings: MaskStrings): HTMLLIElement {
  const { inPrefix, isProbe } = chipFlags(index, view);
  const item = document.createElement('li');
  item.className = 'chip';
  item.dataset['index'] = String(index);
  if (inPrefix) item.dataset['prefix'] = '';
  if (isProbe) item.dataset['probe'] = '';
  item.append(span('chip-index', String(index)), span('chip-text', token));
  const roles = [inPrefix ? strings.prefixChip : '', isProbe ? strings.probeChip : ''].filter((r) => r !== '');
  if (roles.length > 0) item.append(span('sr-only', ` (${roles.join(', ')})`));
  return item;
}

export function renderChips(list: HTMLElement, tokens: readonly string[], view: ChipView, strings: MaskStrings): void {
  patchChildren(
    list,
    tokens,
    (token, index) => {
      const { inPrefix, isProbe } = chipFlags(index, view);
      return JSON.stringify([token, inPrefix, isProbe]);
    },
    (token, index) => chip(token, index, view, strings),
  );
}
