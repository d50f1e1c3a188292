// Run one of the repository's scripts as a user would (a child Node process), collecting its output.
// Asynchronous on purpose: a test may be serving the script (a stand-in hub) from this same process.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type CliRun = { readonly code: number | null; readonly stdout: string; readonly stderr: string };

export function runScript(script: string, args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `npm run infer` with these arguments (scripts/infer.ts), as a user runs it. */
export function infer(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runScript('scripts/infer.ts', args, env);
}
