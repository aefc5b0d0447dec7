import { DEFAULT_TIMEOUT_MINUTES, MAX_MINUTES } from './job-timing';
import { onFirstUse } from './on-first-use';
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

/** Hub-wide settings (`settings.json`), every default applied. */
export interface Settings {
  /** For jobs whose timeoutMinutes is 0 or absent (60 by default). */
  defaultTimeoutMinutes: number;
  /** Global default for stuck detection; a job's stuckAfterMinutes overrides it. */
  stuckAfterMinutes: number;
  maxConcurrentJobs: number;
  notifications: { onFailure: boolean; onTimeout: boolean; onStuck: boolean; onSuccess: boolean };
  startAtLogin: boolean;
  logRetentionDays: number;
  logMaxTotalMB: number;
  historyLimit: number;
  /** The tray's "pause all triggers": kept across restarts so a pause is not silently undone. */
  triggersPaused: boolean;
}

/** The settings every new data directory starts with, and each setting's default in a file that lacks it. */
export const defaultSettings: Settings = {
  defaultTimeoutMinutes: DEFAULT_TIMEOUT_MINUTES,
  stuckAfterMinutes: 120,
  maxConcurrentJobs: 4,
  notifications: { onFailure: true, onTimeout: true, onStuck: true, onSuccess: false },
  startAtLogin: false,
  logRetentionDays: 30,
  logMaxTotalMB: 500,
  historyLimit: 1000,
  triggersPaused: false,
};

// Field definitions without defaults, shared by the file schema (with defaults) and the patch schema (strict).
// Built when a setting is first checked: a hub that starts without a settings file checks none.
export const notificationFields = onFirstUse(() => ({
  onFailure: flag(),
  onTimeout: flag(),
  onStuck: flag(),
  onSuccess: flag(),
}));
export const settingFields = onFirstUse(() => ({
  defaultTimeoutMinutes: minutes(),
  stuckAfterMinutes: minutes(),
  maxConcurrentJobs: wholeBetween(1, 64),
  startAtLogin: flag(),
  logRetentionDays: wholeBetween(1, 3650),
  logMaxTotalMB: wholeBetween(1, 1_000_000),
  historyLimit: wholeBetween(10, 100_000),
  triggersPaused: flag(),
}));

/**
 * `settings.json`: hub-wide settings. Lenient about unknown keys (a file written by a newer version still
 * loads), and every field has a default, so a missing or partial file is a valid one.
 */
export const settingsSchema = onFirstUse((): z.ZodMiniType<Settings> => {
  const fields = settingFields();
  const switches = notificationFields();
  const defaults = defaultSettings;
  return z.object({
    defaultTimeoutMinutes: z._default(fields.defaultTimeoutMinutes, defaults.defaultTimeoutMinutes),
    stuckAfterMinutes: z._default(fields.stuckAfterMinutes, defaults.stuckAfterMinutes),
    maxConcurrentJobs: z._default(fields.maxConcurrentJobs, defaults.maxConcurrentJobs),
    // prefault: an absent or partial object is parsed, so its fields get their defaults.
    notifications: z.prefault(
      z.object({
        onFailure: z._default(switches.onFailure, defaults.notifications.onFailure),
        onTimeout: z._default(switches.onTimeout, defaults.notifications.onTimeout),
        onStuck: z._default(switches.onStuck, defaults.notifications.onStuck),
        onSuccess: z._default(switches.onSuccess, defaults.notifications.onSuccess),
      }),
      {},
    ),
    startAtLogin: z._default(fields.startAtLogin, defaults.startAtLogin),
    logRetentionDays: z._default(fields.logRetentionDays, defaults.logRetentionDays),
    logMaxTotalMB: z._default(fields.logMaxTotalMB, defaults.logMaxTotalMB),
    historyLimit: z._default(fields.historyLimit, defaults.historyLimit),
    triggersPaused: z._default(fields.triggersPaused, defaults.triggersPaused),
  });
});

/** A change to some settings; `notifications` may name only the switches that change. */
export type SettingsPatch = Partial<Omit<Settings, 'notifications'>> & {
  notifications?: Partial<Settings['notifications']>;
};

// Strict: a misspelt key in a change is an error, never silently ignored. Built when first used: most
// processes never change a setting.
export const settingsPatchSchema = onFirstUse(() =>
  z.strictObject({
    ...Object.fromEntries(Object.entries(settingFields()).map(([key, schema]) => [key, z.optional(schema)])),
    notifications: z.optional(
      z.strictObject(
        Object.fromEntries(Object.entries(notificationFields()).map(([k, s]) => [k, z.optional(s)])),
      ),
    ),
  }),
);
