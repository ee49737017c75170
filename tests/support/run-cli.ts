import { spawn } from 'node:child_process';
import { repoRoot } from '../../platform/paths.js';
import type { TestCms } from './test-cms.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  done: Promise<CliResult>;
  kill(): void;
}

/**
 * Runs one of the project's CLIs (`scripts/import.ts` …) as `npm run` would, against a test
 * Directus: its settings stand in for `.env`, and relative paths resolve from `cwd`.
 */
export function startCli(cms: TestCms, script: string, args: readonly string[], { cwd, env = {} }: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): RunningCli {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...cms.settings, SITE_READER_TOKEN: cms.siteReaderToken, ...(cwd ? { INIT_CWD: cwd } : {}), ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return {
    done: new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr }))),
    kill: () => child.kill('SIGKILL'),
  };
}

export function runCli(cms: TestCms, script: string, args: readonly string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<CliResult> {
  return startCli(cms, script, args, options).done;
}
