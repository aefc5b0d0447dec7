#!/usr/bin/env node
import { homedir } from 'node:os';
import path from 'node:path';
import { checkedJobsIn } from '../core/jobs/checked-jobs';
import { guardStdio, processIO, writeLinesDirectly } from './io';
import { main } from './main';
import { buildIdentity } from './start/build-identity';
import { compileCacheFolder } from './start/cache-folder';
import { enableCompileCache } from './start/compile-cache';
import { loadZodFrom } from './start/zod-on-demand';

// The `automation-hub` executable: everything else lives in main.ts so tests can call it in-process.
const command = process.argv[2] ?? '';
guardStdio();
if (command !== 'run' && command !== 'daemon') writeLinesDirectly();
// Before any command's code loads: its compiled form is reused from the last run (the start counts, people notice).
const bundleDir = path.join(__dirname, 'chunks');
const cacheDir = compileCacheFolder(process.env, process.platform, homedir());
enableCompileCache(bundleDir, cacheDir, command);
// zod/mini, for the hub's checks of what it reads back, is loaded from here when first needed (vite.cli.config.ts).
loadZodFrom(path.join(bundleDir, 'zod-mini.js'));
// A command that checks a few values and ends gains nothing from zod compiling a fast parser per object schema
// (a Function per schema, compiled on first use): it checks the same, interpreted. The daemon lives on; it compiles.
// Set through the global zod reads its configuration from when it loads (importing zod here would load it for
// every command); a test checks that the zod in use still reads it.
if (command !== 'daemon') Object.assign(globalThis, { __zod_globalConfig: { jitless: true } });
// Job files this build already found valid (their exact text): a command reading one again skips the schema.
const checkedJobs = () => {
  try {
    return checkedJobsIn(
      path.join(path.dirname(cacheDir), 'checked-jobs'),
      buildIdentity(__filename, bundleDir),
    );
  } catch {
    return null; // A cache is a convenience: without it, every file is judged.
  }
};
main(process.argv.slice(2), processIO, { checkedJobs }).then(
  (code) => {
    process.exitCode = code;
    // Once nothing is left to do (every write flushed, every handle closed), end at once: Node's normal exit
    // then tears down V8's heap page by page and waits for it, ~6 ms of a command's life here for nothing.
    process.once('beforeExit', () => process.exit());
  },
  (error: unknown) => {
    processIO.stderr(
      `automation-hub: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 70;
  },
);
