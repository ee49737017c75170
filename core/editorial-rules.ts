import { STUDENT_CREATE_FIELDS, STUDENT_UPDATE_FIELDS, SYSTEM_FIELDS, studentFieldReason, systemFieldReason } from './section-fields.js';
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
  /** Known when a change may touch the structure; a field the snapshot lacks is not compared. */
  parent?: string | null;
  previous_codes?: readonly string[];
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

export interface CreateRequest {
  status?: unknown;
  owner?: unknown;
  [field: string]: unknown;
}

function isBlankValue(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

const isSystemField = (field: string) => (SYSTEM_FIELDS as readonly string[]).includes(field);

/** The server and the admin (import, restore, the doctor) keep the system's fields; editors never. */
function systemFieldRefusal(actor: Actor, fields: readonly string[]): Refusal | null {
  if (actor.kind === 'system' || actor.kind === 'admin') return null;
  const field = fields.find(isSystemField);
  return field ? forbidden(systemFieldReason(field)) : null;
}

function studentFieldRefusal(allowed: readonly string[], fields: readonly string[]): Refusal | null {
  const field = fields.find((f) => !allowed.includes(f));
  return field ? forbidden(studentFieldReason(field)) : null;
}

export function checkCreate(actor: Actor, request: CreateRequest): Refusal | null {
  const given = Object.keys(request).filter((field) => !isBlankValue(request[field]));
  const system = systemFieldRefusal(actor, given);
  if (system && actor.kind === 'cto') return system;
  if (isEditorInChief(actor)) return null;
  if (actor.kind === 'anonymous') return anonymousRefusal();
  if (actor.kind === 'reader') return readerRefusal();
  const field = studentFieldRefusal(STUDENT_CREATE_FIELDS, given);
  if (field) return field;
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

function sameRelation(value: unknown, id: string | null): boolean {
  if (value === null || value === undefined || value === '') return id === null;
  if (typeof value === 'string') return value === id;
  return typeof value === 'object' && 'id' in value && (value as { id: unknown }).id === id;
}

function sameList(value: unknown, list: readonly string[]): boolean {
  const given = value ?? [];
  return Array.isArray(given) && given.length === list.length && given.every((item, i) => item === list[i]);
}

/**
 * Fields sent with the value they already have: the admin app and API clients resend them, and
 * they change nothing, so no rule about who may change them applies (the hook drops them).
 */
export function unchangedFields(before: SectionSnapshot, changes: Record<string, unknown>): string[] {
  return Object.keys(changes).filter((field) => {
    const value = changes[field];
    if (field === 'owner') return sameRelation(value, before.owner);
    if (field === 'parent') return before.parent !== undefined && sameRelation(value, before.parent);
    if (field === 'code') return typeof value === 'string' && value.trim() === before.code;
    if (field === 'status') return value === before.status;
    if (field === 'previous_codes') return before.previous_codes !== undefined && sameList(value, before.previous_codes);
    return false;
  });
}

export function checkUpdate(actor: Actor, { before, ownerName, changes }: UpdateRequest): UpdateVerdict {
  const system = systemFieldRefusal(actor, Object.keys(changes));
  if (system && actor.kind === 'cto') return { kind: 'refuse', refusal: system };
  if (isEditorInChief(actor)) return { kind: 'allow' };
  if (actor.kind === 'anonymous') return { kind: 'refuse', refusal: anonymousRefusal() };
  if (actor.kind === 'reader') return { kind: 'refuse', refusal: readerRefusal() };
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
  const field = studentFieldRefusal(STUDENT_UPDATE_FIELDS, Object.keys(changes).filter((f) => f !== 'owner'));
  if (field) return { kind: 'refuse', refusal: field };
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

/**
 * A batch or nested write runs in one transaction that a refusal rolls back, the version save with
 * it: such an edit of a published section is refused whole, and says that nothing was saved.
 */
export function divertImpossibleRefusal(section: Pick<SectionSnapshot, 'code' | 'id'>): Refusal {
  return {
    status: 409,
    reason: 'conflict',
    message: `${label(section)} опубликован: правку к нему сохраняют в версии из его собственной формы, по одному разделу, а не в пакетном или вложенном изменении. Ничего не сохранено — откройте раздел и сохраните правку там`,
  };
}

export function divertedMessage(section: Pick<SectionSnapshot, 'code' | 'id'>, versionName: string): string {
  return `${label(section)} опубликован, поэтому правка не меняет сайт сразу: она сохранена в версии «${versionName}» и ждёт проверки CTO`;
}
