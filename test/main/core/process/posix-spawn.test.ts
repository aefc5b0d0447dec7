import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type Libc, libc } from '../../../../src/main/core/process/posix/libc';
import { type PosixSpawnRequest, posixSpawn } from '../../../../src/main/core/process/posix/posix-spawn';
import { expectNoSurvivors } from '../../../helpers/processes';
import { useTempDirs } from '../../../helpers/temp';

// On Linux with glibc the hub starts every job with posix_spawn (no fork of the hub). Each test compares it with
// what Node's child_process (libuv) gives the same request: a job must not be able to tell the difference.

const linux = process.platform === 'linux';
const tempDir = useTempDirs();

type Started = { pid: number; stdout: Readable | null; stderr: Readable | null } & NodeJS.EventEmitter;
type Finished = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/** Starts the request both ways (or one), collects output and the exit, and checks nothing survives. */
async function finish(child: Started): Promise<Finished> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (data: Buffer) => out.push(data));
  child.stderr?.on('data', (data: Buffer) => err.push(data));
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (c: number | null, s: NodeJS.Signals | null) => resolve([c, s])),
  );
  await expectNoSurvivors([child.pid]);
  return { code, signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

function viaPosix(request: PosixSpawnRequest): Promise<Finished> {
  return finish(posixSpawn(bound(), request));
}

function viaLibuv({ file, args, argv0, cwd, env }: PosixSpawnRequest): Promise<Finished> {
  const child = spawn(file, args, { cwd, env, argv0, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  return finish(child as Started);
}

function bound(): Libc {
  const found = libc();
  if (!found) throw new Error('glibc spawn functions did not bind');
  return found;
}

function shell(script: string, extra: Partial<PosixSpawnRequest> = {}): PosixSpawnRequest {
  return {
    file: '/bin/sh',
    args: ['-c', script],
    argv0: '/bin/sh',
    cwd: '/',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    ...extra,
  };
}

async function startFailure(request: PosixSpawnRequest): Promise<NodeJS.ErrnoException> {
  try {
    const child = posixSpawn(bound(), request);
    await finish(child);
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
  throw new Error('started');
}

/** Node reports some refusals as an 'error' event (ENOENT, EACCES) and throws the others (E2BIG). */
async function libuvFailure(request: PosixSpawnRequest): Promise<NodeJS.ErrnoException> {
  try {
    const child = spawn(request.file, request.args, { cwd: request.cwd, env: request.env, stdio: 'ignore' });
    return await new Promise((resolve) => child.on('error', resolve));
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
}

async function openDescriptors(): Promise<number> {
  return (await readdir('/proc/self/fd')).length;
}

describe.runIf(linux)('posix_spawn, against child_process', () => {
  it('binds on this system (Debian, glibc): every Linux run in these tests goes through it', () => {
    expect(libc()).not.toBeNull();
  });

  it('gives the process the same start: signals at their defaults and unblocked, stdin, output, session, folder, argv0, environment', async () => {
    // Node ignores SIGPIPE itself; a job inheriting that would not die writing into a closed pipe.
    const script = [
      'grep -E "^(SigIgn|SigBlk)" /proc/self/status',
      'readlink /proc/self/fd/0',
      '[ -S /proc/self/fd/1 ] && [ -S /proc/self/fd/2 ] && echo "output: socket pairs"',
      'set -- $(cut -d" " -f6 /proc/self/stat); [ "$1" = "$$" ] && echo "own session"',
      'echo "folder: $(pwd)"',
      'echo "argv0: $0"',
      'echo "variable: $AH_SPAWN_TEST"',
      'echo "descriptors: $(ls /proc/self/fd | wc -l)"',
      'echo to-stderr >&2',
      'exit 7',
    ].join('\n');
    const dir = await tempDir();
    const request = shell(script, { cwd: dir, argv0: 'named-shell', env: { AH_SPAWN_TEST: 'ü value' } });
    const [posix, libuv] = [await viaPosix(request), await viaLibuv(request)];
    expect(posix).toEqual(libuv);
    expect(posix.code).toBe(7);
    expect(posix.stdout).toContain('SigIgn:\t0000000000000000');
    expect(posix.stdout).toContain('SigBlk:\t0000000000000000');
    expect(posix.stdout).toContain('/dev/null');
    expect(posix.stdout).toContain('output: socket pairs');
    expect(posix.stdout).toContain('own session');
    expect(posix.stdout).toContain(`folder: ${dir}`);
    expect(posix.stdout).toContain('argv0: named-shell');
    expect(posix.stdout).toContain('variable: ü value');
    expect(posix.stderr).toBe('to-stderr\n');
  });

  it('reports a death by signal as Node does: no code, the signal by its first name', async () => {
    for (const [sent, named] of [
      ['TERM', 'SIGTERM'],
      ['ABRT', 'SIGABRT'], // also SIGIOT, which Node never says
      ['IO', 'SIGIO'], // also SIGPOLL
    ]) {
      const request = shell(`kill -${sent} $$; sleep 5`);
      const posix = await viaPosix(request);
      expect(posix).toMatchObject({ code: null, signal: named });
      expect(posix).toEqual(await viaLibuv(request));
    }
  });

  it('refuses what the system refuses with the same error codes, and leaves no descriptor open', async () => {
    const dir = await tempDir();
    const notExecutable = join(dir, 'not-executable.sh');
    await writeFile(notExecutable, '#!/bin/sh\necho hi\n');
    await mkdir(join(dir, 'folder'));
    const cases: PosixSpawnRequest[] = [
      { ...shell(''), file: join(dir, 'missing'), argv0: join(dir, 'missing') },
      { ...shell(''), file: notExecutable, argv0: notExecutable },
      { ...shell(''), file: join(dir, 'folder'), argv0: join(dir, 'folder') },
      shell('true', { cwd: join(dir, 'gone') }),
      shell('true', { env: { BIG: 'x'.repeat(200 * 1024) } }),
    ];
    const before = await openDescriptors();
    const refusals = [];
    for (const request of cases) refusals.push(await startFailure(request));
    expect(await openDescriptors()).toBe(before);
    expect(process.listenerCount('SIGCHLD')).toBe(0);
    for (const [i, request] of cases.entries()) {
      const posix = refusals[i] as NodeJS.ErrnoException;
      expect(posix.code, request.file).toBe((await libuvFailure(request)).code);
      expect(posix.syscall).toBe(`spawn ${request.file}`);
      expect(posix.message).toBe(`spawn ${request.file} ${posix.code}`);
    }
    expect(refusals.map((error) => error.code)).toEqual(['ENOENT', 'EACCES', 'EACCES', 'ENOENT', 'E2BIG']);
  });

  it('starts nothing and leaves nothing open when its setup fails before the start', async () => {
    const dir = await tempDir();
    const file = join(dir, 'not-a-socket');
    await writeFile(file, '');
    let spawned = 0;
    // A socketpair() that hands back a plain file's descriptors: Node refuses to make a stream of them.
    const failing: Libc = {
      ...bound(),
      socketpair: (_domain, _type, _protocol, fds) => {
        fds[0] = openSync(file, 'r');
        fds[1] = openSync(file, 'r');
        return 0;
      },
      posix_spawn: (...args) => {
        spawned++;
        return bound().posix_spawn(...args);
      },
    };
    const before = await openDescriptors();
    expect(() => posixSpawn(failing, shell('echo never'))).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_FD_TYPE' }),
    );
    expect(spawned).toBe(0);
    expect(await openDescriptors()).toBe(before);
    expect(process.listenerCount('SIGCHLD')).toBe(0);
  });

  it('gives an executable file without a #! line to /bin/sh, as execvp does', async () => {
    const dir = await tempDir();
    const script = join(dir, 'old-script');
    await writeFile(script, 'echo "as a shell script: $0 $1"\nexit 4\n');
    await chmod(script, 0o755);
    const request: PosixSpawnRequest = { ...shell(''), file: script, argv0: script, args: ['first'] };
    const posix = await viaPosix(request);
    expect(posix).toEqual(await viaLibuv(request));
    expect(posix).toMatchObject({ code: 4, stdout: `as a shell script: ${script} first\n` });
  });

  it('reaps many children that end at once, each with its own code', async () => {
    const requests = Array.from({ length: 40 }, (_, i) => shell(`exit ${i}`));
    const finished = await Promise.all(requests.map((request) => viaPosix(request)));
    expect(finished.map((f) => f.code)).toEqual(requests.map((_, i) => i));
    expect(process.listenerCount('SIGCHLD')).toBe(0);
  });

  it('reads all of an output larger than the socket buffers, and says exit before close when a grandchild holds the output', async () => {
    const large = await viaPosix(shell('head -c 3000000 /dev/zero | tr "\\0" "a"'));
    expect(large.stdout.length).toBe(3_000_000);

    const child = posixSpawn(bound(), shell('(sleep 0.5; echo late) & echo early'));
    const events: string[] = [];
    child.on('exit', () => events.push('exit'));
    const done = finish(child);
    child.on('close', () => events.push('close'));
    const { stdout } = await done;
    expect(events).toEqual(['exit', 'close']);
    expect(stdout).toBe('early\nlate\n');
  });
});
