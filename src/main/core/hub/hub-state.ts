import { z } from 'zod';
import type { DataLayout } from '../store/data-dir';
import { type JsonStore, openJsonStore } from '../store/json-store';

const stateSchema = z.object({
  /** The last moment a hub on this data directory was known to be running (heartbeat, fires, clean stop). */
  lastAliveAt: z.string().nullable().default(null),
  /** Per job: when its schedule or interval last fired (ISO), the anchor for interval catch-up. */
  lastFires: z.record(z.string(), z.string()).default({}),
});

export type HubState = z.output<typeof stateSchema>;

/** `state/hub.json`: what missed-run detection needs to know about the past. */
export function openHubState(layout: DataLayout, onProblem: (message: string) => void): JsonStore<HubState> {
  return openJsonStore({
    dir: layout.stateDir,
    name: 'hub',
    schema: stateSchema,
    defaults: { lastAliveAt: null, lastFires: {} },
    onProblem,
    describeDefaults: 'no record of earlier runs (missed schedules cannot be caught up this time)',
    keepUnsaved: true,
  });
}
