import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../helpers/temp';
import { sleep, useTriggers, waitFor } from './file-trigger-harness';

const tempDir = useTempDirs();
const start = useTriggers();

describe('file triggers sharing a folder', () => {
  it('each trigger sees every file it wants once, whatever the others watch, and outlives a stopped one', async () => {
    const folder = await tempDir();
    const dataDir = await tempDir();
    const options = { dataDir, baseDir: folder, relativeTo: folder };
    const a = await start(
      { path: folder, pattern: '*.csv', stableSeconds: 0.2 },
      { ...options, jobName: 'A' },
    );
    const state = a.state;
    const b = await start(
      { path: folder, pattern: '*.csv', stableSeconds: 0.2 },
      { ...options, jobName: 'B', state },
    );
    const txt = await start(
      { path: folder, pattern: '*.txt', stableSeconds: 0.2 },
      { ...options, jobName: 'T', state },
    );

    writeFileSync(join(folder, 'one.csv'), '1');
    writeFileSync(join(folder, 'one.txt'), '1');
    await waitFor(() => a.fires.length === 1 && b.fires.length === 1 && txt.fires.length === 1);

    await a.source.stop();
    writeFileSync(join(folder, 'two.csv'), '2');
    await waitFor(() => b.fires.length === 2);
    await sleep(400);
    expect(a.names()).toEqual(['one.csv']);
    expect(b.names()).toEqual(['one.csv', 'two.csv']);
    expect(txt.names()).toEqual(['one.txt']);
  });

  it('fifty triggers on one folder keep one record of its files, not fifty', async () => {
    const folder = await tempDir();
    const dataDir = await tempDir();
    for (let i = 0; i < 200; i++) writeFileSync(join(folder, `f-${i}.csv`), String(i));
    const first = await start(
      { path: folder, pattern: '*.csv' },
      { dataDir, baseDir: folder, jobName: 'job 0' },
    );
    const rest = await Promise.all(
      Array.from({ length: 49 }, (_, i) =>
        start(
          { path: folder, pattern: '*.csv' },
          { dataDir, baseDir: folder, jobName: `job ${i + 1}`, state: first.state },
        ),
      ),
    );
    writeFileSync(join(folder, 'new.csv'), 'new');
    await waitFor(() => [first, ...rest].every((t) => t.fires.length === 1));
    const journal = readFileSync(first.state.store.path.replace(/\.json$/, '.journal.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line).op);
    // One first look (one record of the 200 files there), one settle of new.csv for all fifty; each trigger
    // took it onto its own job's waiting list.
    expect(journal.filter((op) => op === 'baseline')).toHaveLength(1);
    expect(journal.filter((op) => op === 'file')).toHaveLength(1);
    expect(journal.filter((op) => op === 'wait')).toHaveLength(50);
  });
});
