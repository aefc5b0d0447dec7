import { errorText } from '../../../shared/error-text';
import { terminalSafe } from '../../../shared/terminal-text';
import type { Hub, HubOptions } from '../../core/hub/hub';
import { openWhenFree } from '../../core/hub/open-when-free';
import { createClockWatch } from '../../core/triggers/clock-watch';
import { dataDirFrom } from '../data-dir-option';
import { formatEventLine } from '../event-lines';
import { type CliIO, EXIT_OK, EXIT_USAGE } from '../io';
import { parseOptions } from '../parse-options';
import { takeStopSignals } from '../signals';

export const DAEMON_USAGE = `Usage: automation-hub daemon [--data <dir>]

Runs the hub without a window: every job in <dir>/jobs with all its triggers, one line per event.
Ctrl+C, SIGTERM, SIGHUP (a closed terminal) or "automation-hub quit" stops the triggers, cancels running jobs
(whole process trees), records them and exits 0; a second Ctrl+C ends the grace period, never the kill.
Default <dir>: AUTOMATION_HUB_HOME, else %APPDATA%\\Automation Hub (Windows) or ~/.config/automation-hub.
`;

/** `automation-hub daemon`: the hub, headless, until it is told to stop. */
export async function daemonCommand(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseOptions({ args: argv, options: { data: { type: 'string' } } }, DAEMON_USAGE, io);
  if (!parsed) return EXIT_USAGE;
  const { data } = parsed.values;
  const print = (line: string | null) => line && io.stdout(`${line}\n`);
  // Signals first: one arriving while the hub opens (and recovers a crashed hub's runs) must not kill us with
  // job trees half stopped; it is honoured as soon as the hub is open.
  let hub: Hub | null = null;
  let stopping = false;
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const giveBack = takeStopSignals((signal, count) => {
    if (count === 1) {
      stopping = true;
      print(`${signal} received: stopping triggers and cancelling ${hub?.runningCount ?? 0} running job(s)…`);
      stop();
    } else {
      print(
        `${signal} received again: ending the grace period; the job trees are still stopped and recorded.`,
      );
      void hub?.cancelAll(`${signal} received`, { hurry: true });
    }
  });
  const dataDir = dataDirFrom(data);
  print(`Automation Hub daemon starting on ${dataDir}…`);
  try {
    const options: HubOptions = {
      dataDir,
      host: 'daemon',
      onEvent: (event) => print(formatEventLine(terminalSafe(event))),
      onQuitRequest: () => {
        print('Asked to quit: stopping triggers and cancelling running jobs…');
        stopping = true;
        stop();
      },
    };
    hub = await openWhenFree(options, print, () => stopping);
    if (!hub) return EXIT_OK;
    const jobs = await hub.listJobs();
    const invalid = jobs.filter((j) => !j.valid).length;
    print(
      `Automation Hub daemon (pid ${process.pid}) on ${hub.layout.root}: ${jobs.length - invalid} job(s)` +
        `${invalid ? `, ${invalid} invalid` : ''}${hub.paused ? ', triggers paused' : ''}. Ctrl+C stops.`,
    );
    // There is no OS resume event here: notice sleep and clock jumps ourselves.
    const open = hub;
    const clock = createClockWatch(() => open.onResume());
    // Hub timers are unref'd (they must not keep a host alive); the daemon's purpose is to stay.
    const keepAlive = setInterval(() => {}, 1 << 30);
    await stopped;
    clock.stop();
    await hub.close();
    clearInterval(keepAlive);
    print('Stopped.');
    return EXIT_OK;
  } catch (error) {
    await hub?.close();
    io.stderr(`automation-hub daemon: ${errorText(error)}\n`);
    return 1;
  } finally {
    giveBack();
  }
}
