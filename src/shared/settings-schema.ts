import { DEFAULT_TIMEOUT_MINUTES, MAX_MINUTES } from './job-timing';
import { z } from './zod-mini';

const got = (input: unknown): string => `(got ${JSON.stringify(input) ?? String(input)})`;

/** A whole number in [min, max]; every message names the range, so the user sees what would be accepted. */
const wholeBetween = (min: number, max: number) => {
  const range = `between ${min} and ${max}`;
  const notWhole = (issue: { input: unknown }) => `must be a whole number ${range} ${got(issue.input)}`;
  const outside = (issue: { input: unknown }) => `must be ${range} ${got(issue.input)}`;
  return z
    .number({ error: notWhole })
    .check(z.int({ error: notWhole }), z.gte(min, { error: outside }), z.lte(max, { error: outside }));
};

/** Minutes as in job files: decimals allowed (0.5 = 30 s), more than 0, at most 31 days. */
const minutes = () => {
  const error = (issue: { input: unknown }) =>
    `must be a number of minutes greater than 0 and at most ${MAX_MINUTES} (31 days) ${got(issue.input)}`;
  return z.number({ error }).check(
    z.lte(MAX_MINUTES, { error }),
    z.refine((value) => value > 0, { error }),
  );
};

const flag = () => z.boolean({ error: (issue) => `must be true or false ${got(issue.input)}` });

// Field definitions without defaults, shared by the file schema (with defaults) and the patch schema (strict).
export const notificationFields = {
  onFailure: flag(),
  onTimeout: flag(),
  onStuck: flag(),
  onSuccess: flag(),
};
export const settingFields = {
  defaultTimeoutMinutes: minutes(),
  stuckAfterMinutes: minutes(),
  maxConcurrentJobs: wholeBetween(1, 64),
  startAtLogin: flag(),
  logRetentionDays: wholeBetween(1, 3650),
  logMaxTotalMB: wholeBetween(1, 1_000_000),
  historyLimit: wholeBetween(10, 100_000),
  triggersPaused: flag(),
};

/**
 * `settings.json`: hub-wide settings. Lenient about unknown keys (a file written by a newer version still
 * loads), and every field has a default, so a missing or partial file is a valid one.
 */
export const settingsSchema = z.object({
  /** For jobs whose timeoutMinutes is 0 or absent (60 by default). */
  defaultTimeoutMinutes: z._default(settingFields.defaultTimeoutMinutes, DEFAULT_TIMEOUT_MINUTES),
  /** Global default for stuck detection; a job's stuckAfterMinutes overrides it. */
  stuckAfterMinutes: z._default(settingFields.stuckAfterMinutes, 120),
  maxConcurrentJobs: z._default(settingFields.maxConcurrentJobs, 4),
  // prefault: an absent or partial object is parsed, so its fields get their defaults.
  notifications: z.prefault(
    z.object({
      onFailure: z._default(notificationFields.onFailure, true),
      onTimeout: z._default(notificationFields.onTimeout, true),
      onStuck: z._default(notificationFields.onStuck, true),
      onSuccess: z._default(notificationFields.onSuccess, false),
    }),
    {},
  ),
  startAtLogin: z._default(settingFields.startAtLogin, false),
  logRetentionDays: z._default(settingFields.logRetentionDays, 30),
  logMaxTotalMB: z._default(settingFields.logMaxTotalMB, 500),
  historyLimit: z._default(settingFields.historyLimit, 1000),
  /** The tray's "pause all triggers": kept across restarts so a pause is not silently undone. */
  triggersPaused: z._default(settingFields.triggersPaused, false),
});

/** Hub-wide settings with every default applied. */
export type Settings = z.output<typeof settingsSchema>;

/** A change to some settings; `notifications` may name only the switches that change. */
export type SettingsPatch = Partial<Omit<Settings, 'notifications'>> & {
  notifications?: Partial<Settings['notifications']>;
};

// Strict: a misspelt key in a change is an error, never silently ignored. Built when first used: most
// processes never change a setting.
export const settingsPatchSchema = z.lazy(() =>
  z.strictObject({
    ...Object.fromEntries(Object.entries(settingFields).map(([key, schema]) => [key, z.optional(schema)])),
    notifications: z.optional(
      z.strictObject(
        Object.fromEntries(Object.entries(notificationFields).map(([k, s]) => [k, z.optional(s)])),
      ),
    ),
  }),
);

/** The settings every new data directory starts with. */
export const defaultSettings: Settings = settingsSchema.parse({});
