#!/usr/bin/env node
import { main } from './main';

// The `automation-hub` executable: everything else lives in main.ts so tests can call it in-process.
// A closed stdout or stderr (`automation-hub daemon | head`, a dropped SSH session) must not end the command
// while it looks after job trees: writes to a closed stream are dropped instead of crashing the process.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `automation-hub: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 70;
  },
);
