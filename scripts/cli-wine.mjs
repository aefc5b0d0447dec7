#!/usr/bin/env node
// npm run cli:wine -- <args>: the built command line (out/cli/automation-hub.js) under Wine with the Windows
// Node of the Wine lane. node.exe gets files as stdout and stderr (a pipe fails under Wine), which are replayed
// here as they grow; the exit code is the command line's. Ctrl+C reaches it as a console Ctrl+C (Wine turns the
// SIGINT its process receives into one), so `run` cancels its job as it would on Windows.
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI, laneStatus, spawnWindowsNode } from './wine-lane.mjs';

const status = laneStatus();
if (!status.ok) {
  console.error(`cli:wine: ${status.reason}`);
  process.exit(2);
}
if (!existsSync(CLI)) {
  console.error(`cli:wine: ${CLI} is missing: run "npm run build" first`);
  process.exit(2);
}

const dir = mkdtempSync(path.join(tmpdir(), 'ah-cli-wine-'));
const files = ['stdout', 'stderr'].map((name) => path.join(dir, name));
const [outFd, errFd] = files.map((file) => openSync(file, 'w'));
const child = spawnWindowsNode([CLI, ...process.argv.slice(2)], { stdout: outFd, stderr: errFd });
closeSync(outFd);
closeSync(errFd);

// Replays whatever each file gained since the last look.
const readers = files.map((file, i) => ({
  fd: openSync(file, 'r'),
  to: i === 0 ? process.stdout : process.stderr,
}));
const chunk = Buffer.alloc(64 * 1024);
function replay() {
  for (const reader of readers) {
    for (let n = readSync(reader.fd, chunk); n > 0; n = readSync(reader.fd, chunk)) {
      reader.to.write(Buffer.from(chunk.subarray(0, n)));
    }
  }
}
const timer = setInterval(replay, 50);

// The child has its own process group: signals reach it once, from here.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (child.pid) process.kill(child.pid, signal);
  });
}

child.on('exit', (code, signal) => {
  clearInterval(timer);
  replay();
  for (const reader of readers) closeSync(reader.fd);
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = code ?? (signal ? 128 + 2 : 1);
});
