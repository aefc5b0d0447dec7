import { readFileSync } from 'node:fs';
import type { JobSummary } from '../../../shared/hub-api';
import { formatProblem } from '../../../shared/job-file';
import { defaultSettings, settingsSchema } from '../../../shared/settings-schema';
import { terminalSafe } from '../../../shared/terminal-text';
import { summarizeJobs } from '../../core/hub/job-summaries';
import { JobLibrary } from '../../core/jobs/job-library';
import { dataLayout } from '../../core/store/data-dir';
import { readHistory } from '../../core/store/history-reader';
import { dataDirFrom } from '../data-dir-option';
import { type CliIO, EXIT_OK, EXIT_USAGE } from '../io';
import { parseOptions } from '../parse-options';

export const JOBS_USAGE = `Usage: automation-hub jobs [--data <dir>] [--json]

Lists the job library: each job file, whether it is valid (with its problems), its triggers and next run.
Exit code 0 when every file is valid, 2 when any is not. Works while a daemon or the app is running.
`;

/** `automation-hub jobs`: the library as the hub sees it, read-only. */
export async function jobsCommand(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseOptions(
    { args: argv, options: { data: { type: 'string' }, json: { type: 'boolean' } } },
    JOBS_USAGE,
    io,
  );
  if (!parsed) return EXIT_USAGE;
  const { values } = parsed;
  const layout = dataLayout(dataDirFrom(values.data));
  const settings = readSettings(layout.root);
  const library = new JobLibrary(layout.jobsDir);
  await library.rescan();
  const jobs = summarizeJobs(library.entries(), {
    triggers: null,
    paused: settings.triggersPaused,
    running: [],
    history: { list: (query) => readHistory(layout, query) },
    defaultTimeoutMinutes: settings.defaultTimeoutMinutes,
    triggerProblems: () => [],
  });
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
    io.stdout(`${job.name ?? '(unreadable)'}  [${state}]  ${job.fileName}\n`);
    for (const trigger of job.triggers) {
      const next = trigger.nextRun ? ` — next ${new Date(trigger.nextRun).toLocaleString()}` : '';
      io.stdout(`    ${trigger.description}${next}\n`);
    }
    if (job.triggers.length === 0 && job.valid) io.stdout('    no triggers: runs when started by hand\n');
    for (const problem of job.problems) io.stdout(`    ✗ ${formatProblem(problem)}\n`);
  }
}

function readSettings(root: string) {
  try {
    const parsed = settingsSchema.safeParse(
      JSON.parse(readFileSync(`${root}/settings.json`, 'utf8').replace(/^\uFEFF/, '')),
    );
    return parsed.success ? parsed.data : defaultSettings;
  } catch {
    return defaultSettings;
  }
}
