import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../../../helpers/cli';
import { nodeJob } from '../../../helpers/hub';
import { fixture } from '../../../helpers/processes';
import { useTempDirs } from '../../../helpers/temp';

const tempDir = useTempDirs();

// What only a hub that runs jobs by itself needs: its triggers.
const TRIGGERS = ['chokidar', 'readdirp', 'picomatch'];

/** The packages in the files of the built command line that `args` loaded (read from each file's source map). */
function packagesLoaded(args: string[], env: NodeJS.ProcessEnv, list: string): string[] {
  // A preload that lists, as the process exits, every file Node's module loader holds.
  const preload = `process.on('exit', () => {
    require('fs').writeFileSync(${JSON.stringify(list)}, Object.keys(require.cache).join('\\n'));
    require('fs').writeFileSync(${JSON.stringify(`${list}.builtins`)}, process.moduleLoadList.join('\\n'));
  });`;
  const child = spawnSync(process.execPath, ['--require', writePreload(list, preload), CLI, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  expect(child.status, child.stderr).toBe(0);
  const files = readFileSync(list, 'utf8')
    .split('\n')
    .filter((file) => file.startsWith(dirname(CLI)));
  expect(files).toContain(CLI);
  const packages = new Set<string>();
  for (const file of files) {
    // The bundler's own runtime has no map (and no package).
    if (!existsSync(`${file}.map`)) continue;
    const { sources } = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
    for (const source of sources) {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source)?.[1];
      if (name) packages.add(name);
    }
  }
  return [...packages].sort();
}

function writePreload(list: string, text: string): string {
  const file = `${list}.preload.cjs`;
  writeFileSync(file, text);
  return file;
}

describe('what `automation-hub run` loads', () => {
  it('owning the data folder for one run of a job file, loads no trigger code, and runs a known job file without any package', async () => {
    const dir = await tempDir();
    const jobFile = join(dir, 'job.json');
    writeFileSync(jobFile, JSON.stringify(nodeJob('Once', fixture('job-exit.mjs'), ['0', '0'])));
    const env = { AUTOMATION_HUB_HOME: join(dir, 'home'), XDG_CACHE_HOME: join(dir, 'cache') };
    // A file it has not seen is judged in full (jsonc-parser reads it, croner checks schedules)…
    const first = packagesLoaded(['run', jobFile], env, join(dir, 'first.txt'));
    expect(first).toContain('zod');
    expect(first.filter((name) => TRIGGERS.includes(name))).toEqual([]);
    // …and one it found valid before is read from the checked-jobs cache, as most runs of a known file are. Then
    // it loads no package at all: nothing it reads back needs checking (no run in progress, no settings file),
    // so zod, which checks what the hub reads, stays unloaded.
    const again = packagesLoaded(['run', jobFile], env, join(dir, 'again.txt'));
    expect(again).toEqual([]);
    // Nor with a snapshot of the run journal that says no run is in progress (as older versions left it).
    writeFileSync(join(dir, 'home', 'state', 'running.json'), '{ "runs": [] }\n');
    expect(packagesLoaded(['run', jobFile], env, join(dir, 'empty-snapshot.txt'))).toEqual([]);
    // Nor Node's own heavier modules it does not need: node:crypto starts OpenSSL (~10 ms), perf_hooks brings
    // eight modules; its random bytes come from the kernel and its clock from process.hrtime. Nor the promise API
    // for files (eight modules with its FileHandle and line reader): the job file, the working folder and the
    // log are read and written synchronously, and a job that writes nothing (this one) gets no write stream.
    const builtins = readFileSync(join(dir, 'again.txt.builtins'), 'utf8').split('\n');
    expect(
      builtins.filter((entry) =>
        /^NativeModule (crypto|perf_hooks|fs\/promises|internal\/fs\/promises|internal\/fs\/streams)$/.test(
          entry,
        ),
      ),
    ).toEqual([]);
  });

  it('loads zod when it has something to check, and checks it as the app does: in words', async () => {
    const dir = await tempDir();
    const jobFile = join(dir, 'job.json');
    writeFileSync(jobFile, JSON.stringify(nodeJob('Once', fixture('job-exit.mjs'), ['0', '0'])));
    const home = join(dir, 'home');
    const env = { AUTOMATION_HUB_HOME: home, XDG_CACHE_HOME: join(dir, 'cache') };
    packagesLoaded(['run', jobFile], env, join(dir, 'first.txt'));
    writeFileSync(join(home, 'settings.json'), '{ "maxConcurrentJobs": 0 }');
    expect(packagesLoaded(['run', jobFile], env, join(dir, 'again.txt'))).toEqual(['zod']);
    expect(readFileSync(join(home, 'state', 'events.jsonl'), 'utf8')).toContain(
      'settings.json: maxConcurrentJobs: must be between 1 and 64 (got 0); using 4 until it is fixed',
    );
  });

  it('validating a job file it already found valid loads no package at all, zod included', async () => {
    const dir = await tempDir();
    const jobFile = join(dir, 'job.json');
    writeFileSync(jobFile, JSON.stringify(nodeJob('Once', fixture('job-exit.mjs'), ['0', '0'])));
    const env = { AUTOMATION_HUB_HOME: join(dir, 'home'), XDG_CACHE_HOME: join(dir, 'cache') };
    expect(packagesLoaded(['validate', jobFile], env, join(dir, 'first.txt'))).toContain('zod');
    // The chunk every command loads must not carry a package in with it (a shared module that imports one).
    expect(packagesLoaded(['validate', jobFile], env, join(dir, 'again.txt'))).toEqual([]);
  });

  it('a run and a validate of a known job file throw no exception on their way (no Error made for an expected answer)', async () => {
    const dir = await tempDir();
    const jobFile = join(dir, 'job.json');
    writeFileSync(jobFile, JSON.stringify(nodeJob('Once', fixture('job-exit.mjs'), ['0', '0'])));
    const env = { AUTOMATION_HUB_HOME: join(dir, 'home'), XDG_CACHE_HOME: join(dir, 'cache') };
    // A preload that records every synchronous file call that throws. An exception is an Error with its message
    // and stack, a few KB of young memory each: 18 of them brought a run near a second young-generation
    // collection. Asked first instead: a folder that exists, a file that does not, a stale socket.
    const list = join(dir, 'thrown.txt');
    const preload = writePreload(
      list,
      `const fs = require('fs'); const thrown = [];
      for (const name of Object.keys(fs)) {
        const real = fs[name];
        if (!name.endsWith('Sync') || typeof real !== 'function') continue;
        fs[name] = function (...args) {
          try { return real.apply(this, args); } catch (error) { thrown.push(name + ' ' + error.code + ' ' + args[0]); throw error; }
        };
      }
      process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, thrown.join('\\n')));`,
    );
    const thrown = (...args: string[]) => {
      const child = spawnSync(process.execPath, ['--require', preload, CLI, ...args], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
      });
      expect(child.status, child.stderr).toBe(0);
      return readFileSync(list, 'utf8').split('\n').filter(Boolean);
    };
    thrown('run', jobFile); // The first fills the compile cache and the record of valid job files.
    // The one left: the ended job's /proc entry, read once to tell whether its pid was taken by another process.
    expect(
      thrown('run', jobFile).filter((call) => !/^openSync ENOENT \/proc\/\d+\/stat$/.test(call)),
    ).toEqual([]);
    thrown('validate', jobFile);
    expect(thrown('validate', jobFile)).toEqual([]);
  });
});
