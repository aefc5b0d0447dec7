import { appendFileSync, writeFileSync } from 'node:fs';
import type { Notice } from '../../../shared/hub-api';
import { PRIVATE_FILE_MODE } from '../private-files';
import { readTextIfPresent } from '../read-if-present';

const KEPT = 500;

/**
 * The hub's event log: crash recovery, files moved aside, watcher problems. Appended to a JSON-lines file so
 * that what a hub said survives it, trimmed to the last 500 entries when opened.
 */
export class NoticeLog {
  readonly #notices: Notice[] = [];

  constructor(private readonly file: string) {
    let lines: string[] = [];
    try {
      lines = (readTextIfPresent(file) ?? '').split('\n').filter(Boolean);
    } catch {
      // No log yet.
    }
    for (const line of lines.slice(-KEPT)) {
      try {
        const notice = JSON.parse(line) as Notice;
        if (typeof notice?.message === 'string') this.#notices.push(notice);
      } catch {
        // A line cut by a crash: skip it.
      }
    }
    if (lines.length > KEPT) this.#rewrite();
  }

  add(level: Notice['level'], message: string): Notice {
    const notice: Notice = { time: new Date().toISOString(), level, message };
    this.#notices.push(notice);
    if (this.#notices.length > KEPT) this.#notices.shift();
    try {
      appendFileSync(this.file, `${JSON.stringify(notice)}\n`, { mode: PRIVATE_FILE_MODE });
    } catch {
      // The event log is a convenience; a full disk must not stop the hub.
    }
    return notice;
  }

  /** Oldest first. */
  list(): Notice[] {
    return [...this.#notices];
  }

  #rewrite(): void {
    try {
      writeFileSync(this.file, this.#notices.map((n) => `${JSON.stringify(n)}\n`).join(''), {
        mode: PRIVATE_FILE_MODE,
      });
    } catch {
      // See add().
    }
  }
}
