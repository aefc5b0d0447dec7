import { errorText } from '../../../shared/error-text';
import { Hub } from '../../core/hub/hub';
import { createClockWatch } from '../../core/triggers/clock-watch';
import { dataDirFrom } from '../data-dir-option';
import { formatEventLine } from '../event-lines';
import { type CliIO, EXIT_OK, EXIT_USAGE } from '../io';
import { parseOptions } from '../parse-options';

export const DAEMON_USAGE = `Usage: automation-hub daemon [--data <dir>]

Runs the hub without a window: every job in <dir>/jobs with all its triggers, one line per event.
Ctrl+C (SIGINT) or SIGTERM stops the triggers, cancels running jobs (whole process trees), records them
and exits 0. Default <dir>: AUTOMATION_HUB_HOME, else %APPDATA%\\Automation Hub (Windows) or
~/.config/automation-hub.
`;

/** `automation-hub daemon`: the hub, headless, until a signal stops it. */
export async function daemonCommand(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseOptions({ args: argv, options: { data: { type: 'string' } } }, DAEMON_USAGE, io);
  if (!parsed) return EXIT_USAGE;
  const { data } = parsed.values;
  const print = (line: string | null) => line && io.stdout(`${line}\n`);
  let hub: Hub;
  try {
    hub = await Hub.open({ dataDir: dataDirFrom(data), onEvent: (event) => print(formatEventLine(event)) });
  } catch (error) {
    io.stderr(`automation-hub daemon: ${errorText(error)}\n`);
    return 1;
  }
  const jobs = await hub.listJobs();
  const invalid = jobs.filter((j) => !j.valid).length;
  print(
    `Automation Hub daemon (pid ${process.pid}) on ${hub.layout.root}: ${jobs.length - invalid} job(s)` +
      `${invalid ? `, ${invalid} invalid` : ''}${hub.paused ? ', triggers paused' : ''}. Ctrl+C stops.`,
  );
  // There is no OS resume event here: notice sleep and clock jumps ourselves.
  const clock = createClockWatch(() => hub.onResume());
  // Hub timers are unref'd (they must not keep a host alive); the daemon's purpose is to stay.
  const keepAlive = setInterval(() => {}, 1 << 30);

  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      print(`${signal} received: stopping triggers and cancelling ${hub.runningCount} running job(s)…`);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  clock.stop();
  await hub.close();
  clearInterval(keepAlive);
  print('Stopped.');
  return EXIT_OK;
}
