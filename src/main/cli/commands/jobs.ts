import { readFileSync } from 'node:fs';
import type { JobSummary } from '../../../shared/hub-api';
import { formatProblem } from '../../../shared/job-problem';
import { defaultSettings, type Settings, settingsSchema } from '../../../shared/settings-schema';
import { terminalSafe } from '../../../shared/terminal-text';
import { summarizeJobs } from '../../core/hub/job-summaries';
import { JobLibrary } from '../../core/jobs/job-library';
import { type DataLayout, dataLayout } from '../../core/store/data-dir';
import { readHistory } from '../../core/store/history-reader';
import { EXIT_NO_DATA_DIR, existingDataDir } from '../data-dir-option';
import { findHub } from '../hub-link';
import { type CliIO, EXIT_OK, EXIT_USAGE } from '../io';
import { parseOptions } from '../parse-options';

export const JOBS_USAGE = `Usage: automation-hub jobs [--data <dir>] [--json]

Lists the job library: each job file, whether it is valid (with its problems), its triggers and next run.
With the app or a daemon running, it asks that hub (an interval's next run is known only to the hub that armed
it; otherwise an interval says it counts from the hub's start).
Exit code 0 when every file is valid, 1 when the data folder does not exist, 2 when any file is invalid.
Works while a daemon or the app is running.
`;

/**
 * The library as the hub that owns the folder sees it: its armed triggers know when they fire next (an interval
 * counts from its arming, which only that hub knows). Null when no hub runs or it cannot answer.
 */
async function fromRunningHub(root: string): Promise<JobSummary[] | null> {
  const link = await findHub(root).catch(() => null);
  if (!link) return null;
  try {
    return (await link.call('jobs')) as JobSummary[];
  } catch {
    return null; // An older hub without `jobs`, or one that is stopping: read the files instead.
  } finally {
    link.close();
  }
}

/** The library read from the files, as a hub would load it; nothing is armed, so intervals have no next run. */
async function fromFiles(layout: DataLayout, settings: Settings): Promise<JobSummary[]> {
  const library = new JobLibrary(layout.jobsDir);
  await library.rescan();
  return summarizeJobs(library.entries(), {
    triggers: null,
    paused: settings.triggersPaused,
    running: [],
    history: { list: (query) => readHistory(layout, query) },
    defaultTimeoutMinutes: settings.defaultTimeoutMinutes,
    triggerProblems: () => [],
  });
}

/** `automation-hub jobs`: the library as the hub sees it, read-only. */
export async function jobsCommand(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseOptions(
    { args: argv, options: { data: { type: 'string' }, json: { type: 'boolean' } } },
    JOBS_USAGE,
    io,
  );
  if (!parsed) return EXIT_USAGE;
  const { values } = parsed;
  const root = existingDataDir('jobs', values.data, io);
  if (root === null) return EXIT_NO_DATA_DIR;
  const layout = dataLayout(root);
  const settings = readSettings(layout.root);
  const jobs = (await fromRunningHub(root)) ?? (await fromFiles(layout, settings));
  if (values.json) io.stdout(`${JSON.stringify(jobs, null, 2)}\n`);
  else printJobs(terminalSafe(jobs), layout.jobsDir, settings.triggersPaused, io);
  return jobs.every((job) => job.valid) ? EXIT_OK : EXIT_USAGE;
}

function printJobs(jobs: JobSummary[], jobsDir: string, paused: boolean, io: CliIO): void {
  if (jobs.length === 0) {
    io.stdout(`No jobs yet: put job files (*.json) in ${jobsDir}\n`);
    return;
  }
  if (paused) io.stdout('Triggers are paused: no job runs by itself.\n');
  for (const job of jobs) {
    const state = !job.valid ? 'INVALID' : job.enabled ? 'enabled' : 'disabled';
    // A file that does not load still has its name when one could be read: say which job is broken.
    io.stdout(`${job.name ?? '(no name could be read)'}  [${state}]  ${job.fileName}\n`);
    for (const trigger of job.triggers) {
      const next = trigger.nextRun ? ` — next ${new Date(trigger.nextRun).toLocaleString()}` : '';
      io.stdout(`    ${trigger.description}${next}\n`);
    }
    if (job.triggers.length === 0 && job.valid) io.stdout('    no triggers: runs when started by hand\n');
    for (const problem of job.problems) io.stdout(`    ✗ ${formatProblem(problem)}\n`);
  }
}

function readSettings(root: string): Settings {
  try {
    const parsed = settingsSchema().safeParse(
      JSON.parse(readFileSync(`${root}/settings.json`, 'utf8').replace(/^\uFEFF/, '')),
    );
    return parsed.success ? parsed.data : defaultSettings;
  } catch {
    return defaultSettings;
  }
}
