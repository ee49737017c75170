import { STUDENT_SETTABLE_STATUSES, statusBadge, isSectionStatus, type SectionStatus } from './status.js';

/**
 * Who is acting, as the rules see it. `system` is the server itself (imports run as admin are
 * `admin`); `reader` is anyone with no editing role, such as the site's API-only account;
 * `anonymous` is a request without any login, which may not even read.
 */
export type ActorKind = 'system' | 'admin' | 'cto' | 'student' | 'reader' | 'anonymous';

export interface Actor {
  kind: ActorKind;
  userId: string | null;
}

export interface SectionSnapshot {
  id: string;
  code: string | null;
  status: SectionStatus | string;
  owner: string | null;
}

/** A refusal the API returns as a 4xx with `message` (Russian: it is shown to editors as is). */
export interface Refusal {
  status: 400 | 403 | 409;
  reason: 'forbidden' | 'invalid' | 'conflict';
  message: string;
}

export type UpdateVerdict = { kind: 'allow' } | { kind: 'refuse'; refusal: Refusal } | { kind: 'divert-to-version' };

const forbidden = (message: string): Refusal => ({ status: 403, reason: 'forbidden', message });

export function isEditorInChief(actor: Actor): boolean {
  return actor.kind === 'system' || actor.kind === 'admin' || actor.kind === 'cto';
}

function label(section: Pick<SectionSnapshot, 'code' | 'id'>): string {
  return section.code ? `Раздел ${section.code}` : 'Раздел';
}

function statusText(status: string): string {
  return isSectionStatus(status) ? `«${statusBadge(status)}»` : `«${status}»`;
}

function studentStatusRefusal(status: string): Refusal | null {
  if ((STUDENT_SETTABLE_STATUSES as readonly string[]).includes(status)) return null;
  return forbidden(
    `Статус ${statusText(status)} ставит только CTO; студент может перевести раздел в ${STUDENT_SETTABLE_STATUSES.map(statusText).join(', ')}`,
  );
}

function readerRefusal(): Refusal {
  return forbidden('У этой учётной записи доступ только на чтение: менять разделы могут студенты (свои) и CTO');
}

// Without a login there is no account to speak of: the reader's wording would promise read access.
function anonymousRefusal(): Refusal {
  return forbidden('Без входа в систему разделы нельзя ни читать, ни менять: войдите как студент или CTO');
}

/**
 * Fields the system keeps for redirects — the hook on moves and renames, import and restore as the
 * admin (DESIGN.md: "no editor sets them"). The Student's update permissions do not list them; a
 * create may carry any field, so the rule says it for both.
 */
export const SYSTEM_KEPT_FIELDS = ['previous_paths'] as const;

function systemFieldRefusal(request: object): Refusal | null {
  const field = SYSTEM_KEPT_FIELDS.find((name) => name in request);
  if (field === undefined) return null;
  return forbidden(`Прежние адреса страницы (${field}) ведёт система при переносах и переименованиях; студент их не задаёт — уберите это поле из запроса`);
}

export interface CreateRequest {
  status?: unknown;
  owner?: unknown;
}

export function checkCreate(actor: Actor, request: CreateRequest): Refusal | null {
  if (isEditorInChief(actor)) return null;
  if (actor.kind === 'anonymous') return anonymousRefusal();
  if (actor.kind === 'reader') return readerRefusal();
  const systemField = systemFieldRefusal(request);
  if (systemField) return systemField;
  if (typeof request.status === 'string') {
    const refusal = studentStatusRefusal(request.status);
    if (refusal) return refusal;
  }
  if (request.owner != null && request.owner !== actor.userId) {
    return forbidden('Студент создаёт разделы только на себя; назначить другого ответственного может CTO');
  }
  return null;
}

export interface UpdateRequest {
  before: SectionSnapshot;
  /** Display name of the current owner, for the message. */
  ownerName: string | null;
  changes: Record<string, unknown>;
}

export function checkUpdate(actor: Actor, { before, ownerName, changes }: UpdateRequest): UpdateVerdict {
  if (isEditorInChief(actor)) return { kind: 'allow' };
  if (actor.kind === 'anonymous') return { kind: 'refuse', refusal: anonymousRefusal() };
  if (actor.kind === 'reader') return { kind: 'refuse', refusal: readerRefusal() };
  const systemField = systemFieldRefusal(changes);
  if (systemField) return { kind: 'refuse', refusal: systemField };
  if (before.owner === null) {
    return { kind: 'refuse', refusal: forbidden(`${label(before)} ещё ни за кем не закреплён; попросите CTO назначить его вам`) };
  }
  if (before.owner !== actor.userId) {
    return {
      kind: 'refuse',
      refusal: forbidden(`${label(before)} закреплён за ${ownerName ?? 'другим участником'}; изменить его может владелец или CTO`),
    };
  }
  if ('owner' in changes && changes.owner !== before.owner) {
    return { kind: 'refuse', refusal: forbidden('Ответственного за раздел назначает CTO') };
  }
  if (before.status === 'archived') {
    return { kind: 'refuse', refusal: forbidden(`${label(before)} в архиве; вернуть его в работу может CTO`) };
  }
  if (typeof changes.status === 'string' && changes.status !== before.status) {
    const refusal = studentStatusRefusal(changes.status);
    if (refusal) return { kind: 'refuse', refusal };
  }
  // A published page changes on the site only through the CTO: the edit waits in a version.
  if (before.status === 'published') return { kind: 'divert-to-version' };
  return { kind: 'allow' };
}

export function checkDelete(actor: Actor, before: SectionSnapshot, childCount: number): Refusal | null {
  if (actor.kind === 'anonymous') return anonymousRefusal();
  if (!isEditorInChief(actor)) {
    return forbidden(`Удалять разделы может только CTO; ${label(before).toLowerCase()} можно перевести в архив через CTO`);
  }
  if (childCount > 0) {
    return {
      status: 409,
      reason: 'conflict',
      message: `${label(before)} содержит подразделы (${childCount}); сначала перенесите или удалите их`,
    };
  }
  return null;
}

/** Only the CTO publishes a proposed change to a published section. */
export function checkPromote(actor: Actor, target: SectionSnapshot): Refusal | null {
  if (isEditorInChief(actor)) return null;
  if (actor.kind === 'anonymous') return anonymousRefusal();
  if (target.status === 'published') {
    return forbidden(`${label(target)} опубликован: правку из версии переносит на сайт только CTO`);
  }
  if (target.status === 'archived') return forbidden(`${label(target)} в архиве; вернуть его в работу может CTO`);
  if (target.owner !== actor.userId) return forbidden(`${label(target)} не ваш; перенести в него версию может владелец или CTO`);
  return null;
}

/** Students propose changes (content versions) only to their own sections. */
export function checkProposal(actor: Actor, target: SectionSnapshot, ownerName: string | null): Refusal | null {
  if (isEditorInChief(actor)) return null;
  if (actor.kind === 'anonymous') return anonymousRefusal();
  if (actor.kind === 'reader') return readerRefusal();
  if (target.owner !== actor.userId) {
    return forbidden(`${label(target)} закреплён за ${ownerName ?? 'другим участником'}; предлагать правки к нему может владелец или CTO`);
  }
  return null;
}

export function divertedMessage(section: Pick<SectionSnapshot, 'code' | 'id'>, versionName: string): string {
  return `${label(section)} опубликован, поэтому правка не меняет сайт сразу: она сохранена в версии «${versionName}» и ждёт проверки CTO`;
}
