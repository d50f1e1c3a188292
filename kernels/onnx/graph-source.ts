// A graph the runtime can run: its cache key and how to build it. Standalone kernel graphs (one op
// with its inputs and output, for tests and widgets) are all made the same way, so they say only
// what is inside.
import type { GraphSource } from '../runtime/runtime.ts';
import { GraphBuilder } from './graph-builder.ts';

/**
 * The graph that `body` writes into a fresh builder named `key`, encoded when the runtime first
 * needs it. Sessions are cached by `key`: it must name everything that changes the graph.
 */
export function graphSource(key: string, body: (g: GraphBuilder) => void): GraphSource {
  return {
    key,
    build() {
      const g = new GraphBuilder(key);
      body(g);
      return g.toModelBytes();
    },
  };
}
