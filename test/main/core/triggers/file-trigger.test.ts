import {
  appendFileSync,
  closeSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileTrigger, type FileTriggerOptions } from '../../../../src/main/core/triggers/file-trigger';
import type { TriggerFire, TriggerSource } from '../../../../src/main/core/triggers/types';
import type { FileTrigger } from '../../../../src/shared/job-schema';
import { waitFor } from '../../../helpers/wait-for';

let root: string;
let inbox: string;
const sources: TriggerSource[] = [];

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'hub-file-trigger-'));
  inbox = path.join(root, 'inbox');
  mkdirSync(inbox);
});

afterEach(async () => {
  await Promise.all(sources.splice(0).map((source) => source.stop()));
  await rm(root, { recursive: true, force: true });
});

interface Started {
  source: TriggerSource;
  fires: TriggerFire[];
  /** The file's size when its fire happened: proves a fire came after the last write. */
  sizesAtFire: number[];
  errors: string[];
  handled: Set<string>;
  names: () => string[];
}

async function start(
  def: Partial<FileTrigger> = {},
  options: Partial<FileTriggerOptions> = {},
): Promise<Started> {
  const fires: TriggerFire[] = [];
  const sizesAtFire: number[] = [];
  const errors: string[] = [];
  const handled = (options.handled as Set<string> | undefined) ?? new Set<string>();
  const source = await createFileTrigger(
    {
      type: 'file',
      path: 'inbox',
      pattern: '*',
      recursive: false,
      stableSeconds: 0.3,
      processExisting: false,
      polling: false,
      ...def,
    },
    (fire) => {
      fires.push(fire);
      sizesAtFire.push(statSync(fire.file ?? '').size);
    },
    {
      baseDir: root,
      handled,
      rescanEveryMs: 500,
      field: 'triggers[0]',
      onError: (m) => errors.push(m),
      ...options,
    },
  );
  sources.push(source);
  const names = () => fires.map((fire) => path.relative(inbox, fire.file ?? '')).sort();
  return { source, fires, sizesAtFire, errors, handled, names };
}

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
    expect(fires).toEqual([{ trigger: { kind: 'file', detail: file }, file }]);
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

  it('runs a file again when it is rewritten with new content', async () => {
    const { names, handled } = await start();
    writeFileSync(path.join(inbox, 'a.csv'), 'v1');
    await waitFor(() => names().length === 1);
    await sleep(100);
    writeFileSync(path.join(inbox, 'a.csv'), 'version 2');
    await waitFor(() => names().length === 2);
    await sleep(1000);
    expect(names()).toEqual(['a.csv', 'a.csv']);
    expect(handled.size).toBe(2);
  });

  it('does not run a file again after a restart with the same handled store', async () => {
    const first = await start({ processExisting: true });
    writeFileSync(path.join(inbox, 'a.csv'), 'data');
    await waitFor(() => first.names().length === 1);
    await first.source.stop();

    const second = await start({ processExisting: true }, { handled: first.handled });
    await sleep(1200);
    expect(second.names()).toEqual([]);
    writeFileSync(path.join(inbox, 'b.csv'), 'data'); // the second trigger does work
    await waitFor(() => second.names().length === 1);
    expect(second.names()).toEqual(['b.csv']);
  });

  it('processExisting: true handles a backlog of N files exactly N times', async () => {
    for (let i = 0; i < 5; i++) writeFileSync(path.join(inbox, `old-${i}.csv`), `data ${i}`);
    const { names } = await start({ processExisting: true });
    await waitFor(() => names().length >= 5);
    await sleep(1200);
    expect(names()).toEqual(['old-0.csv', 'old-1.csv', 'old-2.csv', 'old-3.csv', 'old-4.csv']);
  });

  it('processExisting: false never runs files present at start, even after rescans, but runs them once changed', async () => {
    for (let i = 0; i < 3; i++) writeFileSync(path.join(inbox, `old-${i}.csv`), `data ${i}`);
    const { names, handled } = await start({ processExisting: false });
    writeFileSync(path.join(inbox, 'new.csv'), 'data');
    await waitFor(() => names().length >= 1);
    await sleep(1500); // three rescans
    expect(names()).toEqual(['new.csv']);

    appendFileSync(path.join(inbox, 'old-0.csv'), ' and more'); // a rewrite is a new arrival
    await waitFor(() => names().length >= 2);
    expect(names()).toEqual(['new.csv', 'old-0.csv']);

    // They were not marked handled, so turning processExisting on later runs the two untouched ones.
    const later = await start({ processExisting: true }, { handled });
    await waitFor(() => later.names().length >= 2);
    await sleep(1000);
    expect(later.names()).toEqual(['old-1.csv', 'old-2.csv']);
  });

  it('the rescan catches files whose events never came', async () => {
    // Polling once an hour: the watcher cannot see a new file during this test, only the rescan can.
    const blind = { polling: true };
    const withoutRescan = await start(blind, { pollIntervalMs: 3_600_000, rescanEveryMs: 3_600_000 });
    const withRescan = await start(blind, { pollIntervalMs: 3_600_000, rescanEveryMs: 300 });
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

  it('reports a missing folder once and starts watching when it appears', async () => {
    const { names, errors, source } = await start({ path: 'later', processExisting: true });
    const folder = path.join(root, 'later');
    await sleep(1200); // several rescans
    expect(errors).toEqual([
      `triggers[0].path: folder ${folder} does not exist; watching will start when it appears`,
    ]);
    expect(source.description).toBe(`files "*" in ${folder}`);

    mkdirSync(folder);
    writeFileSync(path.join(folder, 'first.csv'), 'data');
    await waitFor(() => names().length >= 1);
    await sleep(700); // the watcher is up now
    writeFileSync(path.join(folder, 'second.csv'), 'data');
    await waitFor(() => names().length >= 2);
    expect(names()).toEqual(['../later/first.csv', '../later/second.csv'].map((p) => path.normalize(p)));
  });

  it('counts files found when a missing folder appears as present at start (a share that came up late)', async () => {
    const { names } = await start({ path: 'share', processExisting: false });
    const folder = path.join(root, 'share');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'old.csv'), 'data');
    await sleep(1200); // the folder is found and listed
    writeFileSync(path.join(folder, 'new.csv'), 'data');
    await waitFor(() => names().length >= 1);
    await sleep(1000);
    expect(names()).toEqual([path.normalize('../share/new.csv')]);
  });

  it('keeps watching a folder that is deleted and created again', async () => {
    const { names, errors } = await start();
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
});
