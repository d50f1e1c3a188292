// The small pieces widgets build their lists from (token chips, loss targets, the next-token list):
// each a <span> with a class that the shared stylesheet (widget.css) or the widget's own styles.

/** `<span class="className">text</span>`. */
export function span(className: string, text: string): HTMLSpanElement {
  const element = document.createElement('span');
  element.className = className;
  element.textContent = text;
  return element;
}
