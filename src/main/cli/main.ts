import { HUB_VERSION } from '../core/version';
import { CONTROL_USAGE, controlCommand } from './commands/control';
import { DAEMON_USAGE, daemonCommand } from './commands/daemon';
import { HISTORY_USAGE, historyCommand } from './commands/history';
import { JOBS_USAGE, jobsCommand } from './commands/jobs';
import { RUN_USAGE, runCommand } from './commands/run';
import { SCHEMA_USAGE, schemaCommand } from './commands/schema';
import { STATUS_USAGE, statusCommand } from './commands/status';
import { validateCommand } from './commands/validate';
import { type CliIO, EXIT_USAGE, processIO } from './io';

const USAGE = `Automation Hub — runs scripts and programs as jobs, and makes sure none silently fails, hangs or runs twice.

Usage:
  automation-hub run <job.json> [--json] [--timeout <30s|5m|2h>] [--log-dir <dir>] [--data <dir>]
  automation-hub run <job name> [the same options]
  automation-hub validate <job.json…>
  automation-hub schema            print the JSON Schema of job files
  automation-hub daemon [--data <dir>]
  automation-hub status [--data <dir>] [--json]
  automation-hub cancel <run id | job name> [--data <dir>]
  automation-hub pause | resume [--data <dir>]
  automation-hub enable | disable <job name> [--data <dir>]
  automation-hub quit [--data <dir>]
  automation-hub history [--data <dir>] [--json] [--limit N] [--job NAME] [--failures]
  automation-hub jobs [--data <dir>] [--json]
  automation-hub --version

Run "automation-hub <command> --help" for details.
`;

/** Dispatches a command line; returns the process exit code. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [command, ...rest] = argv;
  const wantsHelp = rest.includes('--help') || rest.includes('-h');
  switch (command) {
    case 'run':
      return wantsHelp ? help(io, RUN_USAGE) : runCommand(rest, io);
    case 'validate':
      return validateCommand(rest, io);
    case 'schema':
      return wantsHelp ? help(io, SCHEMA_USAGE) : schemaCommand(rest, io);
    case 'daemon':
      return wantsHelp ? help(io, DAEMON_USAGE) : daemonCommand(rest, io);
    case 'history':
      return wantsHelp ? help(io, HISTORY_USAGE) : historyCommand(rest, io);
    case 'jobs':
      return wantsHelp ? help(io, JOBS_USAGE) : jobsCommand(rest, io);
    case 'status':
      return wantsHelp ? help(io, STATUS_USAGE) : statusCommand(rest, io);
    case 'cancel':
    case 'pause':
    case 'resume':
    case 'enable':
    case 'disable':
    case 'quit':
      return wantsHelp ? help(io, CONTROL_USAGE) : controlCommand(command, rest, io);
    case '--version':
    case '-v':
    case 'version':
      io.stdout(`automation-hub ${HUB_VERSION}\n`);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return help(io, USAGE);
    default:
      io.stderr(`Unknown command "${command}".\n\n${USAGE}`);
      return EXIT_USAGE;
  }
}

function help(io: CliIO, text: string): number {
  io.stdout(text);
  return 0;
}
