// Replacing a list's children on every slider step mutates the whole list, which makes the browser
// restyle it and wakes every MutationObserver on the page (Starlight has some). Most items are the
// same from one step to the next, so keep those and swap in only the ones that differ.

/** Makes `parent`'s children equal to `next`, keeping each existing child equal to its replacement. */
export function patchChildren(parent: Element, next: readonly Element[]): void {
  next.forEach((child, index) => {
    const current = parent.children[index];
    if (current === undefined) parent.append(child);
    else if (!current.isEqualNode(child)) current.replaceWith(child);
  });
  while (parent.children.length > next.length) parent.lastElementChild!.remove();
}
