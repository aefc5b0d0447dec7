import type { CheckedJobs } from '../core/jobs/checked-jobs';
import { HUB_VERSION } from '../core/version';
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

/** What the executable gives commands besides their arguments; tests calling main() in-process give none. */
export interface CliStart {
  /** Job files this build already found valid, when the user's cache folder can keep them. */
  checkedJobs?: () => CheckedJobs | null;
}

/** Dispatches a command line; returns the process exit code. */
export async function main(argv: string[], io: CliIO = processIO, start: CliStart = {}): Promise<number> {
  const [command, ...rest] = argv;
  const wantsHelp = rest.includes('--help') || rest.includes('-h');
  // Each command is loaded only when it runs: `validate` never pays for the hub, `status` never for zod.
  const usageOr = async (usage: string, run: () => number | Promise<number>) =>
    wantsHelp ? help(io, usage) : run();
  switch (command) {
    case 'run': {
      const { RUN_USAGE, runCommand } = await import('./commands/run');
      return usageOr(RUN_USAGE, () => runCommand(rest, io, start.checkedJobs?.() ?? null));
    }
    case 'validate':
      return (await import('./commands/validate')).validateCommand(rest, io, start.checkedJobs?.() ?? null);
    case 'schema': {
      const { SCHEMA_USAGE, schemaCommand } = await import('./commands/schema');
      return usageOr(SCHEMA_USAGE, () => schemaCommand(rest, io));
    }
    case 'daemon': {
      const { DAEMON_USAGE, daemonCommand } = await import('./commands/daemon');
      return usageOr(DAEMON_USAGE, () => daemonCommand(rest, io));
    }
    case 'history': {
      const { HISTORY_USAGE, historyCommand } = await import('./commands/history');
      return usageOr(HISTORY_USAGE, () => historyCommand(rest, io));
    }
    case 'jobs': {
      const { JOBS_USAGE, jobsCommand } = await import('./commands/jobs');
      return usageOr(JOBS_USAGE, () => jobsCommand(rest, io));
    }
    case 'status': {
      const { STATUS_USAGE, statusCommand } = await import('./commands/status');
      return usageOr(STATUS_USAGE, () => statusCommand(rest, io));
    }
    case 'cancel':
    case 'pause':
    case 'resume':
    case 'enable':
    case 'disable':
    case 'quit': {
      const { CONTROL_USAGE, controlCommand } = await import('./commands/control');
      return usageOr(CONTROL_USAGE, () => controlCommand(command, rest, io));
    }
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
