// shared/elements.ts without a browser: a stand-in `document` records what span() asks for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { span } from '../../../components/widgets/shared/elements.ts';

test('span() makes one <span> carrying the class and the text, text kept verbatim', () => {
  const made: { tag: string; className?: string; textContent?: string }[] = [];
  const stand = { createElement: (tag: string) => made[made.push({ tag }) - 1]! };
  Object.defineProperty(globalThis, 'document', { value: stand, configurable: true });
  try {
    for (const text of ['▁Hi', ' (probe)', '', '12']) {
      const element = span('chip-text', text);
      assert.deepEqual(element, { tag: 'span', className: 'chip-text', textContent: text });
    }
    assert.equal(made.length, 4);
  } finally {
    Reflect.deleteProperty(globalThis, 'document');
  }
});
