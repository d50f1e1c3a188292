// Starlight shows a Markdown table as a block that scrolls sideways when it is wider than the
// column. A region that scrolls must take keyboard focus so arrow keys can scroll it (WCAG 2.1.1;
// axe: scrollable-region-focusable): every table in an article gets tabindex 0.

function mark(node) {
  if (node.type === 'element' && node.tagName === 'table') node.properties.tabIndex = 0;
  for (const child of node.children ?? []) mark(child);
}

/** Rehype plugin for the articles' Markdown. */
export function rehypeFocusableTables() {
  return (tree) => mark(tree);
}
