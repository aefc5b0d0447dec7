import { z } from 'zod';
import type { RunResult, RunTrigger } from '../../../shared/run-types';

const triggerKinds = ['manual', 'cli', 'schedule', 'interval', 'file', 'retry', 'drop', 'missed'] as const;

/** Checks a trigger read back from disk. */
export const runTriggerSchema: z.ZodType<RunTrigger> = z.object({
  kind: z.enum(triggerKinds),
  detail: z.string().optional(),
});

const finishedStatuses = ['CompletedSuccessfully', 'Failed', 'TimedOut', 'Cancelled', 'Interrupted'] as const;

/**
 * Checks a finished run read back from disk. Loose (unknown keys are kept), so that history written by a newer
 * version survives a downgrade with its extra fields intact.
 */
export const runResultSchema: z.ZodType<RunResult> = z.looseObject({
  runId: z.string().min(1),
  jobName: z.string(),
  success: z.boolean(),
  status: z.enum(finishedStatuses),
  exitCode: z.number().nullable(),
  signal: z.string().nullable(),
  message: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  durationMs: z.number(),
  logPath: z.string().nullable(),
  outputTail: z.string(),
  pid: z.number().nullable(),
  trigger: runTriggerSchema,
  attempt: z.number(),
  firstRunId: z.string(),
  jobFile: z.string().optional(),
  cpuMs: z.number().nonnegative().optional(),
  peakMemoryBytes: z.number().nonnegative().optional(),
  processesStarted: z.number().int().nonnegative().optional(),
});
