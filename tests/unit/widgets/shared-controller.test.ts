// What every widget controller shares (shared/controller.ts): the lazily loaded module, element
// lookups in the build-time markup, and the message shown for an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { messageOf, onFirstUse, onFirstUseOf, widgetElements } from '../../../components/widgets/shared/controller.ts';

test('the module loads once, however many callers ask at the same time or later', async () => {
  let loads = 0;
  const load = onFirstUse(async () => {
    loads += 1;
    return { module: loads };
  });
  const first = await Promise.all([load(), load(), load()]);
  const later = await load();
  assert.equal(loads, 1);
  for (const got of [...first, later]) assert.equal(got, first[0]);
});

test('a failed load reaches every caller waiting on it, and the next call tries again', async () => {
  let attempt = 0;
  const load = onFirstUse(async () => {
    attempt += 1;
    if (attempt === 1) throw new Error('network down');
    return `loaded on attempt ${attempt}`;
  });
  const waiting = await Promise.allSettled([load(), load()]);
  assert.deepEqual(
    waiting.map((outcome) => outcome.status === 'rejected' && messageOf(outcome.reason)),
    ['network down', 'network down'],
  );
  assert.equal(await load(), 'loaded on attempt 2');
  assert.equal(await load(), 'loaded on attempt 2');
  assert.equal(attempt, 2);
});

test('by key: each key loads once, a failed key is tried again, other keys keep theirs', async () => {
  const calls: string[] = [];
  const load = onFirstUseOf(async (id: string) => {
    calls.push(id);
    if (id === 'flaky' && calls.filter((c) => c === id).length === 1) throw new Error('network down');
    return `${id} #${calls.length}`;
  });
  assert.deepEqual(await Promise.all([load('a'), load('a'), load('b')]), ['a #1', 'a #1', 'b #2']);
  await assert.rejects(load('flaky'), /network down/);
  assert.equal(await load('flaky'), 'flaky #4');
  assert.equal(await load('a'), 'a #1');
  assert.deepEqual(calls, ['a', 'b', 'flaky', 'flaky']);
});

/** A root that knows a few selectors, as querySelector would answer them. */
function fakeRoot(elements: Record<string, object>): ParentNode {
  return { querySelector: (selector: string) => elements[selector] ?? null } as unknown as ParentNode;
}

test('find and role return the elements of the markup', () => {
  const run = { name: 'run' };
  const status = { name: 'status' };
  const { find, role } = widgetElements(fakeRoot({ 'button[data-action="run"]': run, '[data-role="status"]': status }), 'w');
  assert.equal(find('button[data-action="run"]'), run);
  assert.equal(role('status'), status);
});

test('a missing element is an error naming the widget and the selector', () => {
  const { find, role } = widgetElements(fakeRoot({}), 'mask widget');
  assert.throws(() => find('select[name="mask-head"]'), { message: 'mask widget: missing select[name="mask-head"]' });
  assert.throws(() => role('charts'), { message: 'mask widget: missing [data-role="charts"]' });
});

test('an error shows its message; anything else thrown shows as text', () => {
  assert.equal(messageOf(new RangeError('too long')), 'too long');
  assert.equal(messageOf('plain text'), 'plain text');
  assert.equal(messageOf(42), '42');
});
