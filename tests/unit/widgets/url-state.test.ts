// Namespaced URL parameters: a widget writes its own and leaves everyone else's alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hasNamespace, withParams } from '../../../components/widgets/shared/url-state.ts';

const name = fc.stringMatching(/^[a-z]{1,6}(-[a-z]{1,6})?$/);
const value = fc.string({ maxLength: 20 });

test('withParams sets the given values and keeps every other parameter', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(name, value), { maxLength: 6 }), fc.dictionary(name, value, { maxKeys: 4 }), (existing, values) => {
      const search = new URLSearchParams(existing).toString();
      const result = new URLSearchParams(withParams(search, values));
      for (const [key, v] of Object.entries(values)) assert.equal(result.get(key), v);
      for (const [key, v] of existing) if (!(key in values)) assert.ok(result.getAll(key).includes(v));
    }),
  );
});

test('withParams round-trips text that needs escaping', () => {
  const text = '小猫 & dogs? #1 = 100%\n+';
  assert.equal(new URLSearchParams(withParams('?backend=wasm', { 'mask-text': text })).get('mask-text'), text);
  assert.equal(withParams('', {}), '');
});

test('hasNamespace looks for the namespace prefix only', () => {
  assert.equal(hasNamespace('?mask-mode=prefix', 'mask'), true);
  assert.equal(hasNamespace('?backend=wasm&mask-text=', 'mask'), true);
  assert.equal(hasNamespace('?backend=wasm&masked=1', 'mask'), false);
  assert.equal(hasNamespace('', 'mask'), false);
});
