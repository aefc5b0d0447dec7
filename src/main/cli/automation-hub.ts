#!/usr/bin/env node
import { main } from './main';

// The `automation-hub` executable: everything else lives in main.ts so tests can call it in-process.
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
