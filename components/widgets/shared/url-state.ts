// Widget state in the page URL, so that a copied link restores what the reader saw. Each widget
// owns the parameters that start with its namespace (`mask-text`, `mask-mode`, …) and leaves every
// other parameter (another widget's, or `?backend=wasm`) untouched.

/** True when `search` carries at least one parameter of this namespace. */
export function hasNamespace(search: string, namespace: string): boolean {
  return [...new URLSearchParams(search).keys()].some((name) => name.startsWith(`${namespace}-`));
}

/**
 * `search` with `values` set (replacing earlier values of those names); a null value removes that
 * parameter (state that only sometimes applies). Other parameters keep their order.
 */
export function withParams(search: string, values: Readonly<Record<string, string | null>>): string {
  const params = new URLSearchParams(search);
  for (const [name, value] of Object.entries(values)) {
    if (value === null) params.delete(name);
    else params.set(name, value);
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** Writes `values` into the current URL without adding a history entry. */
export function replaceUrlParams(values: Readonly<Record<string, string | null>>): void {
  const search = withParams(location.search, values);
  history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
}
