import type { $ZodError } from 'zod/v4/core';
import {
  defaultSettings,
  notificationFields,
  type Settings,
  type SettingsPatch,
  settingFields,
  settingsPatchSchema,
  settingsSchema,
} from '../../../shared/settings-schema';
import { HubError } from '../errors';
import type { DataLayout } from './data-dir';
import { openJsonStore } from './json-store';
import { readSettingsFields } from './settings-fields';

/** The hub's settings, read once and changed through `update`. */
export interface SettingsStore {
  get(): Settings;
  /** Settings whose value in the file was invalid and that run on their default until it is fixed or saved. */
  readonly fallbacks: ReadonlySet<keyof Settings>;
  /** Applies a validated change and saves it; throws HubError naming the field when a value is invalid. */
  update(patch: SettingsPatch): Settings;
  readonly path: string;
}

/** Opens `<root>/settings.json` (beside jobs/, where a user looking for it will find it). */
export function openSettings(layout: DataLayout, onProblem: (message: string) => void): SettingsStore {
  const fallbacks = new Set<keyof Settings>();
  const store = openJsonStore({
    dir: layout.root,
    name: 'settings',
    schema: settingsSchema,
    defaults: defaultSettings,
    onProblem,
    describeDefaults: 'default settings',
    // One bad value must not throw the others away (a paused hub would start firing, a fallback historyLimit
    // would delete history): read field by field.
    salvage: (raw) => {
      const reading = readSettingsFields(raw);
      if (!reading) return null;
      for (const field of reading.fallbacks) fallbacks.add(field);
      return { value: reading.settings, problems: reading.problems };
    },
  });
  return {
    path: store.path,
    fallbacks,
    get: () => store.get(),
    update(patch) {
      const checked = settingsPatchSchema().safeParse(patch);
      if (!checked.success) throw patchError(checked.error);
      const { notifications, ...rest } = withoutUndefined(patch);
      // Saving writes every setting as it now is: what fell back is the value in the file from here on.
      fallbacks.clear();
      return store.update((current) => ({
        ...current,
        ...rest,
        notifications: { ...current.notifications, ...withoutUndefined(notifications ?? {}) },
      }));
    },
  };
}

/** `settings.maxConcurrentJobs: must be a whole number between 1 and 64 (got 0)` (via HubError.toString). */
function patchError(error: $ZodError): HubError {
  const issue = error.issues[0];
  const where = ['settings', ...(issue?.path.map(String) ?? [])];
  if (issue?.code === 'unrecognized_keys') {
    const nested = issue.path[0] === 'notifications';
    const known = (
      nested ? Object.keys(notificationFields()) : [...Object.keys(settingFields()), 'notifications']
    ).join(', ');
    return new HubError('invalid-setting', `is not a setting (known: ${known})`, {
      field: [...where, issue.keys[0]].join('.'),
    });
  }
  return new HubError('invalid-setting', issue?.message ?? error.message, { field: where.join('.') });
}

/** `{ a: undefined }` means "no change" in a patch, not "reset to the default". */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export { defaultSettings, type Settings, type SettingsPatch, settingsSchema };
