import { describeError, exitCodeOf } from '../core/errors.js';

/**
 * The one boundary of every CLI: runs the command, prints a failure as what happened and what
 * to do (with its causes), and exits with the code the error's kind carries. Commands only throw.
 */
export async function runCli(name: string, main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    process.exitCode = exitCodeOf(error);
    console.error(`\n${name} failed: ${describeError(error)}`);
    if (process.env.DEBUG) console.error(error);
  }
}
