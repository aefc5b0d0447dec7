import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DataLayout, ensureDataDir } from '../../../../src/main/core/store/data-dir';
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

const snapshotOf = (layout: DataLayout) => join(layout.stateDir, 'running.json');
const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

describe('openRunJournal', () => {
  const tempDir = useTempDirs();

  it('round-trips entries through the journal, each change on disk before returning', async () => {
    const layout = await ensureDataDir(await tempDir());
    const journal = openRunJournal(layout, () => {});
    journal.record(entry('r1'));
    journal.record(entry('r2', { jobFile: 'C:/jobs/b.json', trigger: { kind: 'manual' } }));
    // One appended line per change (no rewrite of the whole file).
    expect(lines(journal.path).map((line) => line.record.runId)).toEqual(['r1', 'r2']);
    // The pid becomes known after spawn: the entry is replaced, not duplicated.
    journal.record(entry('r1', { pid: 999, pidStartTime: '133000000000000000' }));
    journal.remove('r2');
    journal.remove('never-recorded');
    expect(lines(journal.path)).toHaveLength(4);

    const reopened = openRunJournal(layout, () => {});
    expect(reopened.entries()).toEqual([entry('r1', { pid: 999, pidStartTime: '133000000000000000' })]);
    reopened.remove('r1');
    // Nothing in progress: the journal is emptied, and no snapshot was written (none said otherwise), so the
    // next hub reads nothing at all.
    expect(readFileSync(reopened.path, 'utf8')).toBe('');
    expect(existsSync(snapshotOf(layout))).toBe(false);
    expect(openRunJournal(layout, () => {}).entries()).toEqual([]);
    reopened.record(entry('r3'));
    expect(openRunJournal(layout, () => {}).entries()).toEqual([entry('r3')]);
  });

  it('reads runs left in a snapshot (as older versions wrote it) and saves it when they are settled', async () => {
    const layout = await ensureDataDir(await tempDir());
    writeFileSync(snapshotOf(layout), JSON.stringify({ runs: [entry('old')] }));
    const journal = openRunJournal(layout, () => {});
    journal.record(entry('new'));
    expect(
      openRunJournal(layout, () => {})
        .entries()
        .map((e) => e.runId),
    ).toEqual(['old', 'new']);
    journal.remove('old');
    journal.remove('new');
    expect(JSON.parse(readFileSync(snapshotOf(layout), 'utf8'))).toEqual({ runs: [] });
    expect(readFileSync(journal.path, 'utf8')).toBe('');
    expect(openRunJournal(layout, () => {}).entries()).toEqual([]);
  });

  it('keeps the readable lines of a damaged journal and reports the rest', async () => {
    const layout = await ensureDataDir(await tempDir());
    const journal = openRunJournal(layout, () => {});
    journal.record(entry('r1'));
    writeFileSync(
      journal.path,
      `${readFileSync(journal.path, 'utf8')}{"record":{"runId":"r2","pid":"twelve"}}\n`,
      {
        flag: 'w',
      },
    );
    const problems: string[] = [];
    expect(openRunJournal(layout, (m) => problems.push(m)).entries()).toEqual([entry('r1')]);
    expect(problems[0]).toMatch(/running\.journal\.jsonl had 1 unreadable entries .* moved to /);
  });

  it('reports a damaged journal instead of crashing, and starts empty', async () => {
    const layout = await ensureDataDir(await tempDir());
    writeFileSync(snapshotOf(layout), JSON.stringify({ runs: [{ runId: 'r1', pid: 'twelve' }] }));
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
