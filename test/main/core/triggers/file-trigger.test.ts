import {
  appendFileSync,
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type StartOptions, sleep, useTriggers, waitFor } from './file-trigger-harness';

let root: string;
let inbox: string;
let dataDir: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'hub-file-trigger-'));
  inbox = path.join(root, 'inbox');
  dataDir = path.join(root, 'data');
  mkdirSync(inbox);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});
// After the removal above: vitest runs afterEach hooks last-registered first, so triggers stop before it.
const startTrigger = useTriggers();

const start = (def: Parameters<typeof startTrigger>[0] = {}, options: Partial<StartOptions> = {}) =>
  startTrigger(def, { dataDir, baseDir: root, ...options });

describe('createFileTrigger', () => {
  it('fires exactly once for a file written in chunks, after it stops changing', async () => {
    const { fires, sizesAtFire } = await start({ stableSeconds: 0.5 });
    const file = path.join(inbox, 'big.csv');
    const fd = openSync(file, 'w');
    for (let i = 0; i < 10; i++) {
      writeSync(fd, 'x'.repeat(1000));
      await sleep(50);
    }
    closeSync(fd);
    await waitFor(() => fires.length >= 1);
    await sleep(1200); // past two more quiet periods and two rescans
    expect(fires.map(({ trigger, file }) => ({ trigger, file }))).toEqual([
      { trigger: { kind: 'file', detail: file }, file },
    ]);
    expect(sizesAtFire).toEqual([10_000]);
  });

  it('without events (as on SMB) still waits until size and mtime stop changing', async () => {
    // Polling once an hour, so only the rescan finds the file; from there the stat comparison alone decides.
    const { fires, sizesAtFire } = await start(
      { polling: true, stableSeconds: 0.5 },
      { pollIntervalMs: 3_600_000, rescanEveryMs: 200 },
    );
    const fd = openSync(path.join(inbox, 'slow.csv'), 'w');
    for (let i = 0; i < 15; i++) {
      writeSync(fd, 'x'.repeat(1000));
      await sleep(100);
    }
    closeSync(fd);
    await waitFor(() => fires.length >= 1);
    await sleep(1000);
    expect(sizesAtFire).toEqual([15_000]);
  });

  it('ignores temp names, dot-files, folders and names the pattern does not match', async () => {
    const { names } = await start({ pattern: '*.csv' });
    for (const name of ['a.tmp', 'b.csv.part', 'c.csv.crdownload', '~$d.csv', '.e.csv', 'f.txt']) {
      writeFileSync(path.join(inbox, name), 'data');
    }
    mkdirSync(path.join(inbox, 'folder.csv'));
    writeFileSync(path.join(inbox, 'ok.csv'), 'data');
    await waitFor(() => names().length >= 1);
    await sleep(1200);
    expect(names()).toEqual(['ok.csv']);
  });

  it('fires once for a finished .part renamed to its real name', async () => {
    const { names } = await start();
    const part = path.join(inbox, 'x.csv.part');
    writeFileSync(part, 'first half');
    await sleep(500);
    appendFileSync(part, ', second half');
    await sleep(500); // longer than stableSeconds: a .part must never fire however quiet it is
    expect(names()).toEqual([]);
    renameSync(part, path.join(inbox, 'x.csv'));
    await waitFor(() => names().length >= 1);
    await sleep(1200);
    expect(names()).toEqual(['x.csv']);
  });

  it('runs a file again when it is rewritten with new content, also at the same size', async () => {
    const { names } = await start();
    const file = path.join(inbox, 'a.csv');
    writeFileSync(file, 'v1');
    await waitFor(() => names().length === 1);
    await sleep(100);
    writeFileSync(file, 'version 2');
    await waitFor(() => names().length === 2);
    await sleep(100);
    writeFileSync(file, 'version 3'); // same size as version 2
    await waitFor(() => names().length === 3);
    await sleep(1000);
    expect(names()).toEqual(['a.csv', 'a.csv', 'a.csv']);
  });

  it('does not take a touch (new modification time, same content) for a new arrival, running or stopped', async () => {
    const first = await start();
    const file = path.join(inbox, 'a.csv');
    writeFileSync(file, 'content');
    await waitFor(() => first.names().length === 1);
    await sleep(200);
    const later = new Date(Date.now() + 5_000);
    utimesSync(file, later, later); // what `touch` does
    await sleep(1500); // settle period and rescans
    expect(first.names()).toEqual(['a.csv']);
    await first.source.stop();

    const again = new Date(Date.now() + 10_000);
    utimesSync(file, again, again); // touched while nothing watched
    const second = await start();
    await sleep(1500);
    expect(second.names()).toEqual([]);
    writeFileSync(file, 'other content'); // and new content still is an arrival
    await waitFor(() => second.names().length === 1);
  });

  it('does not run a file again after a restart', async () => {
    const first = await start({ processExisting: true });
    writeFileSync(path.join(inbox, 'a.csv'), 'data');
    await waitFor(() => first.names().length === 1);
    await first.source.stop();

    const second = await start({ processExisting: true });
    await sleep(1200);
    expect(second.names()).toEqual([]);
    writeFileSync(path.join(inbox, 'b.csv'), 'data'); // the second trigger does work
    await waitFor(() => second.names().length === 1);
    expect(second.names()).toEqual(['b.csv']);
  });

  it('runs, after a restart, the files that arrived or changed while it was stopped, once each', async () => {
    writeFileSync(path.join(inbox, 'old.csv'), 'there before the first watch');
    writeFileSync(path.join(inbox, 'edited.csv'), 'v1');
    const first = await start({ processExisting: false });
    await sleep(500);
    expect(first.names()).toEqual([]);
    await first.source.stop();

    writeFileSync(path.join(inbox, 'new.csv'), 'arrived while stopped');
    writeFileSync(path.join(inbox, 'edited.csv'), 'v2, edited while stopped');
    const second = await start({ processExisting: false });
    await waitFor(() => second.names().length >= 2);
    await sleep(1200);
    expect(second.names()).toEqual(['edited.csv', 'new.csv']);
  });

  it('processExisting: true handles a backlog of N files exactly N times', async () => {
    for (let i = 0; i < 5; i++) writeFileSync(path.join(inbox, `old-${i}.csv`), `data ${i}`);
    const { names } = await start({ processExisting: true });
    await waitFor(() => names().length >= 5);
    await sleep(1200);
    expect(names()).toEqual(['old-0.csv', 'old-1.csv', 'old-2.csv', 'old-3.csv', 'old-4.csv']);
  });

  it('processExisting decides at the first watch only: present files stay alone, changed ones run', async () => {
    for (let i = 0; i < 3; i++) writeFileSync(path.join(inbox, `old-${i}.csv`), `data ${i}`);
    const first = await start({ processExisting: false });
    writeFileSync(path.join(inbox, 'new.csv'), 'data');
    await waitFor(() => first.names().length >= 1);
    await sleep(1500); // three rescans
    expect(first.names()).toEqual(['new.csv']);

    appendFileSync(path.join(inbox, 'old-0.csv'), ' and more'); // a rewrite is a new arrival
    await waitFor(() => first.names().length >= 2);
    expect(first.names()).toEqual(['new.csv', 'old-0.csv']);
    await first.source.stop();

    // The same trigger with processExisting turned on later: not a first watch, nothing old runs.
    const again = await start({ processExisting: true });
    await sleep(1000);
    expect(again.names()).toEqual([]);
    await again.source.stop();
    // Another job's first watch of the folder with processExisting: everything there runs once.
    const other = await start({ processExisting: true }, { jobName: 'Other' });
    await waitFor(() => other.names().length >= 4);
    await sleep(800);
    expect(other.names()).toEqual(['new.csv', 'old-0.csv', 'old-1.csv', 'old-2.csv']);
  });

  it('the rescan catches files whose events never came', async () => {
    // Polling once an hour: the watcher cannot see a new file during this test, only the rescan can.
    const blind = { polling: true };
    const withoutRescan = await start(blind, {
      dataDir: path.join(root, 'data-a'),
      pollIntervalMs: 3_600_000,
      rescanEveryMs: 3_600_000,
    });
    const withRescan = await start(blind, {
      dataDir: path.join(root, 'data-b'),
      pollIntervalMs: 3_600_000,
      rescanEveryMs: 300,
    });
    writeFileSync(path.join(inbox, 'dropped.csv'), 'data');
    await waitFor(() => withRescan.names().length >= 1);
    await sleep(800);
    expect(withRescan.names()).toEqual(['dropped.csv']);
    expect(withoutRescan.names()).toEqual([]); // so it was the rescan, not the watcher
  });

  it('polling mode sees new files', async () => {
    const { names } = await start({ polling: true }, { pollIntervalMs: 100, rescanEveryMs: 3_600_000 });
    // fs.watchFile takes its baseline stat after chokidar reports ready; a file written before that is part of
    // the baseline and only a rescan would find it (rescans are off here, to prove polling alone works).
    await sleep(300);
    writeFileSync(path.join(inbox, 'polled.csv'), 'data');
    await waitFor(() => names().length >= 1);
    expect(names()).toEqual(['polled.csv']);
  });

  it('recursive: true sees files in existing and new subfolders', async () => {
    mkdirSync(path.join(inbox, 'old'));
    const { names } = await start({ recursive: true, pattern: '*.csv' });
    writeFileSync(path.join(inbox, 'old', 'a.csv'), 'data');
    mkdirSync(path.join(inbox, 'new', 'deeper'), { recursive: true });
    await sleep(100);
    writeFileSync(path.join(inbox, 'new', 'deeper', 'b.csv'), 'data');
    await waitFor(() => names().length >= 2);
    await sleep(1000);
    expect(names()).toEqual([path.join('new', 'deeper', 'b.csv'), path.join('old', 'a.csv')]);
  });

  it('recursive: false ignores subfolders, rescans included', async () => {
    mkdirSync(path.join(inbox, 'sub'));
    const { names } = await start({ recursive: false });
    writeFileSync(path.join(inbox, 'sub', 'a.csv'), 'data');
    writeFileSync(path.join(inbox, 'top.csv'), 'data');
    await waitFor(() => names().length >= 1);
    await sleep(1200);
    expect(names()).toEqual(['top.csv']);
  });

  it('watches a folder that appears later within seconds, and runs what landed in it before', async () => {
    // Rescans once an hour: only the quick check for a missing folder can find it.
    const options = { rescanEveryMs: 3_600_000, missingCheckMs: 1_000, relativeTo: root };
    const { names, errors, source } = await start({ path: 'later', processExisting: false }, options);
    const folder = path.join(root, 'later');
    expect(errors).toEqual([
      `triggers[0].path: folder ${folder} does not exist; watching will start when it appears`,
    ]);
    expect(source.description).toBe(`files "*" in ${folder}`);

    mkdirSync(folder);
    writeFileSync(path.join(folder, 'first.csv'), 'landed before watching began');
    await waitFor(() => names().length >= 1, 5_000);
    await sleep(700); // the watcher is up now
    writeFileSync(path.join(folder, 'second.csv'), 'data');
    await waitFor(() => names().length >= 2);
    expect(names()).toEqual([path.join('later', 'first.csv'), path.join('later', 'second.csv')]);
    expect(errors).toHaveLength(1);
  });

  it('keeps watching a folder that is deleted and created again', async () => {
    const { names, errors } = await start({}, { rescanEveryMs: 3_600_000 });
    rmSync(inbox, { recursive: true });
    await waitFor(() => errors.length >= 1);
    mkdirSync(inbox);
    await sleep(700);
    writeFileSync(path.join(inbox, 'back.csv'), 'data');
    await waitFor(() => names().length >= 1);
    expect(names()).toEqual(['back.csv']);
  });

  it('fires nothing after stop()', async () => {
    const { names, source } = await start();
    writeFileSync(path.join(inbox, 'pending.csv'), 'data'); // still in its quiet period when we stop
    await sleep(50);
    await source.stop();
    writeFileSync(path.join(inbox, 'after.csv'), 'data');
    await sleep(1200);
    expect(names()).toEqual([]);
  });

  it('has each arrival on the waiting list, on disk, before it fires, in arrival order', async () => {
    const onDisk: boolean[] = [];
    const { fires, state } = await start({}, { keepWaiting: true });
    const journal = () => {
      const text = readFileSync(path.join(state.layout.stateDir, 'watched-files.journal.jsonl'), 'utf8');
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
    };
    for (const name of ['1.csv', '2.csv', '3.csv']) {
      writeFileSync(path.join(inbox, name), name);
      await waitFor(() => fires.length === onDisk.length + 1);
      const id = fires.at(-1)?.waiting;
      onDisk.push(journal().some((op) => op.op === 'wait' && op.entry.id === id));
    }
    expect(onDisk).toEqual([true, true, true]);
    expect(state.store.waiting({}).map((w) => path.basename(w.file))).toEqual(['1.csv', '2.csv', '3.csv']);
  });

  it('triggers sharing a folder each wait their own stableSeconds', async () => {
    const fast = await start({ stableSeconds: 0.2 }, { jobName: 'Fast' });
    const slow = await start({ stableSeconds: 1.2 }, { jobName: 'Slow', state: fast.state });
    const fd = openSync(path.join(inbox, 'chunks.csv'), 'w');
    for (let i = 0; i < 4; i++) {
      writeSync(fd, 'x'.repeat(100));
      await sleep(500); // quiet long enough for the fast trigger, not for the slow one
    }
    closeSync(fd);
    await waitFor(() => slow.fires.length >= 1);
    await sleep(1500);
    expect(fast.sizesAtFire).toEqual([100, 200, 300, 400]);
    expect(slow.sizesAtFire).toEqual([400]);
  });

  it('never follows links out of the folder: loops, links to folders and to files outside run nothing', async () => {
    const outside = path.join(root, 'outside');
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'secret.csv'), 'outside before');
    mkdirSync(path.join(inbox, 'sub'));
    symlinkSync(outside, path.join(inbox, 'to-outside'));
    symlinkSync(inbox, path.join(inbox, 'sub', 'loop')); // inbox/sub/loop/sub/loop/… forever
    symlinkSync(path.join(outside, 'secret.csv'), path.join(inbox, 'secret-link.csv'));
    writeFileSync(path.join(inbox, 'inside.csv'), 'inside');
    symlinkSync(path.join(inbox, 'inside.csv'), path.join(inbox, 'sub', 'inside-link.csv'));
    const { names, fires, errors } = await start({ recursive: true, processExisting: true });
    writeFileSync(path.join(outside, 'new-outside.csv'), 'written outside after the start');
    writeFileSync(path.join(inbox, 'sub', 'new-inside.csv'), 'written inside after the start');
    await waitFor(() => names().length >= 3);
    await sleep(1500); // rescans
    // A link that stays inside the folder is a file of the folder; nothing outside ever fires.
    expect(names()).toEqual([
      'inside.csv',
      path.join('sub', 'inside-link.csv'),
      path.join('sub', 'new-inside.csv'),
    ]);
    expect(fires.every((f) => f.file?.startsWith(inbox) && !f.file.includes('outside'))).toBe(true);
    expect(errors).toEqual([
      `triggers[0].path: ${path.join(inbox, 'secret-link.csv')} is a link to ${path.join(outside, 'secret.csv')}, outside ${inbox}: it is ignored`,
    ]);
  });
});
