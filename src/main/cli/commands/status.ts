import { formatDuration } from '../../../shared/format';
import { describeRunTrigger } from '../../../shared/run-trigger-words';
import { terminalSafe } from '../../../shared/terminal-text';
import type { HubStatus } from '../../core/channel/channel-protocol';
import { dataDirFrom } from '../data-dir-option';
import { statusText } from '../event-lines';
import { findHub } from '../hub-link';
import { type CliIO, EXIT_OK, EXIT_USAGE } from '../io';
import { parseOptions } from '../parse-options';

export const EXIT_NO_HUB = 1;

export const STATUS_USAGE = `Usage: automation-hub status [--data <dir>] [--json]

Says which Automation Hub owns the data folder (the app, a daemon, or an automation-hub run) and what it is
running now. Exit code 0 when a hub answered, 1 when none is running.
`;

/** `automation-hub status`: asks the running hub; never starts one. */
export async function statusCommand(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseOptions(
    { args: argv, options: { data: { type: 'string' }, json: { type: 'boolean' } } },
    STATUS_USAGE,
    io,
  );
  if (!parsed) return EXIT_USAGE;
  const { values } = parsed;
  const root = dataDirFrom(values.data);
  const link = await findHub(root);
  if (!link) {
    if (values.json) io.stdout(`${JSON.stringify({ hub: null, dataDir: root, running: [] })}\n`);
    else io.stderr(`No Automation Hub is running on ${root}.\n`);
    return EXIT_NO_HUB;
  }
  try {
    const status = (await link.call('status')) as HubStatus;
    if (values.json) {
      const { running, ...hub } = status;
      io.stdout(`${JSON.stringify({ hub, dataDir: status.dataDir, running })}\n`);
      return EXIT_OK;
    }
    const what = status.host === 'app' ? 'app' : status.host === 'run' ? 'automation-hub run' : 'daemon';
    io.stdout(
      `Automation Hub ${what} (pid ${status.pid}) on ${status.dataDir}: ${status.running.length} running` +
        `${status.paused ? ', triggers paused' : ''}\n`,
    );
    const now = Date.now();
    for (const run of terminalSafe(status.running)) {
      const elapsed = formatDuration(now - Date.parse(run.startTime));
      const text = statusText(run.statusMessage, run.progress);
      const said = text ? `  [status] ${text}` : '';
      io.stdout(
        `  ▶ ${run.jobName}  run ${run.runId.slice(0, 8)}  for ${elapsed}  pid ${run.pid ?? '?'}  (${describeRunTrigger(run.trigger)})${said}\n`,
      );
    }
    return EXIT_OK;
  } finally {
    link.close();
  }
}
