import { formatProgress } from '../../core/progress.js';
import { statusBadge, SECTION_STATUSES } from '../../core/status.js';
import type { StatusReport } from '../../core/status-report.js';

type Cell = string | number;

/** Columns padded to their widest cell; numbers right-aligned. Emoji stay out of aligned columns. */
export function table(header: readonly string[], rows: readonly (readonly Cell[])[]): string[] {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => [...(row[i] ?? '')].length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number' || /^\d+\/\d+ \(\d+%\)$/.test(String(row[i]))));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - [...cell].length);
        return numeric[i] ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(cells[0] as string[]), line(widths.map((w) => '─'.repeat(w))), ...cells.slice(1).map(line)];
}

function days(n: number): string {
  return `${n} дн.`;
}

/** The report as people read it in a terminal. */
export function formatReport(report: StatusReport): string[] {
  const out: string[] = [];
  out.push(`Готовность документации: ${formatProgress(report.overall)} — опубликованные листовые разделы из всех неархивных (на ${report.today})`);
  out.push(`Разделов: ${report.sections}. ${SECTION_STATUSES.map((s) => `${statusBadge(s)}: ${report.byStatus[s]}`).join(' · ')}`);
  out.push('');
  out.push('По главам');
  out.push(...table(['Код', 'Глава', 'Готово', 'Разделов', 'На проверке', 'Просрочено', 'Без правок'], report.chapters.map((c) => [c.code, c.title, formatProgress(c), c.sections, c.review, c.overdue, c.stale])));
  out.push('');
  out.push('По ответственным');
  out.push(
    ...table(
      // The dashboard's and the site's figures (core ownerProgress); «На проверке» counts pending edits too.
      ['Ответственный', 'Готово', 'Открыто', 'На проверке', 'Просрочено', 'Без правок', 'В архиве'],
      report.owners.map((o) => [o.name, formatProgress(o), o.open, o.review, o.overdue, o.stale, o.byStatus.archived]),
    ),
  );
  out.push('');
  out.push(`Очередь проверки (${report.reviewQueue.length})`);
  if (report.reviewQueue.length === 0) out.push('  пусто');
  for (const item of report.reviewQueue) {
    const what = item.kind === 'section' ? `${item.code} ${item.title}` : `${item.code} ${item.title} — ${item.proposal ?? 'предложенная правка'}`;
    const who = item.kind === 'section' ? item.owner : (item.author ?? item.owner);
    out.push(`  ${what} (${who})${item.days !== null ? `, ждёт ${days(item.days)}` : ''}`);
  }
  out.push('');
  out.push(`Просрочены (${report.overdue.length})`);
  if (report.overdue.length === 0) out.push('  нет');
  for (const item of report.overdue) out.push(`  ${item.code} ${item.title} (${item.owner}): срок ${item.due_date}, просрочен на ${days(item.daysOverdue)}, ${statusBadge(item.status)}`);
  out.push('');
  out.push(`Давно не обновлялись, больше ${report.staleDays} дн. (${report.stale.length})`);
  if (report.stale.length === 0) out.push('  нет');
  for (const item of report.stale) out.push(`  ${item.code} ${item.title} (${item.owner}): без правок ${days(item.daysSince)}, ${statusBadge(item.status)}`);
  return out;
}
