import { SECTION_STATUSES, type SectionStatus } from '../../core/status.js';
import { childCode, parentCodeOf } from '../../core/section-code.js';
import { sectionHref } from '../../core/section-links.js';
import type { NewSection } from '../../content/create-sections.js';

/**
 * Made-up documentation trees of any size for round-trip tests and benchmarks: eight chapters,
 * all four levels, every status, Cyrillic titles, bodies of about 2 KB with headings, lists,
 * code blocks, tables and links to other sections. The same options give the same tree.
 */
export interface GeneratedSection {
  id: string;
  code: string;
  parentCode: string | null;
  title: string;
  status: SectionStatus;
  summary: string | null;
  body: string;
  due_date: string | null;
  /** Index into the caller's list of owners, or null for an unassigned section. */
  ownerIndex: number | null;
}

export interface GenerateOptions {
  sections: number;
  seed?: number;
  /** How many distinct owners to spread the sections over. */
  owners?: number;
  /** Approximate body size in bytes; 0 for no bodies. */
  bodyBytes?: number;
}

const CHAPTERS = ['Основы проекта', 'Инфраструктура', 'Программный стек', 'Интеграции', 'Безопасность', 'Эксплуатация', 'Разработка', 'Планирование'];
const NOUNS = ['сервер', 'резервное копирование', 'мониторинг', 'очередь задач', 'база данных', 'бот', 'интеграция', 'API', 'журнал событий', 'доступ', 'релиз', 'кэш', 'бюджет', 'сеть', 'хранилище', 'аналитика'];
const ADJECTIVES = ['Основной', 'Резервный', 'Внутренний', 'Публичный', 'Ночной', 'Быстрый', 'Новый', 'Общий', 'Тестовый', 'Рабочий'];
const SENTENCES = [
  'Этот раздел описывает, как устроена часть системы и кто за неё отвечает.',
  'Ёмкость считаем с запасом в 30 % на рост нагрузки в сезон.',
  'Каждое изменение проходит ревью CTO перед публикацией.',
  'Студенты-помощники заполняют раздел по шаблону и отправляют его на проверку.',
  'Сбой не должен приводить к потере сообщений клиентов: очередь переживает перезапуск.',
  'Қазақ тіліндегі атаулар да дұрыс көрсетілуі керек.',
  'Для доступа используются SSH-ключи; пароли запрещены.',
  'Метрики собираются каждую минуту и хранятся 30 дней.',
];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = (8 + Math.floor(random() * 4)).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** The smallest fan-out that lets eight chapters hold `sections` within four levels. */
function fanOutFor(sections: number): number {
  for (let f = 1; f <= 99; f++) if (8 * (1 + f + f * f + f * f * f) >= sections) return f;
  throw new Error(`${sections} sections do not fit in a four-level tree of eight chapters`);
}

function body(code: string, index: number, linkTo: string | null, bytes: number, random: () => number): string {
  if (bytes <= 0) return '';
  const parts: string[] = [`Раздел **${code}**: ${pick(SENTENCES, random)}`, ''];
  parts.push('## Подробности', '');
  for (const sentence of [pick(SENTENCES, random), pick(SENTENCES, random)]) parts.push(`- ${sentence}`);
  parts.push('', '```ts', `// ${code}: пример настройки`, `export const limit = ${index % 97} < 100 && "<b>не тег</b>";`, '```', '');
  parts.push('| Параметр | Значение |', '|---|---|', `| Код | ${code} |`, `| Номер | ${index} |`, '');
  if (linkTo) parts.push(`Связано: [раздел ${linkTo}](${sectionHref(linkTo)}), внешний сайт — [tapbot.kz](https://tapbot.kz).`, '');
  parts.push('### Заметки', '');
  while (parts.join('\n').length < bytes) parts.push(`${pick(SENTENCES, random)} ${pick(SENTENCES, random)}`, '');
  return parts.join('\n').trim();
}

export function generateTree({ sections, seed = 1, owners = 3, bodyBytes = 2000 }: GenerateOptions): GeneratedSection[] {
  if (!Number.isInteger(sections) || sections < 8) throw new Error('a generated tree has at least the eight chapters');
  const random = mulberry32(seed);
  const fanOut = fanOutFor(sections);
  const result: GeneratedSection[] = [];
  const add = (code: string, title: string) => {
    const index = result.length;
    // Every status in turn, so each one occurs at every level; chapters stay in progress as in the seed.
    const status: SectionStatus = code.includes('.') ? (SECTION_STATUSES[index % SECTION_STATUSES.length] as SectionStatus) : 'in_progress';
    const earlier = index > 0 ? result[Math.floor(random() * index)] : undefined;
    result.push({
      id: uuidFrom(random),
      code,
      parentCode: parentCodeOf(code),
      title,
      status,
      summary: index % 3 === 0 ? `Кратко о разделе ${code}: ${pick(SENTENCES, random)}` : null,
      body: index % 11 === 10 ? '' : body(code, index, earlier?.code ?? null, bodyBytes, random),
      due_date: index % 4 === 0 ? `2026-${String((index % 12) + 1).padStart(2, '0')}-${String((index % 28) + 1).padStart(2, '0')}` : null,
      ownerIndex: owners > 0 && index % 5 !== 4 ? index % owners : null,
    });
  };
  for (let c = 1; c <= 8 && result.length < sections; c++) add(childCode(null, c), CHAPTERS[c - 1] as string);
  // Breadth first, so every level is filled before the next and the fourth is always reached.
  for (let head = 0; head < result.length && result.length < sections; head++) {
    const parent = result[head] as GeneratedSection;
    if (parent.code.split('.').length >= 4) break;
    for (let n = 1; n <= fanOut && result.length < sections; n++) {
      add(childCode(parent.code, n), `${pick(ADJECTIVES, random)} ${pick(NOUNS, random)} ${result.length + 1}`);
    }
  }
  return result;
}

/** A generated tree as sections to create, owners mapped onto real user ids. */
export function generatedToNew(tree: readonly GeneratedSection[], ownerIds: readonly string[]): NewSection[] {
  const idByCode = new Map(tree.map((s) => [s.code, s.id]));
  return tree.map((s) => ({
    id: s.id,
    code: s.code,
    parent: s.parentCode === null ? null : (idByCode.get(s.parentCode) ?? null),
    title: s.title,
    status: s.status,
    summary: s.summary,
    body: s.body === '' ? null : s.body,
    due_date: s.due_date,
    owner: s.ownerIndex === null ? null : (ownerIds[s.ownerIndex % Math.max(1, ownerIds.length)] ?? null),
  }));
}
