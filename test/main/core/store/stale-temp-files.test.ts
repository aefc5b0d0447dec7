import { existsSync, readdirSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHubs } from '../../../helpers/hub';
import { useTempDirs } from '../../../helpers/temp';

const tempDir = useTempDirs();
const openHub = useHubs();

async function leftover(file: string, ageMs: number): Promise<string> {
  await writeFile(file, '{"half": ');
  const when = new Date(Date.now() - ageMs);
  await utimes(file, when, when);
  return file;
}

describe('temp files left by writes that were killed', () => {
  it('are removed when the hub opens its files; recent ones and other files stay', async () => {
    const dataDir = await tempDir();
    const state = join(dataDir, 'state');
    await mkdir(state, { recursive: true });
    const minute = 60_000;
    // What a hub killed (again and again) while saving leaves behind.
    const stale = [
      await leftover(join(state, 'history.json.tmp-1234567890abcdef'), minute),
      await leftover(join(state, 'running.json.tmp-0987654321fedcba'), minute),
      await leftover(join(state, 'hub.json.tmp-1111111111aaaaaa'), minute),
      await leftover(join(dataDir, 'settings.json.tmp-2222222222bbbbbb'), minute),
      await leftover(join(dataDir, 'hub.lock.4242-0badf00d.tmp'), minute),
      await leftover(join(state, 'channel.json.4242.tmp'), minute),
    ];
    // A write another process may be doing right now, and files that only look similar.
    const kept = [
      await leftover(join(state, 'history.json.tmp-3333333333cccccc'), 0),
      await leftover(join(state, 'history.json.tmp-notes'), minute),
      await leftover(join(state, 'my-notes.tmp'), minute),
    ];

    const hub = await openHub({ dataDir });
    await hub.close();

    expect(stale.filter(existsSync)).toEqual([]);
    expect(kept.filter(existsSync)).toEqual(kept);
    expect(
      readdirSync(state)
        .filter((name) => name.includes('.tmp'))
        .sort(),
    ).toEqual(['history.json.tmp-3333333333cccccc', 'history.json.tmp-notes', 'my-notes.tmp'].sort());
  });
});
