/**
 * A message about a place in the user's files — a problem that stops an import, or a warning —
 * the one shape every reader of sources reports in (seed index, docs tree, Gramax markup, plan),
 * printed the one way people and editors jump to: `file:line: message`.
 */
export interface SourceMessage {
  /** As named to the user (`docs/02-platform/README.md`); '' when the source has no file name. */
  file: string;
  /** 1-based; 0 when the message is about a file or folder as a whole. */
  line: number;
  message: string;
}

export function formatSourceMessage({ file, line, message }: SourceMessage): string {
  if (file === '') return line > 0 ? `line ${line}: ${message}` : message;
  return `${file}${line > 0 ? `:${line}` : ''}: ${message}`;
}

/** By file, then line: the order an editor fixes them in. */
export function compareSourceMessages(a: SourceMessage, b: SourceMessage): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line;
}
