import { resolve } from 'node:path';
import type { Trigger } from '../../../shared/job-schema';
import { compileSchedule, describeSchedule } from './compile-schedule';
import { describeInterval } from './interval-ms';

/**
 * The words the UI uses for a trigger that is not armed (an armed one describes itself). An interval counts from
 * the moment a hub arms it, so unarmed it has no next run: its words say what it counts from instead.
 */
export function describeTrigger(trigger: Trigger, baseDir?: string): string {
  if (trigger.type === 'schedule') return describeSchedule(trigger);
  if (trigger.type === 'interval') return `${describeInterval(trigger)}, counted from the hub's start`;
  const folder = baseDir ? resolve(baseDir, trigger.path) : trigger.path;
  return `files ${trigger.pattern} arriving in ${folder}${trigger.recursive ? ' (and subfolders)' : ''}`;
}

/** When a trigger that is not armed would fire next: known for schedules only (intervals count from a start). */
export function staticNextRun(trigger: Trigger, now = new Date()): string | null {
  if (trigger.type !== 'schedule') return null;
  try {
    return compileSchedule(trigger).nextRun(now)?.toISOString() ?? null;
  } catch {
    return null;
  }
}
