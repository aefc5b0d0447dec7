import type { JobDefinition } from './job-schema';
import type { Settings } from './settings-schema';

/** The four notification switches, after merging the global settings with a job's own `notify` block. */
export type NotifySwitches = Settings['notifications'];

/**
 * The switches for one job. The settings (`notifications.*`, onSuccess off by default) apply to every job;
 * a job file's `notify` block, when present, decides for that job instead: its `onFailure` covers failures
 * and timeouts (as job-schema.ts documents), `onSuccess` and `onStuck` their own kinds.
 */
export function switchesFor(
  settings: NotifySwitches,
  jobNotify: JobDefinition['notify'] | null | undefined,
): NotifySwitches {
  if (!jobNotify) return settings;
  return {
    onFailure: jobNotify.onFailure,
    onTimeout: jobNotify.onFailure,
    onStuck: jobNotify.onStuck,
    onSuccess: jobNotify.onSuccess,
  };
}
