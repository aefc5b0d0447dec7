import { errorText } from '../../../shared/error-text';
import { terminalSafe } from '../../../shared/terminal-text';
import { setJobFileField } from '../../core/jobs/edit-job-file';
import { JobLibrary } from '../../core/jobs/job-library';
import { dataLayout } from '../../core/store/data-dir';
import { openSettings } from '../../core/store/settings';
import { dataDirFrom } from '../data-dir-option';
import { findHub, type HubLink } from '../hub-link';
import { type CliIO, EXIT_OK, EXIT_USAGE } from '../io';
import { parseOptions } from '../parse-options';

export const CONTROL_USAGE = `Usage:
  automation-hub cancel <run id | job name> [--data <dir>]   stop a run (its whole process tree), or every run of a job
  automation-hub pause [--data <dir>]                        no job runs by itself until resume (kept across restarts)
  automation-hub resume [--data <dir>]
  automation-hub enable <job name> [--data <dir>]            turn a job's triggers on or off (writes "enabled" in its file)
  automation-hub disable <job name> [--data <dir>]
  automation-hub quit [--data <dir>]                         ask the running hub to stop: runs are cancelled and recorded

With a hub running (the app, a daemon or an automation-hub run) the request goes to it; pause, resume, enable
and disable also work without one (they change settings.json or the job file). Exit code 0 done, 1 not done
(the message says why), 2 usage.
`;

const EXIT_NOT_DONE = 1;
// Cancelling runs waits up to their grace period (5 s) and verification: two minutes is plenty.
const QUIT_WAIT_MS = 120_000;

function delay(ms: number): Promise<void> {
  return new Promise((resolveDelay) => setTimeout(resolveDelay, ms).unref());
}

/** `cancel`, `pause`, `resume`, `enable`, `disable` and `quit`: requests to the hub owning the data folder. */
export async function controlCommand(command: string, argv: string[], io: CliIO): Promise<number> {
  const parsed = parseOptions(
    { args: argv, allowPositionals: true, options: { data: { type: 'string' } } },
    CONTROL_USAGE,
    io,
  );
  if (!parsed) return EXIT_USAGE;
  const { values, positionals } = parsed;
  const needsName = command === 'cancel' || command === 'enable' || command === 'disable';
  if (positionals.length !== (needsName ? 1 : 0)) {
    io.stderr(
      `${command} ${needsName ? 'takes one run id or job name' : 'takes no arguments'}.\n\n${CONTROL_USAGE}`,
    );
    return EXIT_USAGE;
  }
  const root = dataDirFrom(values.data);
  const name = positionals[0] ?? '';
  const link = await findHub(root);
  try {
    return link ? await viaHub(link, command, name, io) : await withoutHub(root, command, name, io);
  } catch (error) {
    io.stderr(`${errorText(error)}\n`);
    return EXIT_NOT_DONE;
  } finally {
    link?.close();
  }
}

async function viaHub(link: HubLink, command: string, name: string, io: CliIO): Promise<number> {
  switch (command) {
    case 'cancel': {
      const cancelled = (await link.call('cancel', { target: name })) as { runId: string; jobName: string }[];
      for (const run of terminalSafe(cancelled))
        io.stdout(
          `Cancelling ${run.jobName} (run ${run.runId.slice(0, 8)}): its process tree is being stopped.\n`,
        );
      return EXIT_OK;
    }
    case 'pause':
    case 'resume':
      await link.call(command);
      io.stdout(`Triggers ${command === 'pause' ? 'paused' : 'resumed'}.\n`);
      return EXIT_OK;
    case 'enable':
    case 'disable':
      await link.call('enable', { job: name, enabled: command === 'enable' });
      io.stdout(`${name}: ${command}d.\n`);
      return EXIT_OK;
    default: {
      await link.call('quit');
      io.stdout(
        `Automation Hub (pid ${link.hub.pid}) is stopping: its runs are being cancelled and recorded…\n`,
      );
      // The hub ends the connection once everything is recorded and the folder is free.
      const stopped = await Promise.race([
        link.closed.then(() => true),
        delay(QUIT_WAIT_MS).then(() => false),
      ]);
      if (!stopped) {
        io.stderr(`Automation Hub (pid ${link.hub.pid}) has not stopped after ${QUIT_WAIT_MS / 1000} s.\n`);
        return EXIT_NOT_DONE;
      }
      io.stdout('Stopped.\n');
      return EXIT_OK;
    }
  }
}

async function withoutHub(root: string, command: string, name: string, io: CliIO): Promise<number> {
  const layout = dataLayout(root);
  switch (command) {
    case 'cancel':
      io.stderr(`No Automation Hub is running on ${root}: there is nothing to cancel.\n`);
      return EXIT_NOT_DONE;
    case 'quit':
      io.stdout(`No Automation Hub is running on ${root}.\n`);
      return EXIT_OK;
    case 'pause':
    case 'resume': {
      const settings = openSettings(layout, (message) => io.stderr(`[warning] ${message}\n`));
      settings.update({ triggersPaused: command === 'pause' });
      io.stdout(
        `Triggers ${command === 'pause' ? 'paused' : 'resumed'} (the next hub to start reads this).\n`,
      );
      return EXIT_OK;
    }
    default: {
      const library = new JobLibrary(layout.jobsDir);
      await library.rescan();
      const { job, file } = library.editable(name);
      await setJobFileField(file, 'enabled', command === 'enable');
      io.stdout(`${job.name}: ${command}d.\n`);
      return EXIT_OK;
    }
  }
}
