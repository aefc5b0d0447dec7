import { formatDuration } from '../../../shared/format';
import { describeRunTrigger } from '../../../shared/run-trigger-words';
import { terminalSafe } from '../../../shared/terminal-text';
import { dataLayout } from '../../core/store/data-dir';
import { readHistory } from '../../core/store/history-reader';
import { EXIT_NO_DATA_DIR, existingDataDir } from '../data-dir-option';
import { type CliIO, EXIT_OK, EXIT_USAGE } from '../io';
import { parseOptions } from '../parse-options';

export const HISTORY_USAGE = `Usage: automation-hub history [--data <dir>] [--json] [--limit N] [--job NAME] [--failures]

Lists finished runs, newest first (default: the last 20). Works while a daemon or the app is running.
--job matches job names whatever their case ("inbox" finds "Inbox").
Exit code 0, 1 when the data folder does not exist, 2 usage.
`;

const STATUS_WORDS: Record<string, string> = {
  CompletedSuccessfully: 'succeeded',
  Failed: 'failed',
  TimedOut: 'timed out',
  Cancelled: 'cancelled',
  Interrupted: 'interrupted',
  Skipped: 'skipped',
};

/** `automation-hub history`: read-only, so it never competes with the hub that owns the data directory. */
export function historyCommand(argv: string[], io: CliIO): number {
  const parsed = parseOptions(
    {
      args: argv,
      options: {
        data: { type: 'string' },
        json: { type: 'boolean' },
        limit: { type: 'string' },
        job: { type: 'string' },
        failures: { type: 'boolean' },
      },
    },
    HISTORY_USAGE,
    io,
  );
  if (!parsed) return EXIT_USAGE;
  const { values } = parsed;
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    io.stderr(`--limit: "${values.limit}" is not a whole number ≥ 1\n`);
    return EXIT_USAGE;
  }
  const root = existingDataDir('history', values.data, io);
  if (root === null) return EXIT_NO_DATA_DIR;
  const runs = readHistory(dataLayout(root), {
    limit,
    ...(values.job ? { jobName: values.job } : {}),
    ...(values.failures ? { failuresOnly: true } : {}),
  });
  if (values.json) {
    io.stdout(`${JSON.stringify(runs, null, 2)}\n`);
    return EXIT_OK;
  }
  if (runs.length === 0) {
    io.stdout('No runs recorded yet.\n');
    return EXIT_OK;
  }
  for (const run of terminalSafe(runs)) {
    const when = new Date(run.startTime).toLocaleString();
    const code = run.exitCode === null ? '' : ` exit ${run.exitCode}`;
    io.stdout(
      `${when}  ${run.jobName}  ${STATUS_WORDS[run.status] ?? run.status}${code}  ${formatDuration(run.durationMs)}  (${describeRunTrigger(run.trigger)})\n    ${run.message}\n`,
    );
  }
  return EXIT_OK;
}
