/**
 * What a long-running command has opened (servers, child processes), closed in the reverse of the
 * order it was opened in, once, however the command ends: Ctrl-C, a failed step, a crash of one
 * of them. Closing goes on past a closer that fails, so one stuck part never keeps the rest open.
 */
export interface Closers {
  /** Registers what closes the part just opened. */
  add(what: string, close: () => Promise<void>): void;
  /** Closes everything still open, newest first; later calls wait for the first one. */
  closeAll(): Promise<void>;
}

export function createClosers(log: (line: string) => void = () => {}): Closers {
  const open: { what: string; close: () => Promise<void> }[] = [];
  let closing: Promise<void> | null = null;
  return {
    add(what, close) {
      open.push({ what, close });
    },
    closeAll() {
      closing ??= (async () => {
        for (let part = open.pop(); part; part = open.pop()) {
          await part.close().catch((error: unknown) => log(`Could not stop ${part?.what}: ${error instanceof Error ? error.message : String(error)}`));
        }
        closing = null;
      })();
      return closing;
    },
  };
}
