/**
 * How job names compare, everywhere (the library's duplicate check, `run <name>`, `cancel`, `enable`, `history
 * --job`, the window): without regard to case, as Windows compares file names, so "Inbox" and "inbox" are one job.
 * Names are compared in Unicode's composed form, so an "é" typed one way matches one saved another way.
 */
export function jobNameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/** Whether two job names name the same job (see jobNameKey). */
export function sameJobName(a: string, b: string): boolean {
  return a === b || jobNameKey(a) === jobNameKey(b);
}
