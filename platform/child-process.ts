import { spawn } from 'node:child_process';
import { KbError } from '../core/errors.js';

export interface RunNodeOptions {
  /** What runs, for messages: `the Astro build`, `\`directus bootstrap\``. */
  what: string;
  cwd: string;
  /** The child's whole environment (the parent's is not added). */
  env?: NodeJS.ProcessEnv;
  /** Stops the child (SIGTERM); the run then rejects as cancelled. */
  signal?: AbortSignal;
  /** Characters of stdout and of stderr kept for the error message (the tail). */
  keep?: number;
}

/**
 * The one way the project runs a Node program to completion (Astro builds, the extension build,
 * `directus bootstrap`): with this Node, output collected, resolving with stdout on exit 0 and
 * rejecting with a KbError that carries the tail of stderr and stdout otherwise.
 */
export function runNode(script: string, args: readonly string[], { what, cwd, env = process.env, signal, keep = 8000 }: RunNodeOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const child = spawn(process.execPath, [script, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout = (stdout + chunk.toString()).slice(-keep)));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-keep)));
    const abort = () => child.kill('SIGTERM');
    signal?.addEventListener('abort', abort, { once: true });
    child.on('error', (error) => reject(new KbError('failed', `Could not start ${what}`, { why: error.message, cause: error })));
    child.on('exit', (code, killedBy) => {
      signal?.removeEventListener('abort', abort);
      if (signal?.aborted) reject(new KbError('failed', `${what} was cancelled`, { cause: signal.reason }));
      else if (code === 0) resolve(stdout);
      else {
        const output = [stderr.trim() && `its errors:\n${stderr.trim()}`, stdout.trim() && `its last output:\n${stdout.trim()}`].filter(Boolean).join('\n');
        reject(new KbError('failed', `${what} failed (${killedBy ? `killed by ${killedBy}` : `exit code ${code}`})`, { why: output || 'it printed nothing' }));
      }
    });
  });
}
