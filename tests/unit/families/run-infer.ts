// `npm run infer` as a user runs it, for the CLI's tests (a child process: tests/harness/run-cli.ts).
import { runScript, type CliRun } from '../../harness/run-cli.ts';

export { ROOT } from '../../harness/run-cli.ts';

export function infer(...args: string[]): Promise<CliRun> {
  return runScript('scripts/infer.ts', args);
}
