import { statusFromText, type SectionStatus } from './status.js';

export interface StatusTag {
  /** The text with the tag removed and trimmed. */
  title: string;
  /** The tag as written, or null when the text carries none. */
  tag: string | null;
  /** undefined when there is no tag or the tag is not a known status. */
  status: SectionStatus | undefined;
}

const BRACKETED = /(?:^|\s)(\\?\[([^[\]]*?)\\?\])\s*$/u;
const EMOJI = /\p{Extended_Pictographic}/u;
const BARE = /(?:^|\s)(\p{Extended_Pictographic}\u{FE0F}?\s*[^\p{Extended_Pictographic}[\]]+)$/u;

/**
 * Splits a trailing status tag off a heading: `Servers \[📝 В разработке\]`, `Servers [📝 В разработке]`
 * or the Gramax form without brackets, `Команда ✅ Готово`.
 */
export function splitStatusTag(text: string): StatusTag {
  const trimmed = text.trim();
  const bracketed = BRACKETED.exec(trimmed);
  if (bracketed) {
    const tag = bracketed[1] ?? '';
    const inner = bracketed[2] ?? '';
    const status = statusFromText(inner);
    // A plain bracketed word is part of the title (`API [v2]`); an emoji marks it as a status tag.
    if (status !== undefined || EMOJI.test(inner)) {
      return { title: trimmed.slice(0, trimmed.length - bracketed[0].length).trim(), tag, status };
    }
  }
  const bare = BARE.exec(trimmed);
  if (bare) {
    const tag = (bare[1] ?? '').trim();
    const status = statusFromText(tag);
    // Without brackets only a recognised status counts, so an emoji in a title is left alone.
    if (status !== undefined) {
      return { title: trimmed.slice(0, trimmed.length - bare[0].length).trim(), tag, status };
    }
  }
  return { title: trimmed, tag: null, status: undefined };
}
