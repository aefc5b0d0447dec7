import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ensureDataDir } from '../../../../src/main/core/store/data-dir';
import { type JournalEntry, openRunJournal } from '../../../../src/main/core/store/run-journal';
import { useTempDirs } from '../../../helpers/temp';

const entry = (runId: string, extra: Partial<JournalEntry> = {}): JournalEntry => ({
  runId,
  jobName: 'Nightly export',
  pid: null,
  pidStartTime: null,
  startTime: '2025-01-01T02:00:00.000Z',
  logPath: `/data/logs/${runId}.log`,
  hubPid: 4242,
  trigger: { kind: 'schedule', detail: '0 2 * * *' },
  attempt: 1,
  firstRunId: runId,
  ...extra,
});

describe('openRunJournal', () => {
  const tempDir = useTempDirs();

  it('round-trips entries through the file, each change on disk before returning', async () => {
    const layout = await ensureDataDir(await tempDir());
    const journal = openRunJournal(layout, () => {});
    journal.record(entry('r1'));
    journal.record(entry('r2', { jobFile: 'C:/jobs/b.json', trigger: { kind: 'manual' } }));
    expect(JSON.parse(readFileSync(journal.path, 'utf8')).runs.map((r: JournalEntry) => r.runId)).toEqual([
      'r1',
      'r2',
    ]);
    // The pid becomes known after spawn: the entry is replaced, not duplicated.
    journal.record(entry('r1', { pid: 999, pidStartTime: '133000000000000000' }));
    journal.remove('r2');
    journal.remove('never-recorded');

    const reopened = openRunJournal(layout, () => {});
    expect(reopened.entries()).toEqual([entry('r1', { pid: 999, pidStartTime: '133000000000000000' })]);
    reopened.remove('r1');
    // Nothing in progress: no file (its removal is cheaper than a flushed rewrite), which reads as no runs.
    expect(existsSync(reopened.path)).toBe(false);
    expect(openRunJournal(layout, () => {}).entries()).toEqual([]);
    reopened.record(entry('r3'));
    expect(openRunJournal(layout, () => {}).entries()).toEqual([entry('r3')]);
  });

  it('reports a damaged journal instead of crashing, and starts empty', async () => {
    const layout = await ensureDataDir(await tempDir());
    const journal = openRunJournal(layout, () => {});
    journal.record(entry('r1'));
    writeFileSync(journal.path, JSON.stringify({ runs: [{ runId: 'r1', pid: 'twelve' }] }));
    const problems: string[] = [];
    expect(openRunJournal(layout, (m) => problems.push(m)).entries()).toEqual([]);
    expect(problems[0]).toMatch(
      /running\.json did not match the expected format .* moved to .*running\.corrupt-/,
    );
    // In words, as classic zod gives them, although this file is checked with zod/mini (which, loaded alone,
    // says "Invalid input" for everything): this test file loads no classic zod.
    expect(problems[0]).toContain(
      '(runs.0.jobName: Invalid input: expected string, received undefined (and ',
    );
  });
});
