import { appendFileSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ensureDataDir } from '../../../../src/main/core/store/data-dir';
import { openHandledFiles } from '../../../../src/main/core/store/handled-files-store';
import { useTempDirs } from '../../../helpers/temp';

describe('openHandledFiles', () => {
  const tempDir = useTempDirs();

  it('remembers keys per job across a restart, and forgets on request', async () => {
    const layout = await ensureDataDir(await tempDir());
    const handled = openHandledFiles(layout, () => {});
    handled.add('Import', 'C:/in/a.csv|10|1700000000000');
    handled.add('Import', 'C:/in/b.csv|20|1700000000000');
    handled.add('Other', 'C:/in/a.csv|10|1700000000000');
    handled.forget('Import', 'C:/in/b.csv|20|1700000000000');
    const reopened = openHandledFiles(layout, () => {});
    expect(reopened.has('Import', 'C:/in/a.csv|10|1700000000000')).toBe(true);
    expect(reopened.has('Import', 'C:/in/b.csv|20|1700000000000')).toBe(false);
    expect(reopened.has('Other', 'C:/in/a.csv|10|1700000000000')).toBe(true);
    expect(reopened.has('Other', 'C:/in/b.csv|20|1700000000000')).toBe(false);
  });

  it('has each key on disk the moment add returns', async () => {
    const handled = openHandledFiles(await ensureDataDir(await tempDir()), () => {});
    handled.add('Import', 'x.csv');
    const journal = handled.path.replace(/\.json$/, '.journal.jsonl');
    expect(readFileSync(journal, 'utf8')).toContain('"key":"x.csv"');
  });

  it('keeps at most maxPerJob keys per job, dropping the oldest, also after compactions and a restart', async () => {
    const layout = await ensureDataDir(await tempDir());
    const handled = openHandledFiles(layout, () => {}, { maxPerJob: 100 });
    for (let i = 0; i < 2500; i++) handled.add('Bulk', `f${i}`);
    handled.add('Small', 'only');
    // f2400 is seen again: it becomes the newest, so it survives the next drops.
    handled.add('Bulk', 'f2400');
    for (let i = 2500; i < 2550; i++) handled.add('Bulk', `f${i}`);
    const check = (store: ReturnType<typeof openHandledFiles>) => {
      // f2401…f2450 were the 50 oldest when f2500…f2549 came.
      expect(store.has('Bulk', 'f2399')).toBe(false);
      expect(store.has('Bulk', 'f2400')).toBe(true);
      expect(store.has('Bulk', 'f2401')).toBe(false);
      expect(store.has('Bulk', 'f2450')).toBe(false);
      expect(store.has('Bulk', 'f2451')).toBe(true);
      expect(store.has('Bulk', 'f2549')).toBe(true);
      expect(store.has('Small', 'only')).toBe(true);
    };
    check(handled);
    const reopened = openHandledFiles(layout, () => {}, { maxPerJob: 100 });
    check(reopened);
    const snapshot = JSON.parse(readFileSync(reopened.path, 'utf8'));
    expect(snapshot.jobs.Bulk.length).toBeLessThanOrEqual(100);
  });

  it('survives a torn last line, keeping the keys before it', async () => {
    const layout = await ensureDataDir(await tempDir());
    const handled = openHandledFiles(layout, () => {});
    handled.add('Import', 'a');
    appendFileSync(handled.path.replace(/\.json$/, '.journal.jsonl'), '{"op":"add","jo');
    const problems: string[] = [];
    const reopened = openHandledFiles(layout, (m) => problems.push(m));
    expect(reopened.has('Import', 'a')).toBe(true);
    expect(problems[0]).toMatch(/handled-files\.journal\.jsonl had 1 unreadable entries/);
    reopened.add('Import', 'b');
    expect(openHandledFiles(layout, () => {}).has('Import', 'b')).toBe(true);
  });
});
