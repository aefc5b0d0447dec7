import type { RunTrigger } from './run-types';

/**
 * What started a run, in a few words, for the command line and run logs: `schedule "0 2 * * *"`,
 * `file C:\inbox\a.csv`, `retry`, `by hand`. (The window has shorter labels of its own.)
 */
export function describeRunTrigger(trigger: RunTrigger): string {
  switch (trigger.kind) {
    case 'schedule':
      return `schedule "${trigger.detail ?? ''}"`;
    case 'interval':
      return trigger.detail ?? 'interval';
    case 'file':
      return `file ${trigger.detail ?? ''}`;
    case 'missed':
      return `missed run of ${trigger.detail ?? 'a schedule'}`;
    case 'retry':
      return 'retry';
    case 'drop':
      return 'dropped file';
    case 'manual':
      return 'by hand';
    case 'cli':
      return 'automation-hub run';
    default:
      return trigger.kind;
  }
}
