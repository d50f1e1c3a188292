// Writing only what changed. A live widget redraws on every slider step, and most of what it shows
// is the same from one step to the next. Every DOM write, even of an equal value, makes the browser
// restyle the node and wakes every MutationObserver on the page (Starlight and Astro have some), so
// these helpers compare first and write only differences.

/** Sets `element`'s text unless it already reads `text`. */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/** Sets an attribute unless it already has `value`. */
export function setAttr(element: Element, name: string, value: string): void {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

/** The key each patched child was made from (see `patchChildren`). */
const madeFrom = new WeakMap<Element, string>();

/**
 * Makes `current` show what `next` shows, keeping `current` in place: its attributes become
 * `next`'s and its children are `next`'s children. Replacing an item of a list instead would make
 * the browser restyle every sibling of it (sibling selectors might match differently).
 */
function morph(current: Element, next: Element): void {
  for (const name of current.getAttributeNames()) if (!next.hasAttribute(name)) current.removeAttribute(name);
  for (const name of next.getAttributeNames()) setAttr(current, name, next.getAttribute(name)!);
  current.replaceChildren(...next.childNodes);
}

/**
 * Makes `parent`'s children show `items`, one child per item in order. `keyOf` names everything an
 * item's element shows; a child made from the same key is kept as it is, any other is made again by
 * `make(item)` and takes that element's attributes and children, so unchanged items cost one string
 * comparison and no new nodes.
 */
export function patchChildren<Item>(
  parent: Element,
  items: readonly Item[],
  keyOf: (item: Item, index: number) => string,
  make: (item: Item, index: number) => Element,
): void {
  items.forEach((item, index) => {
    const key = keyOf(item, index);
    const current = parent.children[index];
    if (current !== undefined && madeFrom.get(current) === key) return;
    const made = make(item, index);
    let shown = made;
    if (current === undefined) parent.append(made);
    else if (current.tagName !== made.tagName) current.replaceWith(made);
    else {
      morph(current, made);
      shown = current;
    }
    madeFrom.set(shown, key);
  });
  while (parent.children.length > items.length) parent.lastElementChild!.remove();
}
