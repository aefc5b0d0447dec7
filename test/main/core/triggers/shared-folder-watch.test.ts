import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileTrigger } from '../../../../src/main/core/triggers/file-trigger';
import type { TriggerFire } from '../../../../src/main/core/triggers/types';
import { fileTriggerSchema } from '../../../../src/shared/job-schema';
import { useTempDirs } from '../../../helpers/temp';
import { waitFor } from '../../../helpers/wait-for';

const tempDir = useTempDirs();

const memoryHandled = () => {
  const keys = new Set<string>();
  return { has: (key: string) => keys.has(key), add: (key: string) => void keys.add(key) };
};

describe('file triggers sharing a folder watch', () => {
  it('each trigger sees every file it wants once, whatever the others watch, and outlives a stopped one', async () => {
    const folder = await tempDir();
    const fires = { a: [] as TriggerFire[], b: [] as TriggerFire[], txt: [] as TriggerFire[] };
    const def = (pattern: string) =>
      fileTriggerSchema.parse({ type: 'file', path: folder, pattern, stableSeconds: 0.2 });
    const start = (pattern: string, into: TriggerFire[]) =>
      createFileTrigger(def(pattern), (fire) => into.push(fire), {
        baseDir: folder,
        handled: memoryHandled(),
        rescanEveryMs: 60_000,
      });
    const a = await start('*.csv', fires.a);
    const b = await start('*.csv', fires.b);
    const txt = await start('*.txt', fires.txt);

    await writeFile(join(folder, 'one.csv'), '1');
    await writeFile(join(folder, 'one.txt'), '1');
    await waitFor(() => fires.a.length === 1 && fires.b.length === 1 && fires.txt.length === 1, {
      what: 'each trigger fired once',
    });

    await a.stop();
    await writeFile(join(folder, 'two.csv'), '2');
    await waitFor(() => fires.b.length === 2, { what: 'the remaining csv trigger saw the second file' });
    await new Promise((r) => setTimeout(r, 400));
    expect(fires.a.map((f) => f.file)).toEqual([join(folder, 'one.csv')]);
    expect(fires.b.map((f) => f.file)).toEqual([join(folder, 'one.csv'), join(folder, 'two.csv')]);
    expect(fires.txt.map((f) => f.file)).toEqual([join(folder, 'one.txt')]);
    await b.stop();
    await txt.stop();
  });
});
