import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { TriggerSet } from '../../../../src/main/core/hub/trigger-set';
import { ensureDataDir } from '../../../../src/main/core/store/data-dir';
import { openWatchedFiles } from '../../../../src/main/core/store/watched-files-store';
import { describeTrigger, staticNextRun } from '../../../../src/main/core/triggers/describe-trigger';
import type { TriggerFire } from '../../../../src/main/core/triggers/types';
import type { JobDefinition, Trigger } from '../../../../src/shared/job-schema';
import { job } from '../../../helpers/jobs';
import { useTempDirs } from '../../../helpers/temp';
import { waitFor } from '../../../helpers/wait-for';

const tempDir = useTempDirs();
const sets: TriggerSet[] = [];
afterEach(async () => {
  await Promise.all(sets.splice(0).map((set) => set.stopAll()));
});

/** A TriggerSet over a real data folder, recording every fire and problem. */
async function createSet() {
  const dataDir = await tempDir();
  const layout = await ensureDataDir(dataDir);
  const store = openWatchedFiles(layout, () => {});
  const fires: { jobName: string; fire: TriggerFire }[] = [];
  const problems: { jobName: string; message: string }[] = [];
  const set = new TriggerSet({
    store,
    onFire: (jobName, fire) => fires.push({ jobName, fire }),
    onProblem: (jobName, message) => problems.push({ jobName, message }),
  });
  sets.push(set);
  return { set, fires, problems, store, dataDir, jobFile: (name: string) => join(layout.jobsDir, name) };
}

const withTriggers = (name: string, triggers: Trigger[]): JobDefinition => ({ ...job({ name }), triggers });
const every = (everyMinutes: number): Trigger => ({ type: 'interval', everyMinutes });
const nextRunOf = (set: TriggerSet, definition: JobDefinition) => set.describe(definition)[0]?.nextRun;

describe('TriggerSet', () => {
  it("arms the triggers of the jobs it is given and fires with the job's name", async () => {
    const { set, fires, jobFile } = await createSet();
    const poll = withTriggers('Poll', [every(0.002)]);
    const noTriggers = withTriggers('By hand', []);
    await set.sync([
      { job: poll, file: jobFile('poll.json') },
      { job: noTriggers, file: jobFile('by-hand.json') },
    ]);

    expect(set.armedJobs).toBe(1);
    await waitFor(() => fires.length >= 2, { what: 'two fires of the interval' });
    expect(fires.every((f) => f.jobName === 'Poll' && f.fire.trigger.kind === 'interval')).toBe(true);
    expect(set.describe(poll)).toEqual([
      { type: 'interval', description: 'every 0.002 minutes', nextRun: expect.any(String) },
    ]);
    expect(set.problems('Poll')).toEqual([]);
  });

  it('leaves unchanged jobs armed as they were and re-arms a job whose triggers or file changed', async () => {
    const { set, jobFile } = await createSet();
    const daily = withTriggers('Daily', [every(60)]);
    const hourly = withTriggers('Hourly', [every(60)]);
    await set.sync([
      { job: daily, file: jobFile('daily.json') },
      { job: hourly, file: jobFile('hourly.json') },
    ]);
    const dailyNext = nextRunOf(set, daily);
    const hourlyNext = nextRunOf(set, hourly);
    await sleep(30);

    // An interval counts from when it was armed: an unchanged next run means the trigger was left alone.
    const hourlyEdited = withTriggers('Hourly', [every(61)]);
    await set.sync([
      { job: daily, file: jobFile('daily.json') },
      { job: hourlyEdited, file: jobFile('hourly.json') },
    ]);
    expect(nextRunOf(set, daily)).toBe(dailyNext);
    expect(Date.parse(nextRunOf(set, hourlyEdited) ?? '')).toBeGreaterThan(Date.parse(hourlyNext ?? ''));

    // The same triggers in another file are another job file: re-armed.
    await sleep(30);
    await set.sync([
      { job: daily, file: jobFile('daily-renamed.json') },
      { job: hourlyEdited, file: jobFile('hourly.json') },
    ]);
    expect(Date.parse(nextRunOf(set, daily) ?? '')).toBeGreaterThan(Date.parse(dailyNext ?? ''));
  });

  it('stops the triggers of jobs it is no longer given: nothing fires after sync resolves', async () => {
    const { set, fires, jobFile } = await createSet();
    const poll = withTriggers('Poll', [every(0.002)]);
    await set.sync([{ job: poll, file: jobFile('poll.json') }]);
    await waitFor(() => fires.length >= 1, { what: 'the first fire' });

    await set.sync([]);
    const firesAtStop = fires.length;
    await sleep(400);
    expect(fires.length).toBe(firesAtStop);
    expect(set.armedJobs).toBe(0);
    // Not armed: described in words, with what it counts from instead of a next run.
    expect(set.describe(poll)).toEqual([
      {
        type: 'interval',
        description: "every 0.002 minutes, counted from the hub's start",
        nextRun: null,
      },
    ]);
  });

  it('applies calls in order even when they are not awaited: the last one wins', async () => {
    const { set, fires, jobFile } = await createSet();
    const poll = withTriggers('Poll', [every(0.002)]);
    const first = set.sync([{ job: poll, file: jobFile('poll.json') }]);
    const second = set.sync([]);
    await Promise.all([first, second]);
    expect(set.armedJobs).toBe(0);
    await sleep(300);
    expect(fires).toEqual([]);
  });

  it("reports a trigger that cannot be armed as the job's problem, and arms its other triggers", async () => {
    const { set, fires, problems, jobFile } = await createSet();
    // Job files are checked when loaded; a definition that slipped past must still not take the set down.
    const broken = withTriggers('Broken', [
      { type: 'schedule', cron: '0 2 * * *', timezone: 'Mars/Olympus_Mons' },
      every(0.002),
    ]);
    await set.sync([{ job: broken, file: jobFile('broken.json') }]);

    expect(problems).toHaveLength(1);
    expect(problems[0]?.jobName).toBe('Broken');
    expect(problems[0]?.message).toMatch(/^triggers\[0\]\.timezone: .*Mars\/Olympus_Mons/);
    expect(set.problems('Broken')).toEqual([problems[0]?.message]);
    await waitFor(() => fires.length >= 1, { what: 'the interval of the same job fired' });
    expect(set.describe(broken).map((t) => t.nextRun === null)).toEqual([true, false]);
  });

  it('fires a file trigger once per arriving file, relative to the job file, and offers a waiting one again across sets', async () => {
    const { set, fires, store, dataDir, jobFile } = await createSet();
    const inbox = join(dataDir, 'jobs', 'inbox');
    await mkdir(inbox, { recursive: true });
    const watcher = withTriggers('Import', [
      {
        type: 'file',
        path: 'inbox',
        pattern: '*.csv',
        recursive: false,
        stableSeconds: 0.1,
        processExisting: true,
        polling: false,
      },
    ]);
    await set.sync([{ job: watcher, file: jobFile('import.json') }]);
    await writeFile(join(inbox, 'orders.csv'), 'a,b\n');
    await writeFile(join(inbox, 'notes.txt'), 'not a csv\n');
    await waitFor(() => fires.length >= 1, { what: 'orders.csv was picked up' });
    expect(fires.map((f) => f.fire.file)).toEqual([join(inbox, 'orders.csv')]);
    await set.stopAll();

    // A new set over the same store: the file is already there, and its arrival was taken.
    const again = new TriggerSet({
      store,
      onFire: (jobName, fire) => fires.push({ jobName, fire }),
      onProblem: () => {},
    });
    sets.push(again);
    await again.sync([{ job: watcher, file: jobFile('import.json') }]);
    await writeFile(join(inbox, 'returns.csv'), 'c,d\n');
    await waitFor(() => fires.length >= 2, { what: 'returns.csv was picked up' });
    await sleep(300);
    // orders.csv never ran (no hub took it): it is offered again as a waiting file, not as a new arrival;
    // returns.csv arrives once.
    const after = fires.slice(1);
    expect(
      after
        .filter((f) => f.fire.file === join(inbox, 'orders.csv'))
        .every((f) => f.fire.waiting !== undefined),
    ).toBe(true);
    expect(after.filter((f) => f.fire.file === join(inbox, 'returns.csv'))).toHaveLength(1);
    expect(new Set(after.map((f) => f.fire.file))).toEqual(
      new Set([join(inbox, 'orders.csv'), join(inbox, 'returns.csv')]),
    );
  });
});

describe('describeTrigger', () => {
  it('words each kind of trigger the way the window shows it', () => {
    expect(describeTrigger({ type: 'schedule', cron: ' 0 2 * * 1-5 ', timezone: 'Europe/Berlin' })).toBe(
      'cron "0 2 * * 1-5" (Europe/Berlin)',
    );
    expect(describeTrigger({ type: 'schedule', cron: '0 2 * * *' })).toBe('cron "0 2 * * *" (local time)');
    // An interval counts from the moment a hub arms it: unarmed, it says so instead of a next run.
    expect(describeTrigger(every(1))).toBe("every 1 minute, counted from the hub's start");
    expect(describeTrigger(every(0.5))).toBe("every 0.5 minutes, counted from the hub's start");
    const file = {
      type: 'file',
      path: 'inbox',
      pattern: '*.csv',
      recursive: false,
      stableSeconds: 2,
      processExisting: false,
      polling: false,
    } as const;
    expect(describeTrigger(file)).toBe('files *.csv arriving in inbox');
    expect(describeTrigger({ ...file, recursive: true }, '/data/jobs')).toBe(
      'files *.csv arriving in /data/jobs/inbox (and subfolders)',
    );
    expect(describeTrigger({ ...file, path: '/srv/drop' }, '/data/jobs')).toBe(
      'files *.csv arriving in /srv/drop',
    );
  });
});

describe('staticNextRun', () => {
  it('knows the next run of a schedule without arming it, and nothing for intervals and files', () => {
    const now = new Date('2030-01-07T10:15:00Z');
    expect(staticNextRun({ type: 'schedule', cron: '30 11 * * *', timezone: 'UTC' }, now)).toBe(
      '2030-01-07T11:30:00.000Z',
    );
    expect(staticNextRun({ type: 'schedule', cron: '0 9 * * *', timezone: 'UTC' }, now)).toBe(
      '2030-01-08T09:00:00.000Z',
    );
    expect(staticNextRun(every(5), now)).toBeNull();
  });

  it('answers null for a schedule that cannot be read, instead of throwing', () => {
    expect(staticNextRun({ type: 'schedule', cron: 'every day', timezone: 'UTC' })).toBeNull();
    expect(staticNextRun({ type: 'schedule', cron: '0 2 * * *', timezone: 'Mars/Olympus_Mons' })).toBeNull();
  });
});
