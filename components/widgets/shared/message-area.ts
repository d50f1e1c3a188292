// The message area of a widget: clamping notices and refusals, one paragraph each; empty when the
// input needed no adjustment. The element itself carries aria-live, so screen readers hear changes;
// a notice that stays the same from one update to the next is left alone, so it is not read again.
import { patchChildren } from './dom-patch.ts';

export function showMessages(area: HTMLElement, lines: readonly string[]): void {
  patchChildren(
    area,
    lines,
    (line) => line,
    (line) => {
      const paragraph = document.createElement('p');
      paragraph.textContent = line;
      return paragraph;
    },
  );
}
