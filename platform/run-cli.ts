import { InvalidInputError } from '../core/parse-with.js';

/**
 * The one boundary of every CLI: runs the command, prints a failure as what happened and what
 * to do (with its causes), and decides the exit code. Commands themselves only throw.
 */
export async function runCli(name: string, main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    process.exitCode = error instanceof InvalidInputError ? 2 : 1;
    console.error(`\n${name} failed: ${describe(error)}`);
    if (process.env.DEBUG) console.error(error);
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  let text = error.message;
  let cause = error.cause;
  while (cause instanceof Error) {
    if (!text.includes(cause.message)) text += `\n  caused by: ${cause.message}`;
    cause = cause.cause;
  }
  return text;
}
