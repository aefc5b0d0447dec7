#!/usr/bin/env node
// `npm start` runs this first: it checks what starting the app from source needs — a Node that Electron's tools
// accept, and Electron's runtime, installed or downloadable — and when something is missing says in one paragraph
// what and what to do, instead of a `TypeError: fetch failed` stack from Electron's downloader. Exit code 0 when
// `install-electron && electron-vite dev` can go ahead, 1 when not.
//
// Plain JavaScript with no dependencies, because it must run on the old Node it may have to complain about.
// `checkStart` takes everything it looks at as arguments, so tests run it against a fake environment.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Electron's own tools (its downloader, `install-electron`) need this Node. */
export const ELECTRON_TOOLS_NODE = '22.12.0';
/** The command line and the build need this Node (package.json's engines). */
export const HEADLESS_NODE = '20.19.0';
/** How long the download server gets to answer before it counts as unreachable. */
const PROBE_MS = 10_000;

const isAtLeast = (version, wanted) => {
  const have = version.replace(/^v/, '').split('.').map(Number);
  const want = wanted.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((have[i] ?? 0) !== want[i]) return (have[i] ?? 0) > want[i];
  return true;
};

// The file name of Electron's binary inside its dist folder, as install-electron names it.
function platformPath(platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

// Settings @electron/get reads, in its order: .npmrc, package.json config, then the environment.
function mirrorVar(env, name, fallback) {
  const snake = name.replace(/([a-z])([A-Z])/g, (_, a, b) => `${a}_${b}`).toLowerCase();
  return (
    env[`npm_config_electron_${name.toLowerCase()}`] ||
    env[`NPM_CONFIG_ELECTRON_${snake.toUpperCase()}`] ||
    env[`npm_config_electron_${snake}`] ||
    env[`npm_package_config_electron_${name}`] ||
    env[`npm_package_config_electron_${snake}`] ||
    env[`ELECTRON_${snake.toUpperCase()}`] ||
    fallback
  );
}

// Where @electron/get caches downloads (env-paths' cache folder for "electron").
function cacheRoot(env, platform, home) {
  if (env.electron_config_cache) return env.electron_config_cache;
  if (platform === 'win32')
    return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'electron', 'Cache');
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'electron');
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'electron');
}

/** What install-electron would download for this machine, and where it would find it already downloaded. */
export function electronArtifact({ version, env, platform, arch, home }) {
  const targetPlatform = env.ELECTRON_INSTALL_PLATFORM || env.npm_config_platform || platform;
  const targetArch = env.ELECTRON_INSTALL_ARCH || env.npm_config_arch || arch;
  const fileName = mirrorVar(
    env,
    'customFilename',
    `electron-v${version}-${targetPlatform}-${targetArch}.zip`,
  );
  const base = mirrorVar(env, 'mirror', 'https://github.com/electron/electron/releases/download/');
  const dir = mirrorVar(env, 'customDir', `v${version}`).replace('{{ version }}', version);
  const url = `${base}${dir}/${fileName}`;
  const parsed = new URL(url);
  parsed.hash = '';
  parsed.search = '';
  parsed.pathname = path.posix.dirname(parsed.pathname);
  const digest = createHash('sha256').update(parsed.toString()).digest('hex');
  return { url, fileName, cached: path.resolve(cacheRoot(env, platform, home), digest, fileName) };
}

/** Whether Electron's binary is already in place, as install-electron itself decides. */
export function electronInstalled({ electronDir, version, env, platform, exists = existsSync }) {
  try {
    const distVersion = readFileSync(path.join(electronDir, 'dist', 'version'), 'utf8')
      .replace(/^v/, '')
      .trim();
    const binary = readFileSync(path.join(electronDir, 'path.txt'), 'utf8');
    if (distVersion !== version || binary !== platformPath(platform)) return false;
    return exists(env.ELECTRON_OVERRIDE_DIST_PATH || path.join(electronDir, 'dist', binary));
  } catch {
    return false;
  }
}

// Whether the download answers (a HEAD request; GitHub redirects to its file storage). The reason when not.
async function probe(url, fetchFn) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), PROBE_MS);
  try {
    const response = await fetchFn(url, { method: 'HEAD', redirect: 'follow', signal: controller.signal });
    return response.ok ? null : `the server answered ${response.status}`;
  } catch (error) {
    if (controller.signal.aborted) return `no answer within ${PROBE_MS / 1000} s`;
    const code = error?.cause?.code;
    const host = new URL(url).host;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
      return `${host} could not be looked up: no internet or no DNS`;
    if (code === 'ECONNREFUSED') return `${host} refused the connection`;
    if (code === 'ECONNRESET' || code === 'ETIMEDOUT') return `the connection to ${host} failed (${code})`;
    return String(error?.cause?.message || error?.message || error);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What stands between this machine and `npm start`: null when nothing does, else one paragraph saying what is
 * missing, what to do, and that the headless daemon needs none of it.
 */
export async function checkStart({
  nodeVersion = process.versions.node,
  env = process.env,
  platform = process.platform,
  arch = process.arch,
  home = os.homedir(),
  electronDir,
  fetchFn = globalThis.fetch,
  exists = existsSync,
}) {
  const version = JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version;
  const missing = [];
  const todo = [];
  if (!isAtLeast(nodeVersion, ELECTRON_TOOLS_NODE)) {
    missing.push(
      `Node ${nodeVersion} runs here, and Electron's tools need Node ${ELECTRON_TOOLS_NODE} or later`,
    );
    todo.push('install the current Node LTS (nodejs.org, or "nvm install --lts") and run "npm ci" again');
  }
  if (!electronInstalled({ electronDir, version, env, platform, exists })) {
    const artifact = electronArtifact({ version, env, platform, arch, home });
    if (!exists(artifact.cached)) {
      const reason =
        typeof fetchFn === 'function' ? await probe(artifact.url, fetchFn) : 'this Node cannot download';
      if (reason !== null) {
        missing.push(
          `Electron ${version}'s runtime is not installed yet and cannot be downloaded from ${artifact.url} (${reason})`,
        );
        todo.push(
          `connect to the internet, or set ELECTRON_MIRROR to a mirror you can reach, or copy ${artifact.fileName} to ${artifact.cached}`,
        );
      }
    }
  }
  if (missing.length === 0) return null;
  const headless = isAtLeast(nodeVersion, HEADLESS_NODE)
    ? 'The hub itself needs no Electron: "npm run build", then "node out/cli/automation-hub.js daemon" runs every job with its triggers headless, and "automation-hub run", "status" and "history" work beside it.'
    : `The hub itself needs no Electron: with Node ${HEADLESS_NODE} or later, "npm run build", then "node out/cli/automation-hub.js daemon" runs every job with its triggers headless.`;
  return `npm start cannot start the Automation Hub window on this machine: ${missing.join('; and ')}. To fix it, ${todo.join('; then ')}, and run "npm start" again. ${headless}`;
}

// Run as a script (npm start), not when imported by a test.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let electronDir = null;
  try {
    electronDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    // Dependencies not installed: said below.
  }
  const problem = electronDir
    ? await checkStart({ electronDir })
    : 'npm start cannot start the Automation Hub window yet: the dependencies are not installed. Run "npm ci" first (with Node 22.12 or later), then "npm start".';
  if (problem) {
    process.stderr.write(`\n${problem}\n\n`);
    process.exitCode = 1;
  }
}
