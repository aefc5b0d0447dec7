import { z } from 'zod';
import { checkSchedule } from './cron-check';
import { MAX_MINUTES } from './job-timing';

const minutes = (what: string) =>
  z
    .number({ error: `must be a number of minutes (${what})` })
    .finite()
    .min(0, { error: (issue) => `must be ≥ 0 (got ${String(issue.input)})` })
    .max(MAX_MINUTES, {
      error: (issue) => `must be at most ${MAX_MINUTES} (31 days) (got ${String(issue.input)})`,
    });

// `gt` rather than a refinement so that the JSON Schema says so too (exclusiveMinimum) and editors flag 0.
/**
 * The shortest interval: one second, the finest a schedule can fire (cron with seconds). Each fire is written to
 * disk (missed-run bookkeeping) and starts a process: a job file asking for 1 ms would keep the disk busy.
 */
export const MIN_INTERVAL_MINUTES = 1 / 60;

const positiveMinutes = (what: string) =>
  z
    .number({ error: `must be a number of minutes (${what})` })
    .finite()
    .gt(0, { error: (issue) => `must be greater than 0 (got ${String(issue.input)})` })
    .max(MAX_MINUTES, {
      error: (issue) => `must be at most ${MAX_MINUTES} (31 days) (got ${String(issue.input)})`,
    });

// "C:\temp\run.bat" written with single backslashes is valid JSON ("\t" is a tab, "\r" a carriage
// return) but never a usable path: Windows forbids control characters in file names. The pattern
// also lands in the JSON Schema, so editors flag it while typing.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const noControlCharacters = /^[^\u0000-\u001f]*$/;
const controlCharacterError =
  'contains a tab or line break, probably from a single backslash ("\\t", "\\n", "\\r" are escapes in JSON): double each backslash ("C:\\\\temp\\\\run.bat") or use forward slashes ("C:/temp/run.bat")';

/** `process`: what to run. command, arguments, workingDirectory, timeoutMinutes and environment, plus launch options. */
/** CPU priorities a job may ask for (Windows' priority classes; nice values on Linux and macOS). */
export const processPriorities = ['low', 'belowNormal', 'normal', 'aboveNormal', 'high'] as const;

export const processSettingsSchema = z.strictObject({
  command: z
    .string({ error: 'must be the path or name of the program or script to run' })
    .trim()
    .min(1, { error: 'must not be empty: give the program or script to run' })
    .regex(noControlCharacters, { error: controlCharacterError })
    .describe(
      'The program or script to run: a full path or a name found on PATH. .bat/.cmd run through cmd.exe, .ps1 through PowerShell.',
    ),
  arguments: z
    .union([z.string(), z.array(z.string())], {
      error: 'must be a string ("--input data.txt") or a list of strings (["--input", "data.txt"])',
    })
    .optional()
    .describe(
      'Command line arguments: one string (split like a command line) or a list of strings, one per argument.',
    ),
  workingDirectory: z
    .string()
    .min(1, { error: 'must not be empty: remove it or give a folder' })
    .regex(noControlCharacters, { error: controlCharacterError })
    .optional()
    .describe('Folder the job starts in. Relative paths are resolved against the job file.'),
  timeoutMinutes: minutes('0 = 60-minute default; decimals allowed, 0.5 = 30 s')
    .optional()
    .describe('Maximum run time in minutes. 0 or absent = 60. Decimals allowed (0.05 = 3 s).'),
  environment: z
    .record(
      z
        .string()
        .min(1, { error: 'a variable needs a name: remove the entry with the empty name' })
        .refine((name) => !name.includes('='), {
          error: 'a variable name cannot contain "=" (the system would split it there): rename it',
        })
        .refine((name) => !name.includes('\0'), { error: 'a variable name cannot contain a NUL character' }),
      z
        .string({ error: 'values must be text: environment variables hold text' })
        .refine((value) => !value.includes('\0'), {
          error: 'contains a NUL character (\\u0000), which no environment variable can hold: remove it',
        }),
    )
    .optional()
    .describe('Extra environment variables for the job.'),
  startupSeconds: z
    .number()
    .finite()
    .min(0)
    .max(300)
    .optional()
    .describe('How long after launch a failing exit counts as a startup failure. Default 5.'),
  successExitCodes: z
    .array(z.number().int({ error: 'must be whole numbers' }), {
      error: 'must be a list of exit codes, like [0, 1]',
    })
    .min(1, { error: 'must list at least one exit code' })
    .optional()
    .describe('Exit codes that mean success. Default [0]; robocopy succeeds with [0,1,2,3,4,5,6,7].'),
  priority: z
    .enum(processPriorities, { error: 'must be "low", "belowNormal", "normal", "aboveNormal" or "high"' })
    .optional()
    .describe(
      'CPU priority of the job and the processes it starts. Default "normal"; "high" may need administrator rights.',
    ),
  maxMemoryMB: z
    .number({ error: 'must be a number of megabytes, like 2048' })
    .int({ error: 'must be a whole number of megabytes' })
    .min(1, { error: (issue) => `must be at least 1 (got ${String(issue.input)})` })
    .max(1_048_576, { error: (issue) => `must be at most 1048576 (1 TB) (got ${String(issue.input)})` })
    .optional()
    .describe(
      'Memory limit for the job and all its processes together: beyond it the run is stopped and fails.',
    ),
});

export const scheduleTriggerSchema = z
  .strictObject({
    type: z.literal('schedule'),
    cron: z
      .string()
      .min(1, { error: 'must be a cron expression like "0 2 * * 1-5"' })
      .describe(
        'When to run: minute hour day-of-month month day-of-week, e.g. "0 2 * * 1-5" = 02:00 on weekdays.',
      ),
    timezone: z
      .string()
      .min(1)
      .optional()
      .describe('IANA time zone, e.g. "Europe/Berlin". Default: the machine\'s.'),
  })
  // Checked as the live trigger will read it, so a bad schedule is an error in the file, not at start.
  .superRefine((def, ctx) => {
    if (def.cron.trim() === '') return;
    const problem = checkSchedule(def);
    if (problem)
      ctx.addIssue({
        code: 'custom',
        path: [problem.field],
        message: problem.message,
        input: def[problem.field],
      });
  });

export const intervalTriggerSchema = z.strictObject({
  type: z.literal('interval'),
  everyMinutes: z
    .number({ error: 'must be a number of minutes (how often to run)' })
    .finite()
    .max(MAX_MINUTES, {
      error: (issue) => `must be at most ${MAX_MINUTES} (31 days) (got ${String(issue.input)})`,
    })
    .min(MIN_INTERVAL_MINUTES, {
      error: (issue) =>
        `must be at least 0.0167 (1 second): every run is recorded on disk, and a job that must repeat faster should loop by itself (got ${String(issue.input)})`,
    })
    .describe('How often to run, in minutes (at least 0.0167, one second). Decimals allowed.'),
});

export const fileTriggerSchema = z.strictObject({
  type: z.literal('file'),
  path: z
    .string()
    .min(1, { error: 'must be the folder to watch' })
    .regex(noControlCharacters, { error: controlCharacterError })
    .describe('The folder to watch.'),
  pattern: z.string().min(1).default('*').describe('Glob for file names, e.g. "*.csv". Default "*".'),
  recursive: z.boolean().default(false).describe('Also watch subfolders.'),
  stableSeconds: z
    .number()
    .finite()
    .min(0)
    .max(3600)
    .default(2)
    .describe('Run once the file has not changed for this long.'),
  processExisting: z.boolean().default(false).describe('Handle files already in the folder at start.'),
  polling: z.boolean().default(false).describe('Poll instead of OS events: use for network shares.'),
});

export const triggerSchema = z.discriminatedUnion(
  'type',
  [scheduleTriggerSchema, intervalTriggerSchema, fileTriggerSchema],
  {
    // Only for a missing or unknown "type": a trigger that is not an object at all gets the generic message.
    error: (issue) =>
      issue.code === 'invalid_union' ? 'must have "type": "schedule", "interval" or "file"' : undefined,
  },
);

export const retrySchema = z.strictObject({
  attempts: z
    .number()
    .int()
    .min(0)
    .max(100)
    .default(3)
    .describe('How many times to retry after a failed run.'),
  delaySeconds: z.number().finite().min(0).max(86_400).default(30).describe('Wait before the first retry.'),
  backoffFactor: z
    .number()
    .finite()
    .min(1)
    .max(10)
    .default(2)
    .describe('Each further retry waits this many times longer than the one before.'),
  onTimeout: z.boolean().default(false).describe('Also retry runs that timed out.'),
});

export const notifySchema = z.strictObject({
  onFailure: z.boolean().default(true).describe('Notify when a run fails or times out.'),
  onSuccess: z.boolean().default(false).describe('Notify when a run succeeds.'),
  onStuck: z.boolean().default(true).describe('Notify when a run looks stuck.'),
});

export const concurrencyPolicies = ['skip', 'queue', 'parallel', 'replace'] as const;
export const missedRunPolicies = ['skip', 'runOnce'] as const;

/** A job file. Unknown keys are errors, so typos never pass silently. */
export const jobSchema = z.strictObject({
  $schema: z
    .string()
    .optional()
    .describe('Path or URL of job.schema.json, for editor completion and checks.'),
  name: z
    .string({ error: 'must be the job\'s name, e.g. "Nightly export"' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(200, { error: (issue) => `must be at most 200 characters (got ${String(issue.input).length})` })
    .describe('Shown in the tray, notifications and history.'),
  description: z
    .string()
    .optional()
    .describe('Notes for people reading the job file (JSON has no comments).'),
  enabled: z.boolean().default(true).describe('false keeps the job but no trigger fires it.'),
  process: processSettingsSchema.describe('What to run.'),
  triggers: z
    .array(triggerSchema)
    .default([])
    .describe('When to run on its own. Without triggers the job runs only when started by hand.'),
  concurrency: z
    .enum(concurrencyPolicies, { error: 'must be "skip", "queue", "parallel" or "replace"' })
    .default('skip')
    .describe('If the job is already running: skip the new run, queue it, run both, or stop the old one.'),
  priority: z
    .number()
    .int()
    .min(-100)
    .max(100)
    .default(0)
    .describe('Higher runs first when runs are queued.'),
  retry: retrySchema.optional().describe('Run again after a failure. Absent = no retries.'),
  stuckAfterMinutes: positiveMinutes('running longer than this raises a stuck warning')
    .optional()
    .describe('Warn when a run takes longer than this, in minutes.'),
  silentAfterMinutes: positiveMinutes('no output for this long raises a stuck warning')
    .optional()
    .describe('Warn when a run prints nothing for this long, in minutes.'),
  missedRuns: z
    .enum(missedRunPolicies, { error: 'must be "skip" or "runOnce"' })
    .default('runOnce')
    .describe('Schedules missed while the hub was off or the PC asleep: skip them, or run once.'),
  notify: notifySchema.optional().describe('Which Windows notifications the job raises.'),
});

export type JobDefinition = z.output<typeof jobSchema>;
export type JobFileInput = z.input<typeof jobSchema>;
export type ProcessSettings = z.output<typeof processSettingsSchema>;
export type Trigger = z.output<typeof triggerSchema>;
export type ScheduleTrigger = z.output<typeof scheduleTriggerSchema>;
export type IntervalTrigger = z.output<typeof intervalTriggerSchema>;
export type FileTrigger = z.output<typeof fileTriggerSchema>;
export type RetrySettings = z.output<typeof retrySchema>;
export type ConcurrencyPolicy = (typeof concurrencyPolicies)[number];
