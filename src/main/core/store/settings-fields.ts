import { didYouMean } from '../../../shared/did-you-mean';
import {
  defaultSettings,
  notificationFields,
  type Settings,
  settingFields,
} from '../../../shared/settings-schema';
import type { z } from '../../../shared/zod-mini';

/** settings.json read field by field: what was kept, what each bad or unknown field was, which fell back. */
export interface SettingsReading {
  settings: Settings;
  /** One message per bad or unknown field: `maxConcurrentJobs: must be between 1 and 64 (got 0); using 4…`. */
  problems: string[];
  /** Settings that fell back to their default because the file's value was invalid. */
  fallbacks: (keyof Settings)[];
}

/**
 * Reads settings field by field, so one bad value costs only itself: every valid field is kept, an invalid one
 * falls back to its default and is named with the reason, an unknown key is named (with the setting it probably
 * meant) and ignored. Null when the value is not an object at all (then there is nothing to keep).
 */
export function readSettingsFields(raw: unknown): SettingsReading | null {
  if (!isObject(raw)) return null;
  const settings: Settings = structuredClone(defaultSettings);
  const problems: string[] = [];
  const fallbacks: (keyof Settings)[] = [];
  const fields = settingFields();
  const known = [...Object.keys(fields), 'notifications'];
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'notifications') {
      readNotifications(value, settings, problems, fallbacks);
      continue;
    }
    if (!Object.hasOwn(fields, key)) {
      const guess = didYouMean(key, known);
      problems.push(`"${key}" is not a setting${guess ? ` (did you mean "${guess}"?)` : ''}; it is ignored`);
      continue;
    }
    const field = key as keyof typeof fields;
    const checked = (fields[field] as z.ZodMiniType).safeParse(value);
    if (checked.success) (settings as unknown as Record<string, unknown>)[field] = checked.data;
    else {
      fallbacks.push(field);
      problems.push(
        `${field}: ${checked.error.issues[0]?.message}; using ${JSON.stringify(defaultSettings[field])} until it is fixed`,
      );
    }
  }
  return { settings, problems, fallbacks };
}

function readNotifications(
  value: unknown,
  settings: Settings,
  problems: string[],
  fallbacks: (keyof Settings)[],
): void {
  if (!isObject(value)) {
    fallbacks.push('notifications');
    problems.push(
      `notifications: must be an object of switches (got ${JSON.stringify(value)}); using the defaults`,
    );
    return;
  }
  const switches = notificationFields();
  for (const [key, flag] of Object.entries(value)) {
    if (!Object.hasOwn(switches, key)) {
      const guess = didYouMean(key, Object.keys(switches));
      problems.push(
        `notifications.${key}: is not a notification switch${guess ? ` (did you mean "${guess}"?)` : ''}; it is ignored`,
      );
      continue;
    }
    const name = key as keyof typeof switches;
    const checked = switches[name].safeParse(flag);
    if (checked.success) settings.notifications[name] = checked.data;
    else {
      if (!fallbacks.includes('notifications')) fallbacks.push('notifications');
      problems.push(
        `notifications.${name}: ${checked.error.issues[0]?.message}; using ${defaultSettings.notifications[name]} until it is fixed`,
      );
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
