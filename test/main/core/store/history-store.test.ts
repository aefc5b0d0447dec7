import {
  appendFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DataLayout, ensureDataDir } from '../../../../src/main/core/store/data-dir';
import { openHistory } from '../../../../src/main/core/store/history-store';
import type { RunResult } from '../../../../src/shared/run-types';
import { useTempDirs } from '../../../helpers/temp';
import { canMountTmpfs, useTmpfs } from '../../../helpers/tmpfs';

let seq = 0;
const run = (jobName: string, success = true, extra: Partial<RunResult> = {}): RunResult => {
  const runId = `run-${++seq}`;
  return {
    runId,
    jobName,
    success,
    status: success ? 'CompletedSuccessfully' : 'Failed',
    exitCode: success ? 0 : 1,
    signal: null,
    message: success ? 'ok' : 'exit code 1',
    startTime: '2025-01-01T00:00:00.000Z',
    endTime: '2025-01-01T00:00:01.000Z',
    durationMs: 1000,
    logPath: null,
    outputTail: 'line\n',
    pid: 1234,
    trigger: { kind: 'manual' },
    attempt: 1,
    firstRunId: runId,
    ...extra,
  };
};

const ids = (runs: RunResult[]) => runs.map((r) => r.runId);

describe('openHistory', () => {
  const tempDir = useTempDirs();
  const layout = async (): Promise<DataLayout> => ensureDataDir(await tempDir());

  it('lists newest first, trims to the limit, and filters by job and failures', async () => {
    const history = openHistory(await layout(), { limit: 4, onProblem: () => {} });
    const a1 = run('A');
    const b1 = run('B', false);
    const a2 = run('A', false);
    const b2 = run('B');
    const a3 = run('A');
    for (const r of [a1, b1, a2, b2, a3]) history.add(r);
    expect(ids(history.list())).toEqual(ids([a3, b2, a2, b1])); // a1 trimmed
    expect(history.get(a1.runId)).toBeUndefined();
    expect(history.get(a2.runId)).toEqual(a2);
    expect(ids(history.list({ jobName: 'A' }))).toEqual(ids([a3, a2]));
    // Job names compare without regard to case: "a" is the job "A".
    expect(ids(history.list({ jobName: 'a' }))).toEqual(ids([a3, a2]));
    expect(ids(history.list({ failuresOnly: true }))).toEqual(ids([a2, b1]));
    expect(ids(history.list({ jobName: 'B', failuresOnly: true }))).toEqual(ids([b1]));
    expect(ids(history.list({ limit: 2 }))).toEqual(ids([a3, b2]));
  });

  it('has each run on disk the moment add returns', async () => {
    const history = openHistory(await layout(), { limit: 100, onProblem: () => {} });
    const r = run('Disk', false, { outputTail: 'Fehler: ü\r\n"quoted"\n' });
    history.add(r);
    const lines = readFileSync(history.journalPath, 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual([r]);
  });

  it('survives a restart with order, limit and contents intact, across compactions', async () => {
    const dir = await layout();
    const history = openHistory(dir, { limit: 150, onProblem: () => {} });
    const added = Array.from({ length: 420 }, (_, i) => run(`job-${i % 3}`, i % 5 !== 0));
    for (const r of added) history.add(r);
    const newest = ids(added.slice(-150).reverse());
    expect(ids(history.list())).toEqual(newest);
    // A snapshot exists (compaction ran) and the journal holds only what came after it.
    const snapshot = JSON.parse(readFileSync(history.path, 'utf8'));
    expect(snapshot.runs.length).toBe(150);
    expect(readFileSync(history.journalPath, 'utf8').trim().split('\n').length).toBe(420 % 150);
    const problems: string[] = [];
    const reopened = openHistory(dir, { limit: 150, onProblem: (m) => problems.push(m) });
    expect(ids(reopened.list())).toEqual(newest);
    expect(reopened.get(added[419]?.runId as string)).toEqual(added[419]);
    expect(problems).toEqual([]);
  });

  it('replays a journal whose runs the snapshot already has (crash between the two writes) without duplicates', async () => {
    const dir = await layout();
    const history = openHistory(dir, { limit: 100, onProblem: () => {} });
    const runs = Array.from({ length: 5 }, () => run('X'));
    for (const r of runs) history.add(r);
    const journal = readFileSync(history.journalPath, 'utf8');
    writeFileSync(history.path, JSON.stringify({ runs: [...runs].reverse() }));
    writeFileSync(history.journalPath, journal); // as if the crash came before the journal was emptied
    expect(ids(openHistory(dir, { limit: 100, onProblem: () => {} }).list())).toEqual(
      ids([...runs].reverse()),
    );
  });

  it('keeps the readable runs of a damaged journal, reports it and sets the damaged file aside', async () => {
    const dir = await layout();
    const history = openHistory(dir, { limit: 100, onProblem: () => {} });
    const [r1, r2] = [run('J'), run('J')];
    history.add(r1);
    appendFileSync(history.journalPath, 'garbage\n');
    history.add(r2);
    appendFileSync(history.journalPath, '{"runId":"torn'); // a write cut short
    const problems: string[] = [];
    const reopened = openHistory(dir, { limit: 100, onProblem: (m) => problems.push(m) });
    expect(ids(reopened.list())).toEqual(ids([r2, r1]));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /history\.journal\.jsonl had 2 unreadable entries \(line 2: .*moved to .*corrupt-/,
    );
    expect(readdirSync(dir.stateDir).some((f) => /^history\.journal\.corrupt-.*\.jsonl$/.test(f))).toBe(true);
    // The next add starts a clean line: nothing is glued to the fragment.
    const r3 = run('J');
    reopened.add(r3);
    expect(ids(openHistory(dir, { limit: 100, onProblem: () => {} }).list())).toEqual(ids([r3, r2, r1]));
  });

  it('moves an unreadable snapshot aside and starts with an empty history, never crashing', async () => {
    const dir = await layout();
    writeFileSync(path.join(dir.stateDir, 'history.json'), '{"runs": [ {"runId": ');
    const problems: string[] = [];
    const history = openHistory(dir, { limit: 10, onProblem: (m) => problems.push(m) });
    expect(history.list()).toEqual([]);
    expect(problems[0]).toMatch(
      /history\.json was unreadable \(.*\) and was moved to .*history\.corrupt-.*\.json; starting with an empty history$/,
    );
  });

  it('skips single bad records in the snapshot, keeping the others and a copy of the file', async () => {
    const dir = await layout();
    const good = run('G');
    writeFileSync(
      path.join(dir.stateDir, 'history.json'),
      JSON.stringify({ runs: [good, { ...run('B'), status: 'Exploded' }] }),
    );
    const problems: string[] = [];
    const history = openHistory(dir, { limit: 10, onProblem: (m) => problems.push(m) });
    expect(ids(history.list())).toEqual([good.runId]);
    expect(problems[0]).toMatch(
      /1 unreadable run\(s\) were skipped \(status: .*a copy of the file was kept as .*corrupt/,
    );
    // Reported once: the snapshot was rewritten without the bad record.
    const again: string[] = [];
    openHistory(dir, { limit: 10, onProblem: (m) => again.push(m) }).load();
    expect(again).toEqual([]);
  });

  it('records without reading: a command that only adds its run never parses the history', async () => {
    const dir = await layout();
    const earlier = Array.from({ length: 3 }, () => run('E'));
    const first = openHistory(dir, { limit: 100, onProblem: () => {} });
    for (const r of earlier) first.add(r);
    // A damaged snapshot is not read, so not reported, by a store that only adds (it is, when it is read).
    const problems: string[] = [];
    writeFileSync(path.join(dir.stateDir, 'history.json'), '{"runs": [');
    const adder = openHistory(dir, { limit: 100, onProblem: (m) => problems.push(m) });
    const added = run('A');
    adder.add(added);
    expect(problems).toEqual([]);
    expect(readFileSync(adder.journalPath, 'utf8').trim().split('\n')).toHaveLength(4);
    // Reading it later sees both, and reports the damage then.
    expect(ids(adder.list())).toEqual(ids([added, ...[...earlier].reverse()]));
    expect(problems).toHaveLength(1);
    expect(adder.get(added.runId)).toEqual(added);
  });

  it('reads first when it cannot add blindly: a torn last line is set aside, nothing is glued to it', async () => {
    const dir = await layout();
    const history = openHistory(dir, { limit: 100, onProblem: () => {} });
    const r1 = run('T');
    history.add(r1);
    appendFileSync(history.journalPath, '{"runId":"torn');
    const problems: string[] = [];
    const adder = openHistory(dir, { limit: 100, onProblem: (m) => problems.push(m) });
    const r2 = run('T');
    adder.add(r2);
    expect(problems[0]).toMatch(/history\.journal\.jsonl had 1 unreadable entries .*moved to/);
    expect(ids(openHistory(dir, { limit: 100, onProblem: () => {} }).list())).toEqual(ids([r2, r1]));
  });

  /**
   * A history with one run on disk, opened again but not read, whose journal has a folder in its place (neither
   * readable nor writable as a file) until `unblock`.
   */
  async function blockedJournal() {
    const dir = await layout();
    const earlier = run('B');
    openHistory(dir, { limit: 100, onProblem: () => {} }).add(earlier);
    const history = openHistory(dir, { limit: 100, onProblem: () => {} });
    const kept = `${history.journalPath}.kept`;
    renameSync(history.journalPath, kept);
    mkdirSync(history.journalPath);
    const unblock = () => {
      rmdirSync(history.journalPath);
      renameSync(kept, history.journalPath);
    };
    return { dir, earlier, history, unblock };
  }

  it('keeps a run the disk refused before the history was read, and saves it with the rest when asked again', async () => {
    const { dir, earlier, history, unblock } = await blockedJournal();
    const refused = run('K');
    expect(() => history.add(refused)).toThrow(/Could not save to .*history\.journal\.jsonl/);
    expect(() => history.retry()).toThrow(/Could not save/);
    unblock();
    history.retry();
    expect(ids(history.list())).toEqual(ids([refused, earlier]));
    expect(ids(openHistory(dir, { limit: 100, onProblem: () => {} }).list())).toEqual(
      ids([refused, earlier]),
    );
  });

  it('reads again after a read that failed, rather than going on with an empty history', async () => {
    const { earlier, history, unblock } = await blockedJournal();
    expect(() => history.list()).toThrow(/EISDIR/);
    unblock();
    expect(ids(history.list())).toEqual([earlier.runId]);
  });

  it('compacts after its limit of blind adds, across processes that never read it', async () => {
    const dir = await layout();
    const added = Array.from({ length: 250 }, (_, i) => run(`j${i % 2}`));
    // One store per add: each is a short-lived command.
    for (const r of added) openHistory(dir, { limit: 100, onProblem: () => {} }).add(r);
    const journal = readFileSync(path.join(dir.stateDir, 'history.journal.jsonl'), 'utf8');
    expect(journal.trim().split('\n')).toHaveLength(50);
    expect(JSON.parse(readFileSync(path.join(dir.stateDir, 'history.json'), 'utf8')).runs).toHaveLength(100);
    expect(ids(openHistory(dir, { limit: 100, onProblem: () => {} }).list())).toEqual(
      ids(added.slice(-100).reverse()),
    );
  });

  it('counts a journal of many read-sized pieces exactly, and still sees a torn last line at its end', async () => {
    const dir = await layout();
    // ~2 KB a line: 300 lines are some ten of the counter's 64 KiB reads.
    const big = () => run('J', true, { outputTail: 'x'.repeat(2000) });
    const added = Array.from({ length: 450 }, big);
    for (const r of added) openHistory(dir, { limit: 300, onProblem: () => {} }).add(r);
    const journalPath = path.join(dir.stateDir, 'history.journal.jsonl');
    expect(readFileSync(journalPath, 'utf8').trim().split('\n')).toHaveLength(150);
    expect(JSON.parse(readFileSync(path.join(dir.stateDir, 'history.json'), 'utf8')).runs).toHaveLength(300);
    appendFileSync(journalPath, '{"runId":"torn');
    const problems: string[] = [];
    const last = big();
    openHistory(dir, { limit: 300, onProblem: (m) => problems.push(m) }).add(last);
    expect(problems[0]).toMatch(/history\.journal\.jsonl had 1 unreadable entries .*moved to/);
    expect(ids(openHistory(dir, { limit: 300, onProblem: () => {} }).list())).toEqual(
      ids([...added.slice(-299), last].reverse()),
    );
  });

  it('stores a copy: changing the caller’s object later does not change history', async () => {
    const history = openHistory(await layout(), { limit: 10, onProblem: () => {} });
    const r = run('C');
    history.add(r);
    r.message = 'changed';
    expect(history.get(r.runId)?.message).toBe('ok');
    expect(Object.isFrozen(history.get(r.runId))).toBe(true);
  });

  it('adding a run id again replaces it and makes it the newest', async () => {
    const history = openHistory(await layout(), { limit: 10, onProblem: () => {} });
    const [a, b] = [run('A'), run('B')];
    history.add(a);
    history.add(b);
    history.add({ ...a, message: 'again' });
    expect(history.list().map((r) => [r.runId, r.message])).toEqual([
      [a.runId, 'again'],
      [b.runId, 'ok'],
    ]);
  });
});

describe.skipIf(!canMountTmpfs)('openHistory on a disk that fills up', () => {
  const mounted = useTmpfs('1m');

  /** Fills the disk to the last byte; returns what frees it again. */
  function fillDisk(): () => void {
    const filler = path.join(mounted(), 'filler');
    try {
      writeFileSync(filler, Buffer.alloc(2 * 1024 * 1024));
    } catch {
      // ENOSPC: the disk is full now, which is the point.
    }
    return () => rmSync(filler, { force: true });
  }

  it('sets a damaged journal aside and reports it even when the disk refused the first rewrite', async () => {
    const dir = await ensureDataDir(path.join(mounted(), 'data'));
    const earlier = run('F');
    openHistory(dir, { limit: 100, onProblem: () => {} }).add(earlier);
    appendFileSync(path.join(dir.stateDir, 'history.journal.jsonl'), '{"runId":"torn');
    const problems: string[] = [];
    const history = openHistory(dir, { limit: 100, onProblem: (m) => problems.push(m) });
    const free = fillDisk();
    expect(() => history.list()).toThrow(/ENOSPC/);
    free();
    const later = run('F');
    history.add(later);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/history\.journal\.jsonl had 1 unreadable entries .*moved to .*corrupt-/);
    expect(readdirSync(dir.stateDir).some((f) => /^history\.journal\.corrupt-.*\.jsonl$/.test(f))).toBe(true);
    expect(ids(openHistory(dir, { limit: 100, onProblem: () => {} }).list())).toEqual(ids([later, earlier]));
  });

  it('rewrites without a warning the line it could not finish itself before the history was read', async () => {
    const dir = await ensureDataDir(path.join(mounted(), 'own'));
    const earlier = run('O');
    openHistory(dir, { limit: 100, onProblem: () => {} }).add(earlier);
    const problems: string[] = [];
    const history = openHistory(dir, { limit: 100, onProblem: (m) => problems.push(m) });
    const free = fillDisk();
    const refused = run('O', true, { outputTail: 'x'.repeat(16 * 1024) });
    expect(() => history.add(refused)).toThrow(/ENOSPC/);
    // The write got as far as the journal's last page: a fragment of the refused run ends the file.
    expect(readFileSync(history.journalPath, 'utf8').endsWith('\n')).toBe(false);
    free();
    history.retry();
    expect(problems).toEqual([]);
    expect(readdirSync(dir.stateDir).filter((f) => f.includes('corrupt'))).toEqual([]);
    expect(ids(openHistory(dir, { limit: 100, onProblem: () => {} }).list())).toEqual(
      ids([refused, earlier]),
    );
  });
});
