/** Notepad and PowerShell 5 write a UTF-8 BOM that JSON.parse rejects; a hand-edited file must still load. */
export function parseJsonText(text: string): unknown {
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}
