// What a terminal acts on instead of showing: C0 controls (ESC starts colour, cursor, title and clipboard
// sequences; BEL ends OSC; CR and BS overwrite what was printed), DEL, C1 controls (0x9B is a one-byte CSI for
// many terminals), and the Unicode format characters that reorder or hide text (bidi overrides and isolates,
// zero-width space, line and paragraph separators, a stray byte-order mark). Zero-width joiners stay: emoji need
// them and they move nothing.
const FORMAT_CHARACTERS = new Set([
  0x061c, 0x200b, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067,
  0x2068, 0x2069, 0xfeff,
]);

function isControl(code: number, keepLines: boolean): boolean {
  if (code < 0x20) return !(keepLines && (code === 0x0a || code === 0x09));
  return (code >= 0x7f && code <= 0x9f) || FORMAT_CHARACTERS.has(code);
}

// `\u001b`: visible, unambiguous, and inside a JSON string the very same character, so JSON stays JSON.
function neutralise(text: string, keepLines: boolean): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isControl(code, keepLines)) continue;
    out += `${text.slice(from, i)}\\u${code.toString(16).padStart(4, '0')}`;
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * One field of what the hub prints (a job or file name, a status line, a message, an output excerpt), with every
 * control character shown as `\uXXXX` instead of acted on: a name cannot move the cursor, set the title, write
 * the clipboard, or start a new line that looks like the hub's own (`✓ Payroll: completed`).
 */
export function terminalLine(text: string): string {
  return neutralise(text, false);
}

/** A whole chunk of the hub's own output: like terminalLine, but its line breaks and tabs stay. */
export function terminalText(text: string): string {
  return neutralise(text, true);
}

/**
 * A copy of a value (an event, a run, a job summary) with terminalLine applied to every string in it, for
 * printing it as text; the JSON a command prints keeps the original (JSON escapes controls itself).
 */
export function terminalSafe<T>(value: T): T {
  if (typeof value === 'string') return terminalLine(value) as T;
  if (Array.isArray(value)) return value.map(terminalSafe) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = terminalSafe(item);
    return copy as T;
  }
  return value;
}
