import { onFirstUse } from '../../../shared/on-first-use';
import { z } from '../../../shared/zod-mini';
import type { DataLayout } from '../store/data-dir';
import { type JsonStore, openJsonStore } from '../store/json-store';

/**
 * Times by job name. A job may be called anything, `__proto__` included: zod's record (and any plain object
 * assignment) would turn that key into a prototype change and drop it, so this keeps every key as an own
 * property of an object without a prototype. Read it with `fireTimeOf`.
 */
const timesByJobName = () =>
  z.pipe(
    z.custom<Record<string, string>>(
      (value) =>
        value !== null &&
        typeof value === 'object' &&
        !Array.isArray(value) &&
        Object.values(value).every((time) => typeof time === 'string'),
      { error: 'must map job names to times' },
    ),
    z.transform((value) => Object.assign(Object.create(null) as Record<string, string>, value)),
  );

// Built when the file is first read (see openHubState).
const stateSchema = onFirstUse(() =>
  z.object({
    /** The last moment a hub on this data directory was known to be running (heartbeat, fires, clean stop). */
    lastAliveAt: z._default(z.nullable(z.string()), null),
    /** Per job: when its schedule or interval last fired (ISO), the anchor for interval catch-up. */
    lastFires: z._default(timesByJobName(), {}),
  }),
);

/** A job's last fire time, read as an own key only (`lastFires["__proto__"]` must not find Object.prototype). */
export function fireTimeOf(lastFires: Record<string, string>, jobName: string): string | undefined {
  return Object.hasOwn(lastFires, jobName) ? lastFires[jobName] : undefined;
}

export type HubState = z.output<ReturnType<typeof stateSchema>>;

/**
 * `state/hub.json`: what missed-run detection needs to know about the past. Read when the triggers first ask: a
 * hub that only runs what it is handed (the command line's) never does, and leaves the file to the hub that
 * watches the schedules.
 */
export function openHubState(layout: DataLayout, onProblem: (message: string) => void): JsonStore<HubState> {
  return openJsonStore({
    dir: layout.stateDir,
    name: 'hub',
    schema: stateSchema,
    defaults: { lastAliveAt: null, lastFires: {} },
    onProblem,
    describeDefaults: 'no record of earlier runs (missed schedules cannot be caught up this time)',
    keepUnsaved: true,
    lazy: true,
  });
}
