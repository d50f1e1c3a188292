// The message area of a widget: clamping notices and refusals, one paragraph each; empty when the
// input needed no adjustment. The element itself carries aria-live, so screen readers hear changes.

export function showMessages(area: HTMLElement, lines: readonly string[]): void {
  area.replaceChildren(
    ...lines.map((line) => {
      const paragraph = document.createElement('p');
      paragraph.textContent = line;
      return paragraph;
    }),
  );
}
