import { formatByteSize } from '../../core/byte-size.js';
import type { SourceMessage } from '../../core/source-message.js';
import type { ContainedReadRefusal } from '../../platform/contained-files.js';

/** The setting that caps the size of every file an import reads (README, "Configuration"). */
export const MAX_FILE_SETTING = 'IMPORT_MAX_FILE_SIZE';

export function linkOutsideMessage(what: 'файл' | 'папку', link: string | null): string {
  return (
    `Символическая ссылка${link ? ` (→ ${link})` : ''} ведёт в ${what} за пределами дерева: импорт не читает ничего вне папки, которую ему дали, ` +
    'иначе через ссылку на сайт попали бы чужие файлы (например, .env сервера). Ничего не записано: замените ссылку копией нужного текста или удалите её'
  );
}

export function linkHiddenMessage(what: 'файл' | 'папку', link: string | null, hidden: string): string {
  return (
    `Символическая ссылка${link ? ` (→ ${link})` : ''} ведёт в ${what} внутри скрытой части дерева («${hidden}»): скрытые файлы и папки (.git, .env, …) не импортируются. ` +
    'Ничего не записано: замените ссылку копией нужного текста или удалите её'
  );
}

/** An import's message for a file it would not read: a problem (nothing is written) or a warning. */
export function fileRefusalProblem(refusal: ContainedReadRefusal, file: string): { severity: 'problem' | 'warning'; message: SourceMessage } {
  switch (refusal.kind) {
    case 'outside':
      return { severity: 'problem', message: { file, line: 1, message: linkOutsideMessage('файл', refusal.link) } };
    case 'hidden':
      return { severity: 'problem', message: { file, line: 1, message: linkHiddenMessage('файл', refusal.link, refusal.inside) } };
    case 'too-large':
      return {
        severity: 'problem',
        message: {
          file,
          line: 1,
          message:
            `Файл размером ${formatByteSize(refusal.bytes)} больше предела ${MAX_FILE_SETTING} (${formatByteSize(refusal.maxBytes)}): такие файлы импорт не читает. ` +
            `Разделите статью на несколько или, если файл действительно такой, увеличьте ${MAX_FILE_SETTING} в .env`,
        },
      };
    case 'loop':
      return { severity: 'problem', message: { file, line: 1, message: 'Цикл символических ссылок: ссылка ведёт сама на себя через другие ссылки. Удалите её или замените копией' } };
    case 'not-a-file':
      return { severity: 'warning', message: { file, line: 0, message: 'Не обычный файл (канал, сокет или устройство): пропущен' } };
    case 'missing':
      return { severity: 'warning', message: { file, line: 0, message: 'Символическая ссылка ведёт в никуда: пропущена' } };
  }
}
