import type { SourceMessage } from '../../core/source-message.js';

// Every import refuses a file that is not UTF-8 before parsing it, so a wrongly encoded file
// cannot import as mojibake; these name the line and the byte where it stops being UTF-8.

function decodesAsUtf8(bytes: Uint8Array, stream: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream });
    return true;
  } catch {
    return false;
  }
}

/** The first byte offset at which the bytes stop being UTF-8, or -1 when they all are. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  if (decodesAsUtf8(bytes, false)) return -1;
  // With stream, a prefix that cuts a multi-byte character is still valid; only a wrong byte fails.
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (decodesAsUtf8(bytes.subarray(0, mid + 1), true)) low = mid + 1;
    else high = mid;
  }
  // `low` is the first byte that cannot continue; the broken character starts where the last
  // complete one ended (at most 3 bytes back), which is the byte worth naming.
  for (let start = low; start >= Math.max(0, low - 3); start--) {
    if (decodesAsUtf8(bytes.subarray(0, start), false)) return Math.min(start, bytes.length - 1);
  }
  return Math.min(low, bytes.length - 1);
}

export function notUtf8Problem(bytes: Uint8Array, offset: number, file: string): SourceMessage {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line += 1;
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  const byte = `0x${(bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0')}`;
  return {
    file,
    line,
    message: utf16
      ? 'Файл не в UTF-8, а в UTF-16 (метка порядка байтов в начале): пересохраните его в UTF-8 и повторите импорт'
      : `Файл не в UTF-8: в строке ${line} с байта ${byte} идут байты, невозможные в UTF-8 — вероятно, файл сохранён в Windows-1251 или другой однобайтовой кодировке. ` +
        `Пересохраните его в UTF-8 (например, \`iconv -f cp1251 -t utf-8\`) и повторите импорт`,
  };
}
