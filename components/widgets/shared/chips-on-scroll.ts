// A token-chip list that draws a long text's chips in batches: the first ones at once, more each
// time the reader scrolls the list to the last chip drawn, so a pasted page costs the browser's
// layout a few hundred chips, not thousands (token-chips.ts says how many and why). The tokenizer
// and chat-template widgets both use it; each says in its own words how many of how many chips
// are drawn, since the counts it shows above the chips cover every token.
import { appendChips, renderChips, type ChipLabels, type ChipTokens } from './token-chips.ts';

export type ChipsOnScroll = {
  /** Draws the first chips of `tokenized` in place of the list's. */
  readonly show: (tokenized: ChipTokens, labels: ChipLabels) => void;
  /** Draws every chip not drawn yet. */
  readonly showAll: () => void;
  /** Empties the list. */
  readonly clear: () => void;
};

/** Chips drawn into `list` (the scrolling box); `drawn(count, total)` after each draw, for the widget's note. */
export function chipsOnScroll(list: HTMLElement, drawn: (count: number, total: number) => void): ChipsOnScroll {
  let shown: { readonly tokenized: ChipTokens; readonly labels: ChipLabels } | undefined;
  // Fires when the last chip drawn comes within 100px of the box's bottom, or is in view from the start.
  const nearTheEnd = new IntersectionObserver(
    (entries) => {
      if (shown !== undefined && entries.some((entry) => entry.isIntersecting)) after(appendChips(list, shown.tokenized, shown.labels));
    },
    { root: list, rootMargin: '0px 0px 100px 0px' },
  );
  /** Says how many are drawn, and watches the last chip while some are not. */
  function after(count: number): void {
    const total = shown?.tokenized.groups.length ?? 0;
    nearTheEnd.disconnect();
    if (count < total && list.lastElementChild !== null) nearTheEnd.observe(list.lastElementChild);
    drawn(count, total);
  }
  return {
    show: (tokenized, labels) => {
      shown = { tokenized, labels };
      after(renderChips(list, tokenized, labels));
    },
    showAll: () => {
      if (shown !== undefined) after(appendChips(list, shown.tokenized, shown.labels, Infinity));
    },
    clear: () => {
      shown = undefined;
      list.replaceChildren();
      after(0);
    },
  };
}
