import { appendFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ensureDataDir } from '../../../../src/main/core/store/data-dir';
import { openWatchedFiles } from '../../../../src/main/core/store/watched-files-store';
import type { WatchedFilesStore } from '../../../../src/main/core/store/watched-files-types';
import { useTempDirs } from '../../../helpers/temp';

const tempDir = useTempDirs();

const FOLDER = '["/in","*.csv",false]';
const TRIGGER = '["Import","/in","*.csv",false]';

/** Everything a reopened store knows, in one comparable value. */
function stateOf(store: WatchedFilesStore) {
  const record = store.folder(FOLDER);
  return {
    nextSeq: record?.nextSeq,
    files: record ? Object.fromEntries(record.files) : null,
    seen: store.seen(TRIGGER),
    waiting: store.waiting({}),
  };
}

function fill(store: WatchedFilesStore): void {
  store.saveBaseline(FOLDER, [
    ['a.csv', { size: 1, mtimeMs: 1000.5, fp: null, seq: 1 }],
    ['b.csv', { size: 2, mtimeMs: 2000, fp: null, seq: 2 }],
  ]);
  const record = store.folder(FOLDER);
  const a = record?.files.get('a.csv');
  if (!a) throw new Error('baseline not in memory');
  store.saveFingerprints(FOLDER, [['a.csv', a, 123_456_789]]);
  store.setSeen(TRIGGER, 2);
  store.setFile(FOLDER, 'c.csv', { size: 3, mtimeMs: 3000, fp: 42, seq: 3 });
  const waiting = store.addWaiting({
    trigger: TRIGGER,
    job: 'Import',
    seq: 3,
    file: '/in/c.csv',
    since: 'now',
  });
  store.setRun(waiting.id, 'run-1');
  store.dropFile(FOLDER, 'b.csv');
}

describe('openWatchedFiles', () => {
  it('keeps folders, watermarks and waiting files across restarts', async () => {
    const layout = await ensureDataDir(await tempDir());
    const store = openWatchedFiles(layout, () => {});
    fill(store);
    const before = stateOf(store);
    expect(before).toMatchObject({
      nextSeq: 4,
      seen: 3, // raised by the waiting file
      files: { 'a.csv': { fp: 123_456_789 }, 'c.csv': { seq: 3 } },
      waiting: [{ id: 1, file: '/in/c.csv', runId: 'run-1' }],
    });
    expect(before.files).not.toHaveProperty('b.csv');
    expect(stateOf(openWatchedFiles(layout, () => {}))).toEqual(before);
  });

  it('reads the same state back from a compacted snapshot', async () => {
    const layout = await ensureDataDir(await tempDir());
    const store = openWatchedFiles(layout, () => {});
    fill(store);
    // 2,000 changes compact the journal into the snapshot.
    for (let i = 0; i < 2_000; i++)
      store.setFile(FOLDER, `n-${i}.csv`, { size: i, mtimeMs: i, fp: i, seq: 10 + i });
    for (let i = 0; i < 2_000; i++) store.dropFile(FOLDER, `n-${i}.csv`);
    const reopened = openWatchedFiles(layout, () => {});
    expect(stateOf(reopened)).toEqual(stateOf(store));
    expect(reopened.folder(FOLDER)?.nextSeq).toBe(2010);
  });

  it('keeps what it could read of a damaged journal and says so', async () => {
    const layout = await ensureDataDir(await tempDir());
    const store = openWatchedFiles(layout, () => {});
    fill(store);
    const before = stateOf(store);
    appendFileSync(store.path.replace(/\.json$/, '.journal.jsonl'), '{"op":"file","folder":\n');
    const problems: string[] = [];
    expect(stateOf(openWatchedFiles(layout, (m) => problems.push(m)))).toEqual(before);
    expect(problems).toEqual([
      expect.stringMatching(/watched-files\.journal\.jsonl had 1 unreadable entries/),
    ]);
  });

  it.each([
    ['arrived again', { size: 5, mtimeMs: 2, fp: 7, seq: 2 }],
    ['touched (same content, same arrival)', { size: 1, mtimeMs: 2, fp: 7, seq: 1 }],
  ])('does not let a fingerprint read before the file %s replace the one it has now', async (_, now) => {
    const layout = await ensureDataDir(await tempDir());
    const store = openWatchedFiles(layout, () => {});
    store.saveBaseline(FOLDER, [['a.csv', { size: 1, mtimeMs: 1, fp: null, seq: 1 }]]);
    const was = store.folder(FOLDER)?.files.get('a.csv');
    if (!was) throw new Error('baseline not in memory');
    store.setFile(FOLDER, 'a.csv', now); // meanwhile
    store.saveFingerprints(FOLDER, [['a.csv', was, 99]]);
    expect(store.folder(FOLDER)?.files.get('a.csv')).toEqual(now);
    expect(
      openWatchedFiles(layout, () => {})
        .folder(FOLDER)
        ?.files.get('a.csv'),
    ).toEqual(now);
  });
});
