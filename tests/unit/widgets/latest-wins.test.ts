// The coalescing scheduler under random interleavings of submissions and completions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { latestWins } from '../../../components/widgets/shared/latest-wins.ts';

type Job = { id: number; settle: (ok: boolean) => void };

/** Lets the scheduler's awaits run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

const actions = fc.array(fc.oneof(fc.constant('submit' as const), fc.constantFrom('finish' as const, 'throw' as const)), {
  minLength: 1,
  maxLength: 40,
});

test('one computation at a time, only the newest request is delivered, and it always is', async () => {
  await fc.assert(
    fc.asyncProperty(actions, async (steps) => {
      const running: Job[] = [];
      const started: number[] = [];
      const outcomes: { id: number; newest: number; ok: boolean }[] = [];
      let newest = 0;
      let mostAtOnce = 0;

      const submit = latestWins<number, number>({
        work: (id) =>
          new Promise<number>((resolve, reject) => {
            started.push(id);
            running.push({ id, settle: (ok) => (ok ? resolve(id * 10) : reject(new Error(`job ${id}`))) });
            mostAtOnce = Math.max(mostAtOnce, running.length);
          }),
        deliver: (result, id) => {
          assert.equal(result, id * 10);
          outcomes.push({ id, newest, ok: true });
        },
        fail: (_error, id) => outcomes.push({ id, newest, ok: false }),
      });

      const settleOne = async (ok: boolean) => {
        running.shift()?.settle(ok);
        await flush();
      };
      for (const step of steps) {
        if (step === 'submit') {
          newest += 1;
          submit(newest);
          await flush();
        } else await settleOne(step === 'finish');
      }
      while (running.length > 0) await settleOne(true);

      assert.ok(mostAtOnce <= 1, 'at most one computation in flight');
      assert.deepEqual(started, [...started].sort((a, b) => a - b), 'work starts in submission order');
      assert.equal(new Set(started).size, started.length, 'no request is computed twice');
      for (const outcome of outcomes) assert.equal(outcome.id, outcome.newest, 'only the newest request is answered');
      if (newest > 0) {
        assert.equal(outcomes.filter((o) => o.id === newest).length, 1, 'the newest request is answered exactly once');
        assert.equal(outcomes.at(-1)?.id, newest);
      }
    }),
    { numRuns: 200 },
  );
});

test('requests submitted while one runs collapse into the newest', async () => {
  const started: string[] = [];
  const delivered: string[] = [];
  let release: () => void = () => {};
  const submit = latestWins<string, string>({
    work: (request) => {
      started.push(request);
      return new Promise((resolve) => (release = () => resolve(request)));
    },
    deliver: (result) => delivered.push(result),
    fail: (error) => assert.fail(String(error)),
  });
  submit('a');
  submit('b');
  submit('c');
  submit('d');
  await flush();
  release();
  await flush();
  release();
  await flush();
  assert.deepEqual(started, ['a', 'd']);
  assert.deepEqual(delivered, ['d']);
});
