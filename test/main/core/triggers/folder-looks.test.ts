import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDataDir } from '../../../../src/main/core/store/data-dir';
import type { KnownFile } from '../../../../src/main/core/store/folder-files';
import { openWatchedFiles } from '../../../../src/main/core/store/watched-files-store';
import type { LookContext } from '../../../../src/main/core/triggers/folder-looks';
import { fingerprintUnread } from '../../../../src/main/core/triggers/folder-looks';
import { useTempDirs } from '../../../helpers/temp';

const tempDir = useTempDirs();
const KEY = '["/in","*.csv",false]';

describe('fingerprintUnread', () => {
  it('reads the first look’s files, not a file that arrived during the pass without a fingerprint', async () => {
    const folder = await tempDir();
    // More files than one slice, so the pass yields to the event loop before it reaches the last ones.
    const names = Array.from({ length: 300 }, (_, i) => `f${i + 1}.csv`);
    const entries = names.map((name, i): [string, KnownFile] => {
      writeFileSync(path.join(folder, name), `row ${i + 1}\n`);
      const stats = statSync(path.join(folder, name));
      return [name, { size: stats.size, mtimeMs: stats.mtimeMs, fp: null, seq: i + 1 }];
    });
    const store = openWatchedFiles(await ensureDataDir(await tempDir()), () => {});
    const record = store.saveBaseline(KEY, entries);
    const context = { absolute: (name: string) => path.join(folder, name), stopped: () => false };

    const pass = fingerprintUnread(record, () => false, context as unknown as LookContext);
    // The pass waits at its first slice: f250.csv arrives again meanwhile, as its content could not be read.
    const again = record.files.get('f250.csv') as KnownFile;
    store.setFile(KEY, 'f250.csv', { ...again, seq: record.nextSeq });
    const found = await pass;
    store.saveFingerprints(KEY, found);

    expect(found.map(([name]) => name).sort()).toEqual(names.filter((n) => n !== 'f250.csv').sort());
    const files = store.folder(KEY)?.files;
    expect(files?.get('f250.csv')).toEqual({ ...again, seq: 301 });
    expect(files?.get('f1.csv')?.fp).toEqual(expect.any(Number));
    expect(files?.get('f300.csv')?.fp).toEqual(expect.any(Number));
  });
});
