// Keeps KaTeX's output out of the search index: Pagefind would otherwise index the rendered
// formula's glyph soup ("位置 mmm 上的") as page text. Every element KaTeX rendered (class "katex",
// inline or inside a display block) gets data-pagefind-ignore; the prose around it stays indexed.
// A display formula scrolls sideways when it is wider than the column, so it also takes keyboard
// focus (tabindex 0): arrow keys scroll it, as a pointer can.

/** True when a hast element carries `name` among its classes. */
function hasClass(node, name) {
  const classes = node.properties?.className;
  return Array.isArray(classes) && classes.includes(name);
}

function mark(node) {
  if (node.type === 'element' && (hasClass(node, 'katex') || hasClass(node, 'katex-display'))) {
    node.properties.dataPagefindIgnore = '';
    if (hasClass(node, 'katex-display')) node.properties.tabIndex = 0;
    return;
  }
  for (const child of node.children ?? []) mark(child);
}

/** Rehype plugin; runs after rehype-katex. */
export function rehypeMathUnindexed() {
  return (tree) => mark(tree);
}
