/** Longest job name a menu entry shows; longer ones end in "…" (menus do not wrap). */
export const MAX_MENU_NAME = 48;

/**
 * A label Windows shows as written: "&" marks the next letter as the entry's access key ("Backup & sync"
 * would show "Backup _sync"), so it is doubled; control characters and line breaks become spaces.
 */
export function menuLabel(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replaceAll('&', '&&');
}

/** Shortens text to `max` characters, ending in "…" when cut. */
export function shorten(text: string, max: number = MAX_MENU_NAME): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A time of day for menus and notifications, local time: "10:02" today, "3 Mar 10:02" on another day.
 * Locale-free so that tests and screenshots read the same everywhere.
 */
export function clockTime(time: number | string, now: number): string {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return '?';
  const hhmm = `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
  const today = new Date(now);
  const sameDay =
    date.getFullYear() === today.getFullYear() &&
    date.getMonth() === today.getMonth() &&
    date.getDate() === today.getDate();
  return sameDay ? hhmm : `${date.getDate()} ${MONTHS[date.getMonth()]} ${hhmm}`;
}
