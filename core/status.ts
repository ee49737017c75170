import { z } from 'zod';

export const SECTION_STATUSES = ['planned', 'in_progress', 'review', 'published', 'archived'] as const;

export type SectionStatus = (typeof SECTION_STATUSES)[number];

export const sectionStatusSchema = z.enum(SECTION_STATUSES);

export interface StatusMeta {
  label: string;
  emoji: string;
  color: string;
}

// Colours are chosen to keep at least 4.5:1 contrast against white badge text.
export const STATUS_META: Record<SectionStatus, StatusMeta> = {
  planned: { label: 'Запланировано', emoji: '⏳', color: '#6B7280' },
  in_progress: { label: 'В разработке', emoji: '📝', color: '#B45309' },
  review: { label: 'На проверке', emoji: '👀', color: '#2563EB' },
  published: { label: 'Готово', emoji: '✅', color: '#15803D' },
  archived: { label: 'В архиве', emoji: '🗄', color: '#4B5563' },
};

// Students may move their own work forward up to review; publishing and archiving stay with the CTO.
export const STUDENT_SETTABLE_STATUSES: readonly SectionStatus[] = ['planned', 'in_progress', 'review'];

export function isSectionStatus(value: unknown): value is SectionStatus {
  return typeof value === 'string' && (SECTION_STATUSES as readonly string[]).includes(value);
}

export function statusBadge(status: SectionStatus): string {
  const meta = STATUS_META[status];
  return `${meta.emoji} ${meta.label}`;
}

// The words the team actually writes (seed, Gramax pages), not only our own labels.
const STATUS_WORDS: ReadonlyMap<string, SectionStatus> = new Map<string, SectionStatus>([
  ['planned', 'planned'],
  ['запланировано', 'planned'],
  ['планирование', 'planned'],
  ['в планах', 'planned'],
  ['in_progress', 'in_progress'],
  ['in progress', 'in_progress'],
  ['in-progress', 'in_progress'],
  ['в разработке', 'in_progress'],
  ['в процессе', 'in_progress'],
  ['в работе', 'in_progress'],
  ['review', 'review'],
  ['на проверке', 'review'],
  ['на ревью', 'review'],
  ['published', 'published'],
  ['готово', 'published'],
  ['опубликовано', 'published'],
  ['archived', 'archived'],
  ['в архиве', 'archived'],
  ['архив', 'archived'],
]);

const DECORATION = /[\p{Extended_Pictographic}\u{FE0F}\u{200D}\\[\](){}*_:.!]/gu;

export function statusFromText(text: string): SectionStatus | undefined {
  const key = text
    .replace(DECORATION, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/ё/g, 'е');
  return STATUS_WORDS.get(key) ?? STATUS_WORDS.get(key.replace(/ /g, '_'));
}
