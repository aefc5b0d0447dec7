import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../../../../src/main/core/hub/hub';
import type { RunResult } from '../../../../src/shared/run-types';
import { finishedRuns, nextEvent, nodeJob, useHubs, writeJob } from '../../../helpers/hub';
import { expectNoSurvivors, fixture } from '../../../helpers/processes';
import { useTempDirs } from '../../../helpers/temp';
import { waitFor } from '../../../helpers/wait-for';

const tempDir = useTempDirs();
const openHub = useHubs();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A job that prints the file it was started for and takes `ms` to do so. */
const importJob = (name: string, inbox: string, ms: number, extra: object = {}) =>
  nodeJob(name, fixture('job-exit.mjs'), ['0', String(ms), '{file}'], {
    triggers: [{ type: 'file', path: inbox, pattern: '*.csv', stableSeconds: 0.2 }],
    ...extra,
  });

const fileOf = (run: RunResult) => run.trigger.detail ?? '';
const started = (hub: Hub, jobName: string) =>
  nextEvent(hub, (e) => e.type === 'run-started' && e.run.jobName === jobName);
const waiting = async (hub: Hub, jobName: string) =>
  (await hub.listJobs()).find((j) => j.name === jobName)?.waiting ?? -1;
const byStart = (runs: RunResult[]) => [...runs].sort((a, b) => a.startTime.localeCompare(b.startTime));

/** Drops files one by one, far enough apart that their arrival order is the order written. */
async function drop(inbox: string, names: string[]): Promise<string[]> {
  const paths: string[] = [];
  for (const name of names) {
    const file = join(inbox, name);
    writeFileSync(file, `${name}\n`);
    paths.push(file);
    await sleep(120);
  }
  return paths;
}

describe('Hub: files that arrive while a job cannot take them', () => {
  it('runs five files dropped while a busy skip job runs, each once, in arrival order, and shows them waiting', async () => {
    const dataDir = await tempDir();
    const inbox = await tempDir();
    await writeJob(dataDir, 'import.json', importJob('Import', inbox, 700, { concurrency: 'skip' }));
    const hub = await openHub({ dataDir });
    const all = finishedRuns(hub, 'Import', 6, 30_000);
    const first = started(hub, 'Import');
    const [busy] = await drop(inbox, ['first.csv']);
    await first;
    const invoices = await drop(inbox, [
      'invoice-1.csv',
      'invoice-2.csv',
      'invoice-3.csv',
      'invoice-4.csv',
      'invoice-5.csv',
    ]);
    await waitFor(async () => (await waiting(hub, 'Import')) >= 4, {
      what: 'the invoices wait for the running run',
    });
    const runs = byStart(await all);
    expect(runs.map(fileOf)).toEqual([busy, ...invoices]);
    expect(runs.every((r) => r.status === 'CompletedSuccessfully')).toBe(true);
    expect(runs.map((r) => r.outputTail.trim())).toEqual([busy, ...invoices]);
    await sleep(800);
    expect(await hub.getHistory({ jobName: 'Import' })).toHaveLength(6);
    expect(await waiting(hub, 'Import')).toBe(0);
    await expectNoSurvivors(runs.flatMap((r) => (r.pid ? [r.pid] : [])));
  });

  it('keeps files waiting when the hub stops and runs them after the next start, once (skip)', async () => {
    const dataDir = await tempDir();
    const inbox = await tempDir();
    await writeJob(dataDir, 'import.json', importJob('Import', inbox, 3_000, { concurrency: 'skip' }));
    const first = await openHub({ dataDir });
    const running = started(first, 'Import');
    const [a] = await drop(inbox, ['a.csv']);
    await running;
    const [b, c] = await drop(inbox, ['b.csv', 'c.csv']);
    await waitFor(async () => (await waiting(first, 'Import')) === 2, { what: 'b and c wait' });
    await first.close(); // a is cancelled (its run ended: handled); b and c never started

    const second = await openHub({ dataDir });
    const runs = byStart(await finishedRuns(second, 'Import', 2, 20_000));
    expect(runs.map(fileOf)).toEqual([b, c]);
    expect(runs.every((r) => r.status === 'CompletedSuccessfully')).toBe(true);
    await sleep(1000);
    const history = await second.getHistory({ jobName: 'Import' });
    expect(history.filter((r) => fileOf(r) === a).map((r) => r.status)).toEqual(['Cancelled']);
    expect(history.filter((r) => fileOf(r) !== a)).toHaveLength(2);
    await expectNoSurvivors(history.flatMap((r) => (r.pid ? [r.pid] : [])));
  });

  it('keeps files whose queued run never started when the hub stops, and runs them after the next start (queue)', async () => {
    const dataDir = await tempDir();
    const inbox = await tempDir();
    await writeJob(dataDir, 'import.json', importJob('Import', inbox, 3_000, { concurrency: 'queue' }));
    const first = await openHub({ dataDir });
    const running = started(first, 'Import');
    const [, b, c] = await drop(inbox, ['a.csv', 'b.csv', 'c.csv']);
    await running;
    await waitFor(async () => (await waiting(first, 'Import')) === 2, { what: 'b and c are queued' });
    await first.close();

    const second = await openHub({ dataDir });
    const runs = byStart(await finishedRuns(second, 'Import', 2, 20_000));
    expect(runs.map(fileOf)).toEqual([b, c]);
    expect(runs.every((r) => r.status === 'CompletedSuccessfully')).toBe(true);
  });

  it('runs a file that arrived while the hub was down, and only that one', async () => {
    const dataDir = await tempDir();
    const inbox = await tempDir();
    writeFileSync(join(inbox, 'old.csv'), 'there before the job was ever armed');
    await writeJob(dataDir, 'import.json', importJob('Import', inbox, 0));
    const first = await openHub({ dataDir });
    await first.whenTriggersWatching();
    await first.close();

    writeFileSync(join(inbox, 'while-down.csv'), 'arrived while no hub ran');
    const second = await openHub({ dataDir });
    const [run] = await finishedRuns(second, 'Import', 1);
    expect(run && fileOf(run)).toBe(join(inbox, 'while-down.csv'));
    await sleep(1000);
    expect(await second.getHistory({ jobName: 'Import' })).toHaveLength(1);
  });

  it('watches a folder created after the start within seconds, and runs what landed in it before', async () => {
    const dataDir = await tempDir();
    const root = await tempDir();
    const later = join(root, 'later');
    await writeJob(dataDir, 'import.json', importJob('Import', later, 0));
    const hub = await openHub({ dataDir }); // rescans every 5 minutes: only the check for the folder finds it
    expect((await hub.getNotices()).some((n) => n.message.includes(`folder ${later} does not exist`))).toBe(
      true,
    );
    const done = finishedRuns(hub, 'Import', 1, 10_000);
    mkdirSync(later);
    writeFileSync(join(later, 'early.csv'), 'landed before the folder was watched');
    const [run] = await done;
    expect(run && fileOf(run)).toBe(join(later, 'early.csv'));
  });

  it('does not follow a link to /usr or a loop: start-up and other jobs go on, nothing outside runs', async () => {
    const dataDir = await tempDir();
    const tree = await tempDir();
    const other = await tempDir();
    const outside = await tempDir();
    writeFileSync(join(outside, 'outside.csv'), 'not in the watched folder');
    symlinkSync('/usr', join(tree, 'usr'));
    symlinkSync(outside, join(tree, 'elsewhere'));
    mkdirSync(join(tree, 'sub'));
    symlinkSync(tree, join(tree, 'sub', 'loop'));
    await writeJob(
      dataDir,
      'tree.json',
      nodeJob('Tree', fixture('job-exit.mjs'), ['0', '0', '{file}'], {
        concurrency: 'parallel',
        triggers: [
          {
            type: 'file',
            path: tree,
            pattern: '*',
            recursive: true,
            processExisting: true,
            stableSeconds: 0.2,
          },
        ],
      }),
    );
    await writeJob(dataDir, 'other.json', importJob('Other', other, 0));
    const hub = await openHub({ dataDir });
    await hub.whenTriggersWatching();
    const treeRun = finishedRuns(hub, 'Tree', 1);
    const otherRun = finishedRuns(hub, 'Other', 1);
    writeFileSync(join(outside, 'new-outside.csv'), 'written outside');
    writeFileSync(join(tree, 'sub', 'inside.csv'), 'written inside');
    writeFileSync(join(other, 'other.csv'), 'for the other job');
    await Promise.all([treeRun, otherRun]);
    await sleep(1500);
    const files = (await hub.getHistory({ jobName: 'Tree' })).map(fileOf);
    expect(files).toEqual([join(tree, 'sub', 'inside.csv')]);
  });
});

describe('Hub: upgrading from a version that kept handled files as path, size and time', () => {
  it('never runs again a file the earlier version ran, even for processExisting; runs the others', async () => {
    const dataDir = await tempDir();
    const inbox = await tempDir();
    const [done, fresh] = await drop(inbox, ['done.csv', 'fresh.csv']);
    const { statSync } = await import('node:fs');
    const seen = statSync(done as string);
    mkdirSync(join(dataDir, 'state'), { recursive: true });
    writeFileSync(
      join(dataDir, 'state', 'handled-files.json'),
      JSON.stringify({ jobs: { Import: [`${done}|${seen.size}|${seen.mtimeMs}`] } }),
    );
    await writeJob(
      dataDir,
      'import.json',
      importJob('Import', inbox, 50, {
        triggers: [
          { type: 'file', path: inbox, pattern: '*.csv', stableSeconds: 0.2, processExisting: true },
        ],
      }),
    );
    const hub = await openHub({ dataDir });
    const [run] = await finishedRuns(hub, 'Import', 1);
    await sleep(1500);
    expect((await hub.getHistory({ jobName: 'Import' })).map(fileOf)).toEqual([fresh]);
    expect(run && fileOf(run)).toBe(fresh);
  });
});
