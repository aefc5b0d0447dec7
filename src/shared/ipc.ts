import { z } from 'zod';
import type { BridgeMethod } from './bridge-types';
import {
  BRIDGE_METHODS,
  channelOf,
  EVENT_CHANNEL,
  SHOW_PREVIEW_CHANNEL,
  SHOW_RUN_CHANNEL,
} from './ipc-channels';
import { settingsPatchSchema } from './settings-schema';

// The bridge's types live in a module of their own, so that the channel list can check itself against them.
export type { BridgeApi, BridgeMethod, DesktopApi, HubBridge, IpcResult } from './bridge-types';
// The channel names live in a zod-free module so that the sandboxed preload can import them.
export { BRIDGE_METHODS, channelOf, EVENT_CHANNEL, SHOW_PREVIEW_CHANNEL, SHOW_RUN_CHANNEL };

const runId = z.string().min(1).max(100);
const jobName = z.string().min(1).max(200);
const path = z.string().min(1).max(4096);
const none = z.tuple([]);
// A preview's content hash (SHA-256, hex): run and add take it back, so only previewed content is used.
const previewHash = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * Argument schemas, one per channel: main validates every payload with these before the hub sees it.
 * A tuple per method, matching its parameters; strict objects so that unexpected keys are refused.
 */
export const ipcArguments = {
  listJobs: none,
  listRunning: none,
  getHistory: z.tuple([
    z.strictObject({
      limit: z.number().int().min(1).max(10_000).optional(),
      jobName: jobName.optional(),
      failuresOnly: z.boolean().optional(),
    }),
  ]),
  getRun: z.tuple([runId]),
  readLog: z.tuple([
    runId,
    z
      .number()
      .int()
      .min(1)
      .max(16 * 1024 * 1024)
      .optional(),
  ]),
  runJob: z.tuple([jobName]),
  cancelRun: z.tuple([runId]),
  setJobEnabled: z.tuple([jobName, z.boolean()]),
  setTriggersPaused: z.tuple([z.boolean()]),
  getSettings: none,
  updateSettings: z.lazy(() => z.tuple([settingsPatchSchema()])),
  previewJobFile: z.tuple([path]),
  runJobFile: z.tuple([path, previewHash]),
  addJobFile: z.tuple([path, previewHash]),
  getNotices: none,
  jobsFolder: none,
  openLogFile: z.tuple([runId]),
  openJobsFolder: none,
} satisfies { [K in BridgeMethod]: z.ZodType };

/** The methods, in a stable order (the preload and the main process build their tables from this). */
export const bridgeMethods = Object.keys(ipcArguments) as BridgeMethod[];
