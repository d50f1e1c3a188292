// Small pieces every widget controller (mask-widget.ts, model-panel.ts) needs: the heavy module
// loaded on first use, the elements of its build-time markup, and an error's message for the reader.

/**
 * `load()` on the first call, its promise shared by every later call. A failed load is forgotten,
 * so the next call tries again (a flaky network must not break the widget for good).
 */
export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}

/** `onFirstUse` for each key: `load(key)` on a key's first call, shared by its later calls, forgotten if it fails. */
export function onFirstUseOf<K, T>(load: (key: K) => Promise<T>): (key: K) => Promise<T> {
  const byKey = new Map<K, () => Promise<T>>();
  return (key) => {
    let once = byKey.get(key);
    if (once === undefined) {
      once = onFirstUse(() => load(key));
      byKey.set(key, once);
    }
    return once();
  };
}

/** Lookups inside one widget's root. */
export type WidgetElements = {
  /** The element `selector` names. */
  readonly find: <T extends Element>(selector: string) => T;
  /** The element with `data-role="name"`. */
  readonly role: (name: string) => HTMLElement;
};

/**
 * Lookups inside `root`. The markup was rendered at build time, so a missing element is a bug in
 * it: the error says which widget (`widget`, e.g. "mask widget") and which selector.
 */
export function widgetElements(root: ParentNode, widget: string): WidgetElements {
  const find = <T extends Element>(selector: string): T => {
    const element = root.querySelector<T>(selector);
    if (element === null) throw new Error(`${widget}: missing ${selector}`);
    return element;
  };
  return { find, role: (name) => find<HTMLElement>(`[data-role="${name}"]`) };
}

/** What to tell the reader about something thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
