import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Hub } from '../../../../src/main/core/hub/hub';
import { isAlive, processStartTime } from '../../../../src/main/core/process/process-table';
import { finishedRuns, nextEvent, nodeJob, useHubs, writeJob } from '../../../helpers/hub';
import { expectNoSurvivors, fixture } from '../../../helpers/processes';
import { useTempDirs } from '../../../helpers/temp';
import { waitFor } from '../../../helpers/wait-for';

const tempDir = useTempDirs();
const openHub = useHubs();

describe('Hub: data directory', () => {
  it('refuses a second hub on the same data directory, naming the owner', async () => {
    const dataDir = await tempDir();
    await openHub({ dataDir });
    await expect(Hub.open({ dataDir })).rejects.toThrow(new RegExp(`pid ${process.pid}`));
  });

  it('keeps history and settings across restarts', async () => {
    const dataDir = await tempDir();
    await writeJob(dataDir, 'hello.json', nodeJob('Hello', fixture('job-exit.mjs'), ['0', '0', 'hi']));
    const first = await openHub({ dataDir });
    const result = await first.runJobAndWait('Hello');
    expect(result.status).toBe('CompletedSuccessfully');
    await first.updateSettings({ maxConcurrentJobs: 7 });
    await first.close();

    const second = await openHub({ dataDir });
    expect((await second.getHistory({})).map((r) => r.runId)).toEqual([result.runId]);
    expect((await second.getSettings()).maxConcurrentJobs).toBe(7);
    const log = await second.readLog(result.runId);
    expect(log).toMatchObject({ text: 'hi\n', live: false, truncated: false });
  });

  it('moves a corrupted history aside, reports it, and starts', async () => {
    const dataDir = await tempDir();
    const first = await openHub({ dataDir });
    await first.close();
    await writeFile(join(dataDir, 'state', 'history.json'), '{ this is not json');
    const hub = await openHub({ dataDir });
    const notices = await hub.getNotices();
    expect(
      notices.some(
        (n) => n.level === 'warning' && n.message.includes('history.json') && n.message.includes('corrupt'),
      ),
    ).toBe(true);
    expect(await hub.getHistory({})).toEqual([]);
  });
});

describe('Hub: job library', () => {
  it('only running what it is handed, arms no trigger: not after the job list, not when triggers are resumed', async () => {
    const dataDir = await tempDir();
    const every = { triggers: [{ type: 'interval', everyMinutes: 1 / 60 }] };
    await writeJob(dataDir, 'tick.json', nodeJob('Tick', fixture('job-exit.mjs'), ['0', '0'], every));
    const hub = await openHub({ dataDir, mode: 'runs' });
    const started: string[] = [];
    hub.events.on((event) => {
      if (event.type === 'run-started') started.push(event.run.jobName);
    });
    expect((await hub.listJobs()).map((job) => job.name)).toEqual(['Tick']);
    await hub.setTriggersPaused(true);
    await hub.setTriggersPaused(false);
    await hub.updateSettings({ triggersPaused: true });
    await hub.updateSettings({ triggersPaused: false });
    // Nor does it claim to have watched schedules: a later hub must still catch up what comes due meanwhile.
    const state = await readFile(join(dataDir, 'state', 'hub.json'), 'utf8').catch(() => '{}');
    expect(JSON.parse(state).lastAliveAt ?? null).toBeNull();
    // Three periods of the interval: an armed trigger would have fired.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(started).toEqual([]);
    expect((await hub.listJobs())[0]?.triggers.map((trigger) => trigger.nextRun ?? null)).toEqual([null]);
  });

  it('only running what it is handed, never reads the schedule ledger: a damaged hub.json is left for the hub that watches', async () => {
    const dataDir = await tempDir();
    await writeJob(dataDir, 'once.json', nodeJob('Once', fixture('job-exit.mjs'), ['0', '0']));
    await mkdir(join(dataDir, 'state'), { recursive: true });
    await writeFile(join(dataDir, 'state', 'hub.json'), '{ "lastAliveAt": ');
    const problems: string[] = [];
    const hub = await openHub({
      dataDir,
      mode: 'runs',
      onEvent: (event) => {
        if (event.type === 'notice') problems.push(event.notice.message);
      },
    });
    expect((await hub.runJobAndWait('Once')).status).toBe('CompletedSuccessfully');
    await hub.close();
    expect(problems.filter((message) => message.includes('hub.json'))).toEqual([]);
    expect(await readFile(join(dataDir, 'state', 'hub.json'), 'utf8')).toBe('{ "lastAliveAt": ');
  });

  it('only running what it is handed, reads the library when a run by name or the job list first needs it', async () => {
    const dataDir = await tempDir();
    await writeJob(
      dataDir,
      'lib.json',
      nodeJob('Lib', fixture('job-exit.mjs'), ['0', '0', 'from the library']),
    );
    await writeJob(dataDir, 'broken.json', '{ "name": ');
    const outside = join(await tempDir(), 'outside.json');
    await writeFile(outside, JSON.stringify(nodeJob('Outside', fixture('job-exit.mjs'), ['0', '0'])));
    const hub = await openHub({ dataDir, mode: 'runs' });

    const byFile = await (await hub.startRun({ file: outside })).done;
    expect(byFile.status).toBe('CompletedSuccessfully');
    // A run of a job file read no job of the library: not the valid one, not the broken one.
    expect(hub.library.entries()).toEqual([]);

    const byName = await (await hub.startRun({ job: 'lib' })).done;
    expect(byName).toMatchObject({
      jobName: 'Lib',
      status: 'CompletedSuccessfully',
      outputTail: 'from the library\n',
    });
    expect((await hub.listJobs()).map((job) => [job.fileName, job.valid])).toEqual([
      ['broken.json', false],
      ['lib.json', true],
    ]);
  });

  it('only running what it is handed, leaves what file triggers remember unread', async () => {
    const dataDir = await tempDir();
    await openHub({ dataDir }).then((hub) => hub.close());
    // A record a full hub reads at start, and reports when it is damaged.
    const record = join(dataDir, 'state', 'watched-files.journal.jsonl');
    await writeFile(
      record,
      '{"op":"folder","folder":"/x"}\n{ cut by a crash\n{"op":"folder","folder":"/y"}\n',
    );
    const outside = join(await tempDir(), 'outside.json');
    await writeFile(outside, JSON.stringify(nodeJob('Outside', fixture('job-exit.mjs'), ['0', '0'])));
    const runs = await openHub({ dataDir, mode: 'runs' });
    expect((await (await runs.startRun({ file: outside })).done).status).toBe('CompletedSuccessfully');
    const noticed = (await runs.getNotices()).map((notice) => notice.message).join('\n');
    await runs.close();
    expect(noticed).not.toContain('watched-files');
    const full = await openHub({ dataDir });
    expect((await full.getNotices()).map((notice) => notice.message).join('\n')).toContain('watched-files');
  });

  it('picks up added, edited, invalid, duplicate and deleted job files without a restart', async () => {
    const dataDir = await tempDir();
    const hub = await openHub({ dataDir });
    expect(await hub.listJobs()).toEqual([]);

    const changed = () => nextEvent(hub, (e) => e.type === 'library-changed');
    let next = changed();
    const file = await writeJob(dataDir, 'export.json', nodeJob('Export', fixture('job-exit.mjs'), ['0']));
    await next;
    expect((await hub.listJobs()).map((j) => [j.name, j.valid])).toEqual([['Export', true]]);

    next = changed();
    await writeJob(
      dataDir,
      'broken.json',
      '{ "name": "Broken", "process": { "command": "x", "timeoutMinutes": -5 } }',
    );
    await next;
    const broken = (await hub.listJobs()).find((j) => j.fileName === 'broken.json');
    expect(broken?.valid).toBe(false);
    expect(broken?.problems[0]).toMatchObject({
      file: 'broken.json',
      line: 1,
      field: 'process.timeoutMinutes',
    });
    expect((await hub.listJobs()).find((j) => j.name === 'Export')?.valid).toBe(true);
    expect((await hub.getNotices()).some((n) => n.message.includes('broken.json:1:'))).toBe(true);

    next = changed();
    await writeJob(dataDir, 'export-copy.json', nodeJob('Export', fixture('job-exit.mjs'), ['0']));
    await next;
    const twins = (await hub.listJobs()).filter((j) => j.name === 'Export');
    expect(twins.map((j) => j.valid)).toEqual([false, false]);
    expect(twins[0]?.problems[0]?.message).toContain('is also the name of export.json');
    await expect(hub.runJob('Export')).rejects.toThrow(/cannot run until its file is fixed/);

    next = changed();
    await rm(join(dataDir, 'jobs', 'export-copy.json'));
    await next;
    expect((await hub.listJobs()).find((j) => j.name === 'Export')?.valid).toBe(true);
    // It was reported as not loaded while it had a twin: now the event log says it is back.
    expect((await hub.getNotices()).map((n) => [n.level, n.message])).toContainEqual([
      'info',
      'Job file loaded again: export.json ("Export")',
    ]);

    next = changed();
    await writeFile(file, JSON.stringify(nodeJob('Export renamed', fixture('job-exit.mjs'), ['0'])));
    await next;
    expect((await hub.listJobs()).map((j) => [j.fileName, j.name])).toEqual([
      ['broken.json', 'Broken'],
      ['export.json', 'Export renamed'],
    ]);
  });

  it('takes a dropped job named like a library job in another case as the same name: preview and add say so', async () => {
    const dataDir = await tempDir();
    await writeJob(dataDir, 'inbox.json', nodeJob('Inbox', fixture('job-exit.mjs'), ['0']));
    const dropped = join(await tempDir(), 'other-inbox.json');
    await writeFile(dropped, JSON.stringify(nodeJob('INBOX', fixture('job-exit.mjs'), ['0'])));
    const hub = await openHub({ dataDir });
    expect(await hub.previewJobFile(dropped)).toMatchObject({ ok: true, name: 'INBOX', nameTaken: true });
    await expect(hub.addJobFile(dropped)).rejects.toThrow('a job named "INBOX" is already in the library');
  });

  it('runs a job now, answers at once, and records it', async () => {
    const dataDir = await tempDir();
    await writeJob(dataDir, 'sleep.json', nodeJob('Sleeper', fixture('job-sleep.mjs'), ['300']));
    const hub = await openHub({ dataDir });
    const done = finishedRuns(hub, 'Sleeper', 1);
    const ticket = await hub.runJob('Sleeper');
    expect(ticket).toMatchObject({ jobName: 'Sleeper', accepted: true, message: 'started' });
    const again = await hub.runJob('Sleeper');
    expect(again.accepted).toBe(false);
    expect(again.message).toContain('already running');
    const [result] = await done;
    expect(result?.runId).toBe(ticket.runId);
    expect((await hub.getHistory({ jobName: 'Sleeper' }))[0]?.runId).toBe(ticket.runId);
    await expect(hub.runJob('Nope')).rejects.toThrow('there is no job named "Nope"');
  });

  it("frames each run's log with which run it is and how it ended; readLog and the tail show only the output", async () => {
    const dataDir = await tempDir();
    const file = await writeJob(
      dataDir,
      'fail.json',
      nodeJob('Failing', fixture('job-exit.mjs'), ['3', '0', 'no input']),
    );
    const hub = await openHub({ dataDir });
    const result = await hub.runJobAndWait('failing');
    expect(result).toMatchObject({ status: 'Failed', exitCode: 3, outputTail: 'no input\n' });
    // (Lines end as the platform's text files do: CRLF on Windows, around the job's own bytes.)
    const log = (await readFile(result.logPath ?? '', 'utf8')).replace(/\r\n/g, '\n');
    const lines = log.split('\n');
    expect(lines[0]).toMatch(/^== Automation Hub [\d.]+: log of one run ==$/);
    expect(lines).toContain('job:      Failing');
    expect(lines).toContain(`job file: ${file}`);
    const command = lines.find((line) => line.startsWith('command:  ')) ?? '';
    expect(command).toContain(`${fixture('job-exit.mjs')} 3 0 `);
    expect(command).toMatch(/["']no input["']$/);
    expect(lines).toContain(`folder:   ${join(dataDir, 'jobs')}`);
    expect(lines).toContain('trigger:  by hand');
    expect(
      log.endsWith(
        `== output ==\nno input\n\n== end: Failed, exit code 3, after ${result.message.match(/after ([\d.]+ s)/)?.[1]}: ${result.message}\n`,
      ),
    ).toBe(true);
    expect(await hub.readLog(result.runId)).toMatchObject({
      text: 'no input\n',
      truncated: false,
      live: false,
    });
    expect((await hub.getHistory({ jobName: 'Failing' }))[0]?.outputTail).toBe('no input\n');
  });

  it("tells hosts which notifications a run may raise: its job's notify block as the run started", async () => {
    const dataDir = await tempDir();
    const quiet = { notify: { onFailure: false, onSuccess: true, onStuck: false } };
    await writeJob(dataDir, 'q.json', nodeJob('Quiet', fixture('job-sleep.mjs'), ['2000'], quiet));
    await writeJob(dataDir, 'plain.json', nodeJob('Plain', fixture('job-exit.mjs'), ['1']));
    const hub = await openHub({ dataDir });
    const finished = nextEvent(hub, (e) => e.type === 'run-finished' && e.result.jobName === 'Quiet');
    await hub.runJob('Quiet');
    // Editing the file while the run goes on does not change what that run was started with.
    const reloaded = nextEvent(hub, (e) => e.type === 'library-changed');
    await writeJob(dataDir, 'q.json', nodeJob('Quiet', fixture('job-sleep.mjs'), ['300']));
    await reloaded;
    const event = await finished;
    expect(event.type === 'run-finished' && event.notify).toEqual({
      onFailure: false,
      onTimeout: false,
      onSuccess: true,
      onStuck: false,
    });
    const plain = nextEvent(hub, (e) => e.type === 'run-finished' && e.result.jobName === 'Plain');
    await hub.runJob('Plain');
    const plainEvent = await plain;
    expect(plainEvent.type === 'run-finished' && plainEvent.notify).toEqual(
      (await hub.getSettings()).notifications,
    );
  });

  it('toggles enabled in the job file, keeping its formatting', async () => {
    const dataDir = await tempDir();
    const text = '{\r\n    "name": "Formatted",\r\n    "process": { "command": "node" }\r\n}\r\n';
    const file = await writeJob(dataDir, 'formatted.json', `\uFEFF${text}`);
    const hub = await openHub({ dataDir });
    await hub.setJobEnabled('Formatted', false);
    const edited = await readFile(file, 'utf8');
    expect(edited.startsWith('\uFEFF{\r\n    "name": "Formatted",\r\n')).toBe(true);
    expect(JSON.parse(edited.slice(1)).enabled).toBe(false);
    expect((await hub.listJobs())[0]?.enabled).toBe(false);
  });
});

describe('Hub: triggers', () => {
  it('runs a job on a cron schedule and shows its next run', async () => {
    const dataDir = await tempDir();
    await writeJob(
      dataDir,
      'tick.json',
      nodeJob('Tick', fixture('job-exit.mjs'), ['0'], {
        triggers: [{ type: 'schedule', cron: '* * * * * *' }],
      }),
    );
    const hub = await openHub({ dataDir });
    const [job] = await hub.listJobs();
    expect(job?.triggers[0]?.description).toBe('cron "* * * * * *" (local time)');
    expect(Date.parse(job?.nextRun ?? '')).toBeGreaterThan(Date.now() - 1000);
    const runs = await finishedRuns(hub, 'Tick', 2);
    expect(runs.every((r) => r.trigger.kind === 'schedule' && r.trigger.detail === '* * * * * *')).toBe(true);
  });

  it('runs a job on an interval, and pausing stops it', async () => {
    const dataDir = await tempDir();
    await writeJob(
      dataDir,
      'poll.json',
      nodeJob('Poll', fixture('job-exit.mjs'), ['0'], {
        triggers: [{ type: 'interval', everyMinutes: 0.0167 }],
      }),
    );
    const hub = await openHub({ dataDir });
    const runs = await finishedRuns(hub, 'Poll', 2);
    expect(runs.map((r) => r.trigger.kind)).toEqual(['interval', 'interval']);
    await hub.setTriggersPaused(true);
    await waitFor(() => hub.orchestrator.activeCount === 0, { what: 'the last interval run ended' });
    const countAtPause = (await hub.getHistory({ jobName: 'Poll' })).length;
    // Longer than the interval (1 s, the shortest there is): a fire would have come by now.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await hub.getHistory({ jobName: 'Poll' })).length).toBe(countAtPause);
    expect((await hub.getSettings()).triggersPaused).toBe(true);
    await hub.setTriggersPaused(false);
    await finishedRuns(hub, 'Poll', 1);
  });

  it('does not fire triggers of a disabled job, but runs it on request', async () => {
    const dataDir = await tempDir();
    await writeJob(
      dataDir,
      'off.json',
      nodeJob('Off', fixture('job-exit.mjs'), ['0'], {
        enabled: false,
        triggers: [{ type: 'interval', everyMinutes: 0.0167 }],
      }),
    );
    const hub = await openHub({ dataDir });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await hub.getHistory({})).toEqual([]);
    expect((await hub.runJobAndWait('Off')).trigger.kind).toBe('manual');
  });

  it('runs a file-triggered job once per arriving file, with the path, and not again after a restart', async () => {
    const dataDir = await tempDir();
    const inbox = await tempDir();
    await writeJob(
      dataDir,
      'inbox.json',
      nodeJob('Inbox', fixture('job-env.mjs'), ['AUTOMATION_HUB_TRIGGER_FILE', '--file={file}'], {
        triggers: [{ type: 'file', path: inbox, pattern: '*.csv', stableSeconds: 0.2 }],
      }),
    );
    const first = await openHub({ dataDir, rescanEveryMs: 500 });
    const done = finishedRuns(first, 'Inbox', 1);
    await writeFile(join(inbox, 'ignored.txt'), 'not a csv');
    await writeFile(join(inbox, 'data.csv.part'), 'a,b\n');
    await writeFile(join(inbox, 'data.csv'), 'a,b\n1,2\n');
    const [result] = await done;
    expect(result?.trigger).toEqual({ kind: 'file', detail: join(inbox, 'data.csv') });
    expect(result?.outputTail).toContain(`AUTOMATION_HUB_TRIGGER_FILE=${join(inbox, 'data.csv')}\n`);
    expect(result?.outputTail).toContain(`"--file=${join(inbox, 'data.csv')}"`);
    await first.close();

    const second = await openHub({ dataDir, rescanEveryMs: 300 });
    await new Promise((r) => setTimeout(r, 1200));
    expect((await second.getHistory({ jobName: 'Inbox' })).length).toBe(1);
  });
});

describe('Hub: missed runs and crash recovery', () => {
  const pretendDownSince = async (dataDir: string, minutesAgo: number) => {
    const state = { lastAliveAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(), lastFires: {} };
    await writeFile(join(dataDir, 'state', 'hub.json'), JSON.stringify(state));
  };

  it('runs once for schedules missed while no hub ran (runOnce), and not at all with skip', async () => {
    const dataDir = await tempDir();
    const every = { triggers: [{ type: 'interval', everyMinutes: 1 }] };
    await writeJob(dataDir, 'once.json', nodeJob('Once', fixture('job-exit.mjs'), ['0'], every));
    await writeJob(
      dataDir,
      'never.json',
      nodeJob('Never', fixture('job-exit.mjs'), ['0'], { ...every, missedRuns: 'skip' }),
    );
    const first = await openHub({ dataDir });
    await first.close();
    await pretendDownSince(dataDir, 10);

    const hub = await openHub({ dataDir });
    const [caughtUp] = await finishedRuns(hub, 'Once', 1);
    expect(caughtUp?.trigger.kind).toBe('missed');
    await new Promise((r) => setTimeout(r, 500));
    expect((await hub.getHistory({})).map((r) => r.jobName)).toEqual(['Once']);
    expect((await hub.getNotices()).some((n) => n.message.includes('running once for the run missed'))).toBe(
      true,
    );
  });

  it('finds the process of a run journaled before its pid was known, by the run marker', async () => {
    const dataDir = await tempDir();
    const first = await openHub({ dataDir });
    await first.close();
    const runId = 'run-journaled-before-spawn';
    const child = spawn(process.execPath, [fixture('job-sleep.mjs'), '60000'], {
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, AUTOMATION_HUB_RUN_ID: runId },
    });
    child.unref();
    const pid = child.pid ?? 0;
    await waitFor(async () => (await processStartTime(pid)) !== null, { what: 'the sleeper started' });
    const entry = {
      runId,
      jobName: 'Unlucky',
      pid: null,
      pidStartTime: null,
      startTime: new Date().toISOString(),
      logPath: null,
      hubPid: 999_999,
      trigger: { kind: 'manual' },
      attempt: 1,
      firstRunId: runId,
    };
    await writeFile(join(dataDir, 'state', 'running.json'), JSON.stringify({ runs: [entry] }));
    try {
      const hub = await openHub({ dataDir });
      const [run] = await hub.getHistory({ jobName: 'Unlucky' });
      expect(run?.status).toBe('Interrupted');
      expect(run?.message).toContain('its 1 remaining process was stopped');
      await expectNoSurvivors([pid]);
    } finally {
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  });

  it('marks runs of a hub that died as interrupted and stops their processes, never a stranger', async () => {
    const dataDir = await tempDir();
    const first = await openHub({ dataDir });
    await first.close();
    const runId = 'run-of-a-dead-hub';
    const spawnSleeper = (env: NodeJS.ProcessEnv) => {
      const child = spawn(process.execPath, [fixture('job-sleep.mjs'), '60000'], {
        detached: true,
        stdio: 'ignore',
        env: { ...process.env, ...env },
      });
      child.unref();
      return child.pid ?? 0;
    };
    // The dead hub's job, and a descendant of it that left its process group: both carry the run's marker.
    const jobPid = spawnSleeper({ AUTOMATION_HUB_RUN_ID: runId });
    const escapedPid = spawnSleeper({ AUTOMATION_HUB_RUN_ID: runId });
    // A process that reused the pid of another dead run: same pid, different start time, no marker.
    const strangerPid = spawnSleeper({});
    await waitFor(async () => (await processStartTime(strangerPid)) !== null, {
      what: 'the sleepers started',
    });
    const entry = (id: string, pid: number, pidStartTime: string | null) => ({
      runId: id,
      jobName: 'Long',
      pid,
      pidStartTime,
      startTime: new Date(Date.now() - 60_000).toISOString(),
      logPath: null,
      hubPid: 999_999,
      trigger: { kind: 'schedule', detail: '0 2 * * *' },
      attempt: 1,
      firstRunId: id,
    });
    await writeFile(
      join(dataDir, 'state', 'running.json'),
      JSON.stringify({
        runs: [
          entry(runId, jobPid, await processStartTime(jobPid)),
          entry('reused-pid-run', strangerPid, 'another-start'),
        ],
      }),
    );

    try {
      const hub = await openHub({ dataDir });
      const history = await hub.getHistory({ jobName: 'Long' });
      expect(history.map((r) => [r.runId, r.status]).sort()).toEqual([
        ['reused-pid-run', 'Interrupted'],
        [runId, 'Interrupted'],
      ]);
      const recovered = history.find((r) => r.runId === runId);
      expect(recovered?.message).toMatch(
        /^interrupted after 1 min 0\d s: Automation Hub \(pid 999999\) stopped unexpectedly while this run was in progress; its 2 remaining processes were stopped$/,
      );
      expect(history.find((r) => r.runId === 'reused-pid-run')?.message).toContain(
        'its process had already ended',
      );
      expect(
        (await hub.getNotices()).filter((n) =>
          n.message.startsWith('Recovered an interrupted run of "Long"'),
        ),
      ).toHaveLength(2);
      await expectNoSurvivors([jobPid, escapedPid]);
      expect(isAlive(strangerPid)).toBe(true);
      // Both entries settled: no run in progress is left, in the snapshot nor in the journal.
      expect(JSON.parse(readFileSync(join(dataDir, 'state', 'running.json'), 'utf8'))).toEqual({ runs: [] });
      expect(readFileSync(join(dataDir, 'state', 'running.journal.jsonl'), 'utf8')).toBe('');
    } finally {
      process.kill(strangerPid, 'SIGKILL');
      await expectNoSurvivors([strangerPid]);
    }
  });
});

describe('Hub: a damaged settings file', () => {
  it('keeps the valid settings (paused stays paused) and deletes no history over a fallback historyLimit', async () => {
    const dataDir = await tempDir();
    await writeJob(dataDir, 'tick.json', {
      ...nodeJob('Tick', fixture('job-exit.mjs'), ['0']),
      triggers: [{ type: 'schedule', cron: '* * * * * *' }],
    });
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dataDir, 'state'), { recursive: true });
    const old = Array.from({ length: 1200 }, (_, i) => {
      const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
      return {
        runId: `old-${i}`,
        jobName: 'Tick',
        success: true,
        status: 'CompletedSuccessfully',
        exitCode: 0,
        signal: null,
        message: 'completed in 0.1 s (exit code 0)',
        startTime: at,
        endTime: at,
        durationMs: 100,
        logPath: null,
        outputTail: '',
        pid: null,
        trigger: { kind: 'manual' },
        attempt: 1,
        firstRunId: `old-${i}`,
      };
    }).reverse();
    await writeFile(join(dataDir, 'state', 'history.json'), JSON.stringify({ runs: old }));
    await writeFile(
      join(dataDir, 'settings.json'),
      JSON.stringify({ historyLimit: 0, triggersPaused: true }),
    );
    const hub = await openHub({ dataDir });
    expect(hub.paused).toBe(true);
    expect((await hub.getNotices()).map((n) => n.message)).toContainEqual(
      expect.stringContaining(
        'historyLimit: must be between 10 and 100000 (got 0); using 1000 until it is fixed',
      ),
    );
    await hub.runJobAndWait('Tick');
    expect(await hub.getHistory({ limit: 100_000 })).toHaveLength(1201);
    await hub.close();
    const again = await openHub({ dataDir });
    expect(await again.getHistory({ limit: 100_000 })).toHaveLength(1201);
  });
});
