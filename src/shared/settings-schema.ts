import { z } from 'zod';
import { DEFAULT_TIMEOUT_MINUTES, MAX_MINUTES } from './job-timing';

const got = (input: unknown): string => `(got ${JSON.stringify(input) ?? String(input)})`;

/** A whole number in [min, max]; every message names the range, so the user sees what would be accepted. */
const wholeBetween = (min: number, max: number) => {
  const range = `between ${min} and ${max}`;
  const notWhole = (issue: { input: unknown }) => `must be a whole number ${range} ${got(issue.input)}`;
  const outside = (issue: { input: unknown }) => `must be ${range} ${got(issue.input)}`;
  return z
    .number({ error: notWhole })
    .int({ error: notWhole })
    .min(min, { error: outside })
    .max(max, { error: outside });
};

/** Minutes as in job files: decimals allowed (0.5 = 30 s), more than 0, at most 31 days. */
const minutes = () => {
  const error = (issue: { input: unknown }) =>
    `must be a number of minutes greater than 0 and at most ${MAX_MINUTES} (31 days) ${got(issue.input)}`;
  return z
    .number({ error })
    .finite({ error })
    .max(MAX_MINUTES, { error })
    .refine((value) => value > 0, { error });
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
  defaultTimeoutMinutes: settingFields.defaultTimeoutMinutes.default(DEFAULT_TIMEOUT_MINUTES),
  /** Global default for stuck detection; a job's stuckAfterMinutes overrides it. */
  stuckAfterMinutes: settingFields.stuckAfterMinutes.default(120),
  maxConcurrentJobs: settingFields.maxConcurrentJobs.default(4),
  // prefault: an absent or partial object is parsed, so its fields get their defaults.
  notifications: z
    .object({
      onFailure: notificationFields.onFailure.default(true),
      onTimeout: notificationFields.onTimeout.default(true),
      onStuck: notificationFields.onStuck.default(true),
      onSuccess: notificationFields.onSuccess.default(false),
    })
    .prefault({}),
  startAtLogin: settingFields.startAtLogin.default(false),
  logRetentionDays: settingFields.logRetentionDays.default(30),
  logMaxTotalMB: settingFields.logMaxTotalMB.default(500),
  historyLimit: settingFields.historyLimit.default(1000),
  /** The tray's "pause all triggers": kept across restarts so a pause is not silently undone. */
  triggersPaused: settingFields.triggersPaused.default(false),
});

/** Hub-wide settings with every default applied. */
export type Settings = z.output<typeof settingsSchema>;

/** A change to some settings; `notifications` may name only the switches that change. */
export type SettingsPatch = Partial<Omit<Settings, 'notifications'>> & {
  notifications?: Partial<Settings['notifications']>;
};

// Strict: a misspelt key in a change is an error, never silently ignored.
export const settingsPatchSchema = z.strictObject({
  ...Object.fromEntries(Object.entries(settingFields).map(([key, schema]) => [key, schema.optional()])),
  notifications: z
    .strictObject(Object.fromEntries(Object.entries(notificationFields).map(([k, s]) => [k, s.optional()])))
    .optional(),
});

/** The settings every new data directory starts with. */
export const defaultSettings: Settings = settingsSchema.parse({});
