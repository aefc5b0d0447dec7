import { onFirstUse } from '../../../shared/on-first-use';
import type { RunResult, RunTrigger } from '../../../shared/run-types';
import { z } from '../../../shared/zod-mini';

const triggerKinds = ['manual', 'cli', 'schedule', 'interval', 'file', 'retry', 'drop', 'missed'] as const;

/** Checks a trigger read back from disk. */
export const runTriggerSchema = onFirstUse(
  (): z.ZodMiniType<RunTrigger> =>
    z.object({
      kind: z.enum(triggerKinds),
      detail: z.optional(z.string()),
    }),
);

const finishedStatuses = ['CompletedSuccessfully', 'Failed', 'TimedOut', 'Cancelled', 'Interrupted'] as const;

/**
 * Checks a finished run read back from disk. Loose (unknown keys are kept), so that history written by a newer
 * version survives a downgrade with its extra fields intact. Built when first used: a command that only adds
 * a run to the history never reads one back.
 */
export const runResultSchema = onFirstUse(
  (): z.ZodMiniType<RunResult> =>
    z.looseObject({
      runId: z.string().check(z.minLength(1)),
      jobName: z.string(),
      success: z.boolean(),
      status: z.enum(finishedStatuses),
      exitCode: z.nullable(z.number()),
      signal: z.nullable(z.string()),
      message: z.string(),
      startTime: z.string(),
      endTime: z.string(),
      durationMs: z.number(),
      logPath: z.nullable(z.string()),
      outputTail: z.string(),
      pid: z.nullable(z.number()),
      trigger: runTriggerSchema(),
      attempt: z.number(),
      firstRunId: z.string(),
      jobFile: z.optional(z.string()),
      cpuMs: z.optional(z.number().check(z.nonnegative())),
      peakMemoryBytes: z.optional(z.number().check(z.nonnegative())),
      processesStarted: z.optional(z.number().check(z.int(), z.nonnegative())),
    }),
);
