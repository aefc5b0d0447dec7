// scripts/check-start.mjs, which `npm start` runs before Electron's downloader: against fake environments (a Node
// version, an Electron package folder, a download mirror on a local port), and once as the real script.
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkStart, electronArtifact } from '../../scripts/check-start.mjs';
import { useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();
const SCRIPT = resolve(import.meta.dirname, '../../scripts/check-start.mjs');
const VERSION = '45.5.0';
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

/** A node_modules/electron folder, with its binary downloaded or not. */
async function electronPackage(installed: boolean): Promise<string> {
  const dir = join(await tempDir(), 'electron');
  await mkdir(join(dir, 'dist'), { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: VERSION }));
  if (installed) {
    await writeFile(join(dir, 'dist', 'version'), `v${VERSION}`);
    await writeFile(join(dir, 'path.txt'), 'electron');
    await writeFile(join(dir, 'dist', 'electron'), 'a binary');
  }
  return dir;
}

/** A download mirror on a local port answering `status`; records the paths asked for. */
async function mirror(status: number): Promise<{ url: string; asked: string[] }> {
  const asked: string[] = [];
  const server = createServer((request, response) => {
    asked.push(`${request.method} ${request.url}`);
    response.writeHead(status).end();
  });
  servers.push(server);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, asked };
}

/** A port nobody listens on. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return `http://127.0.0.1:${port}/`;
}

const context = async (over: Parameters<typeof checkStart>[0]) =>
  checkStart({ platform: 'linux', arch: 'x64', home: await tempDir(), nodeVersion: '22.12.0', ...over });

describe('npm start: what it checks before Electron downloads anything', () => {
  it('lets an installed Electron start without asking the network', async () => {
    const fetchFn = () => Promise.reject(new Error('must not be called'));
    expect(await context({ electronDir: await electronPackage(true), env: {}, fetchFn })).toBeNull();
  });

  it('lets a downloadable Electron start: the download answers', async () => {
    const server = await mirror(200);
    const env = { ELECTRON_MIRROR: server.url, electron_config_cache: await tempDir() };
    expect(await context({ electronDir: await electronPackage(false), env })).toBeNull();
    expect(server.asked).toEqual([`HEAD /v${VERSION}/electron-v${VERSION}-linux-x64.zip`]);
  });

  it('lets a runtime already in the download cache start, offline', async () => {
    const cache = await tempDir();
    const env = { ELECTRON_MIRROR: await closedPort(), electron_config_cache: cache };
    const artifact = electronArtifact({ version: VERSION, env, platform: 'linux', arch: 'x64', home: '/' });
    await mkdir(join(artifact.cached, '..'), { recursive: true });
    await writeFile(artifact.cached, 'zip');
    expect(await context({ electronDir: await electronPackage(false), env })).toBeNull();
  });

  it('says in one paragraph that the runtime cannot be downloaded, why, what to do, and that the daemon runs', async () => {
    const env = { ELECTRON_MIRROR: await closedPort(), electron_config_cache: await tempDir() };
    const text = (await context({ electronDir: await electronPackage(false), env })) ?? '';
    expect(text).toMatch(
      new RegExp(
        `^npm start cannot start the Automation Hub window on this machine: Electron ${VERSION}'s runtime is not installed yet and cannot be downloaded from http://127\\.0\\.0\\.1:\\d+/v${VERSION}/electron-v${VERSION}-linux-x64\\.zip \\(127\\.0\\.0\\.1:\\d+ refused the connection\\)\\. To fix it, connect to the internet, or set ELECTRON_MIRROR to a mirror you can reach, or copy electron-v${VERSION}-linux-x64\\.zip to .+, and run "npm start" again\\. The hub itself needs no Electron: "npm run build", then "node out/cli/automation-hub\\.js daemon" runs every job`,
      ),
    );
    expect(text).not.toContain('\n');
    const missing = await mirror(404);
    const notThere = await context({
      electronDir: await electronPackage(false),
      env: { ELECTRON_MIRROR: missing.url, electron_config_cache: await tempDir() },
    });
    expect(notThere).toContain('(the server answered 404)');
  });

  it("says a Node too old for Electron's tools, and when it is too old for the daemon too", async () => {
    const installed = await electronPackage(true);
    const old = (await context({ electronDir: installed, env: {}, nodeVersion: '20.20.2' })) ?? '';
    expect(old).toContain("Node 20.20.2 runs here, and Electron's tools need Node 22.12.0 or later");
    expect(old).toContain('install the current Node LTS');
    expect(old).toContain('"node out/cli/automation-hub.js daemon" runs every job');
    const older = (await context({ electronDir: installed, env: {}, nodeVersion: '18.19.0' })) ?? '';
    expect(older).toContain('with Node 20.19.0 or later, "npm run build", then');
    expect(await context({ electronDir: installed, env: {}, nodeVersion: '24.1.0' })).toBeNull();
  });

  it('as the script npm start runs: exit 1 and the paragraph, never a stack, when the runtime cannot come', async () => {
    const env = {
      ...process.env,
      ELECTRON_MIRROR: await closedPort(),
      electron_config_cache: await tempDir(),
      ELECTRON_OVERRIDE_DIST_PATH: join(await tempDir(), 'no-electron-here'),
    };
    const run = spawnSync(process.execPath, [SCRIPT], { env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toMatch(/^npm start cannot start the Automation Hub window on this machine: /);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('automation-hub.js daemon');
    expect(run.stderr).not.toMatch(/TypeError|\n\s+at /);
  });
});
