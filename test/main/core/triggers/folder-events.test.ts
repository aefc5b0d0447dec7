import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type FolderEvents, watchFolderEvents } from '../../../../src/main/core/triggers/folder-events';
import { useTempDirs } from '../../../helpers/temp';
import { sleep, waitFor } from './file-trigger-harness';

const tempDir = useTempDirs();

/** Watches `folder` and collects every hint (path relative to the folder). */
function collect(folder: string, recursive: boolean, platform?: NodeJS.Platform) {
  const hints = new Set<string>();
  let lost = 0;
  const events: FolderEvents = watchFolderEvents(
    folder,
    recursive,
    {
      onHint: (file) => hints.add(path.relative(folder, file)),
      onLost: () => {
        lost++;
      },
    },
    platform,
  );
  return { events, hints, lost: () => lost };
}

describe('watchFolderEvents', () => {
  it('watches the whole tree natively on Windows and macOS, folder by folder elsewhere', async () => {
    const folder = await tempDir();
    const cases: [boolean, NodeJS.Platform, boolean][] = [
      [true, 'linux', false],
      [false, 'win32', false],
      [true, 'win32', true],
      [true, 'darwin', true],
    ];
    for (const [recursive, platform, native] of cases) {
      const { events } = collect(folder, recursive, platform);
      expect(events.native).toBe(native);
      await events.close();
    }
  });

  it('names files written in the folder and in subfolders, new ones included, but not through links', async () => {
    const folder = await tempDir();
    const outside = await tempDir();
    mkdirSync(path.join(folder, 'old'));
    symlinkSync(outside, path.join(folder, 'link'));
    const { events, hints } = collect(folder, true, 'linux');
    await events.ready;
    writeFileSync(path.join(folder, 'top.csv'), '1');
    writeFileSync(path.join(folder, 'old', 'a.csv'), '1');
    mkdirSync(path.join(folder, 'new'));
    await waitFor(() => hints.has('new'));
    events.addFolder(path.join(folder, 'new')); // what the catalog does when a hint turns out to be a folder
    await sleep(100);
    writeFileSync(path.join(folder, 'new', 'b.csv'), '1');
    writeFileSync(path.join(outside, 'outside.csv'), '1');
    await waitFor(() => hints.has(path.join('new', 'b.csv')));
    await sleep(300);
    expect([...hints].sort()).toEqual([
      'new',
      path.join('new', 'b.csv'),
      path.join('old', 'a.csv'),
      'top.csv',
    ]);
    await events.close();
  });

  it('tells when the watched folder itself goes away', async () => {
    const root = await tempDir();
    const folder = path.join(root, 'in');
    mkdirSync(folder);
    const { events, lost, hints } = collect(folder, false);
    await events.ready;
    rmSync(folder, { recursive: true });
    // Depending on the platform the watch reports an error (lost) or names the folder's own entry.
    await waitFor(() => lost() > 0 || hints.size > 0);
    await events.close();
  });
});
