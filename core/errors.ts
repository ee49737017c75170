import { formatSourceMessage, type SourceMessage } from './source-message.js';

/**
 * The one error the project throws on purpose (like Astro's error catalogue): what happened, why,
 * and what to do about it, with the original error as `cause`. Its kind decides what a boundary
 * makes of it — a CLI's exit code (platform/run-cli.ts), the preview's HTTP status — so no caller
 * has to know which module threw it.
 */
export const ERROR_KINDS = {
  /** A file, a flag, a setting or a value does not fit; fixing it is the user's move. */
  'bad-input': { exitCode: 2, httpStatus: 400 },
  /** The request is fine but the state is not: edits the import would overwrite, a full target. */
  conflict: { exitCode: 1, httpStatus: 409 },
  'not-signed-in': { exitCode: 1, httpStatus: 401 },
  forbidden: { exitCode: 1, httpStatus: 403 },
  'not-found': { exitCode: 1, httpStatus: 404 },
  /** Directus answered with data the project's schema refuses (fix it in the admin app). */
  'malformed-data': { exitCode: 1, httpStatus: 502 },
  /** A call to Directus failed: it is down, refused the token, or answered with an error. */
  directus: { exitCode: 1, httpStatus: 502 },
  /** Anything else that stopped the work: a build, a child process, a write. */
  failed: { exitCode: 1, httpStatus: 500 },
} as const satisfies Record<string, { exitCode: number; httpStatus: number }>;

export type ErrorKind = keyof typeof ERROR_KINDS;

export interface ErrorDetails {
  /** Why it happened: the cause in the user's terms (Directus's answer, the failing check). */
  why?: string;
  /** What to do about it, as a sentence. */
  hint?: string;
  cause?: unknown;
  /** Places in the user's files, one line each (`file:line: …`). */
  messages?: readonly SourceMessage[];
  /** Checks that failed, one line each (a setting, a field of a file). */
  issues?: readonly string[];
}

function sentence(text: string): string {
  return /[.!?:;]$/.test(text) ? text : `${text}.`;
}

/** `what: why. hint`, or `what: why:` and one line per message or issue, then the hint. */
function compose(what: string, { why, hint, messages = [], issues = [] }: ErrorDetails): string {
  const head = why ? `${what}: ${why}` : what;
  const lines = [...messages.map(formatSourceMessage), ...issues.map((issue) => `  - ${issue}`)];
  if (lines.length === 0) return hint ? `${sentence(head)} ${hint}` : head;
  return [`${head}:`, ...lines, ...(hint ? [hint] : [])].join('\n');
}

export class KbError extends Error {
  readonly kind: ErrorKind;
  readonly what: string;
  readonly why: string | undefined;
  readonly hint: string | undefined;
  readonly messages: readonly SourceMessage[];
  readonly issues: readonly string[];

  constructor(kind: ErrorKind, what: string, details: ErrorDetails = {}) {
    super(compose(what, details), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'KbError';
    this.kind = kind;
    this.what = what;
    this.why = details.why;
    this.hint = details.hint;
    this.messages = details.messages ?? [];
    this.issues = details.issues ?? [];
  }

  get exitCode(): number {
    return ERROR_KINDS[this.kind].exitCode;
  }

  get httpStatus(): number {
    return ERROR_KINDS[this.kind].httpStatus;
  }
}

export function isKbError(error: unknown, kind?: ErrorKind): error is KbError {
  return error instanceof KbError && (kind === undefined || error.kind === kind);
}

/** What a command that failed with `error` exits with: its kind's code, 1 for anything unforeseen. */
export function exitCodeOf(error: unknown): number {
  return error instanceof KbError ? error.exitCode : 1;
}

/** The message with every cause that adds something, one per line (logs, the publisher's status). */
export function describeError(error: unknown, separator = '\n  caused by: '): string {
  if (!(error instanceof Error)) return String(error);
  let text = error.message;
  for (let cause = error.cause; cause instanceof Error; cause = cause.cause) {
    if (!text.includes(cause.message)) text += `${separator}${cause.message}`;
  }
  return text;
}

/** Why a file or folder could not be read, in the user's terms (from Node's error code). */
export function fileErrorReason(error: unknown, thing = 'file'): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `there is no such ${thing}`;
  if (code === 'EACCES') return 'it may not be read (permissions)';
  return error instanceof Error ? error.message : String(error);
}
