import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HubError } from '../../../../src/main/core/errors';
import { isAlive } from '../../../../src/main/core/process/process-table';
import { acquireDataDirLock, type DataDirLock } from '../../../../src/main/core/store/data-dir-lock';

/** The pid of a process that has exited: a real dead owner. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  const pid = child.pid as number;
  expect(isAlive(pid)).toBe(false);
  return pid;
}

const lockJson = (pid: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    pid,
    startTime: null,
    hostname: os.hostname(),
    since: '2020-01-01T00:00:00.000Z',
    ...extra,
  });

describe('acquireDataDirLock', () => {
  let root = '';
  const held: DataDirLock[] = [];
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'hub-lock-'));
  });
  afterEach(async () => {
    for (const lock of held.splice(0)) await lock.release();
    await rm(root, { recursive: true, force: true });
  });

  it('writes hub.lock naming this process, and release removes it', async () => {
    const lock = await acquireDataDirLock(root);
    expect(lock.path).toBe(path.join(root, 'hub.lock'));
    const info = JSON.parse(readFileSync(lock.path, 'utf8'));
    expect(info).toMatchObject({ pid: process.pid, hostname: os.hostname() });
    expect(Number.isNaN(Date.parse(info.since))).toBe(false);
    await lock.release();
    expect(existsSync(lock.path)).toBe(false);
    await lock.release(); // twice is harmless
  });

  it('refuses a second owner while the first holds it, naming its pid and the folder', async () => {
    held.push(await acquireDataDirLock(root));
    const error = await acquireDataDirLock(root).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).code).toBe('data-dir-locked');
    expect((error as HubError).message).toContain(`pid ${process.pid}`);
    expect((error as HubError).message).toContain(root);
    expect((error as HubError).message).toContain('--data');
  });

  it('refuses a lock held by another live process', async () => {
    // The parent of the test runner is alive and is not us.
    await writeFile(path.join(root, 'hub.lock'), lockJson(process.ppid));
    await expect(acquireDataDirLock(root)).rejects.toThrow(`pid ${process.ppid}`);
    // The refused starter must not have touched the owner's lock.
    expect(readFileSync(path.join(root, 'hub.lock'), 'utf8')).toBe(lockJson(process.ppid));
  });

  it('takes over a stale lock whose owner is dead', async () => {
    const pid = await deadPid();
    await writeFile(path.join(root, 'hub.lock'), lockJson(pid));
    const lock = await acquireDataDirLock(root);
    held.push(lock);
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).pid).toBe(process.pid);
    // No leftovers from the rename-aside takeover.
    expect(await readdir(root)).toEqual(['hub.lock']);
  });

  it('takes over a lock whose pid now belongs to a different process instance', async () => {
    await writeFile(path.join(root, 'hub.lock'), lockJson(process.ppid, { startTime: 'not-its-start-time' }));
    const lock = await acquireDataDirLock(root);
    held.push(lock);
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).pid).toBe(process.pid);
  });

  it('takes over a lock naming our own pid that this process does not hold (pid reuse, e.g. pid 1 in a container)', async () => {
    await writeFile(path.join(root, 'hub.lock'), lockJson(process.pid));
    held.push(await acquireDataDirLock(root));
  });

  it('clears a takeover mutex abandoned by a starter that died mid-takeover', async () => {
    const pid = await deadPid();
    await writeFile(path.join(root, 'hub.lock'), lockJson(pid));
    await writeFile(path.join(root, 'hub.lock.takeover'), lockJson(pid));
    const lock = await acquireDataDirLock(root);
    held.push(lock);
    expect(await readdir(root)).toEqual(['hub.lock']);
  });

  it('takes over an empty lock file (a starter that crashed before writing it)', async () => {
    await writeFile(path.join(root, 'hub.lock'), '');
    held.push(await acquireDataDirLock(root));
  });

  it('lets exactly one of several concurrent starters win a stale lock', async () => {
    await writeFile(path.join(root, 'hub.lock'), lockJson(await deadPid()));
    const outcomes = await Promise.allSettled([1, 2, 3, 4].map(() => acquireDataDirLock(root)));
    const winners = outcomes.filter((o) => o.status === 'fulfilled');
    for (const w of winners) held.push((w as PromiseFulfilledResult<DataDirLock>).value);
    expect(winners).toHaveLength(1);
    for (const o of outcomes) {
      if (o.status === 'rejected') expect((o.reason as HubError).code).toBe('data-dir-locked');
    }
  });

  it('release leaves a lock that is no longer ours', async () => {
    const lock = await acquireDataDirLock(root);
    await writeFile(lock.path, lockJson(process.ppid));
    await lock.release();
    expect(readFileSync(lock.path, 'utf8')).toBe(lockJson(process.ppid));
  });

  it('refuses a lock from another computer and tells how to clear it', async () => {
    await writeFile(path.join(root, 'hub.lock'), lockJson(await deadPid(), { hostname: 'OTHER-PC' }));
    await expect(acquireDataDirLock(root)).rejects.toThrow(/on OTHER-PC.*delete .*hub\.lock/);
  });
});

// Starters in separate processes, as in real life: the lock module is bundled once and run by plain node.
describe('acquireDataDirLock across processes', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hub-lock-race-'));
    await build({
      configFile: false,
      logLevel: 'silent',
      build: {
        ssr: path.resolve(import.meta.dirname, '../../../../src/main/core/store/data-dir-lock.ts'),
        outDir: path.join(dir, 'bundle'),
        minify: false,
        rollupOptions: { output: { format: 'es', entryFileNames: 'lock.mjs' } },
      },
    });
    // Waits for a common start time, tries once, and (if it won) holds the lock until stdin closes.
    await writeFile(
      path.join(dir, 'starter.mjs'),
      `import { acquireDataDirLock } from './bundle/lock.mjs';
const [root, goAt] = process.argv.slice(2);
while (Date.now() < Number(goAt)) await new Promise((r) => setTimeout(r, 1));
try {
  const lock = await acquireDataDirLock(root);
  console.log('won');
  process.stdin.resume();
  await new Promise((r) => process.stdin.once('end', r));
  await lock.release();
} catch (error) {
  console.log('lost ' + error.code);
}
`,
    );
    return () => rm(dir, { recursive: true, force: true });
  });

  const race = async (root: string, starters: number): Promise<string[]> => {
    const goAt = Date.now() + 400;
    const children = Array.from({ length: starters }, () =>
      spawn(process.execPath, [path.join(dir, 'starter.mjs'), root, String(goAt)], {
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    );
    const lines = await Promise.all(
      children.map(
        (child) =>
          new Promise<string>((resolve) => {
            let out = '';
            child.stdout.on('data', (chunk: Buffer) => {
              out += chunk.toString();
              if (out.includes('\n')) resolve(out.trim());
            });
            child.once('exit', () => resolve(out.trim()));
          }),
      ),
    );
    // Everyone has decided while the winner still holds the lock; now let the winner go.
    await Promise.all(
      children.map((child) => {
        child.stdin.end();
        return new Promise((resolve) =>
          child.exitCode === null ? child.once('exit', resolve) : resolve(null),
        );
      }),
    );
    return lines;
  };

  it('lets exactly one of several starting hubs win, with or without a stale lock', async () => {
    for (let round = 0; round < 6; round++) {
      const root = path.join(dir, `data-${round}`);
      if (round % 2 === 1) {
        await mkdir(root, { recursive: true });
        await writeFile(path.join(root, 'hub.lock'), lockJson(await deadPid()));
      }
      const outcomes = await race(root, 6);
      expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'lost data-dir-locked')).toHaveLength(5);
      // The winner released on exit, and no takeover left a renamed file behind.
      expect(await readdir(root)).toEqual([]);
    }
  });
});
