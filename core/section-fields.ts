import { shadowFieldsOf } from './case-folding.js';
import { PENDING_EDITS_FIELD } from './review-queue.js';

/**
 * Who writes which field of a section (DESIGN.md, "Data model" and "Roles and rules"). One list
 * for the hook's Russian refusals and for the Student's field permissions (migrations 0002, 0014),
 * so the form shows read-only exactly what the hook would refuse.
 */

/** What a student writes when creating a section: where it goes, never its code. */
export const STUDENT_CREATE_FIELDS = ['title', 'slug', 'parent', 'status', 'owner', 'summary', 'body', 'source'] as const;

/** What a student changes in their own section: its text and its status (the owner has its own rule). */
export const STUDENT_UPDATE_FIELDS = ['title', 'slug', 'status', 'summary', 'body', 'source'] as const;

/**
 * Kept by the hook (and by import and restore, which run as the admin); no editor sets them: the
 * old codes and paths, the lower-cased copies search uses (core/case-folding.ts), and the count of
 * a section's pending edits the review queue reads (core/review-queue.ts).
 */
export const SYSTEM_FIELDS = ['previous_codes', 'previous_paths', PENDING_EDITS_FIELD, ...shadowFieldsOf('sections')] as const;

const LABELS: Record<string, string> = {
  code: 'Код',
  parent: 'Родительский раздел',
  children: 'Подразделы',
  due_date: 'Срок',
  owner: 'Ответственный',
  previous_codes: 'Прежние коды',
  previous_paths: 'Прежние адреса',
  pending_edits: 'Правки на проверке',
  search_title: 'Поиск: Название',
  search_summary: 'Поиск: Кратко',
  search_body: 'Поиск: Текст',
  imported_at: 'Импортирован',
  date_created: 'Создан',
  date_updated: 'Изменён',
  user_created: 'Автор',
  user_updated: 'Кто изменил',
  id: 'Идентификатор',
};

export function fieldLabel(field: string): string {
  return LABELS[field] ?? field;
}

/** Why a student may not write `field` (Russian, shown in the admin app as is). */
export function studentFieldReason(field: string): string {
  const label = `«${fieldLabel(field)}»`;
  if (field === 'code' || field === 'parent' || field === 'children') {
    return `Поле ${label} студент не меняет: структуру дерева — где лежит раздел и какой у него код — определяет CTO. Попросите CTO перенести раздел; код новому разделу система даёт сама`;
  }
  if (field === 'due_date') return `Поле ${label} — план CTO: студент видит срок, но не меняет его`;
  if ((SYSTEM_FIELDS as readonly string[]).includes(field)) return systemFieldReason(field);
  return `Поле ${label} студент не меняет; его меняет CTO`;
}

export function systemFieldReason(field: string): string {
  if (field === PENDING_EDITS_FIELD) return `Поле «${fieldLabel(field)}» ведёт система: она сама считает правки раздела, которые ждут CTO в версиях, чтобы раздел был в очереди проверки. Вручную его не задают`;
  if (field.startsWith('search_')) return `Поле «${fieldLabel(field)}» ведёт система: это строчная копия текста, по которой поиск находит слова в любом регистре. Вручную его не задают`;
  const what = field === 'previous_paths' ? 'при переносах и переименованиях она сама запоминает прежние адреса страницы' : 'при переносе раздела она сама запоминает его прежний код';
  return `Поле «${fieldLabel(field)}» ведёт система: ${what}, чтобы старые ссылки вели на новое место. Вручную его не задают`;
}
