import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ProcessExecutionService } from '../../../../src/main/core/execution/process-execution-service';
import { newRunIdentity } from '../../../../src/main/core/execution/run-result';
import { expectNoSurvivors, fixture, pidsWithMarker } from '../../../helpers/processes';

const service = new ProcessExecutionService();
const node = process.execPath;

describe('resource limits (process.maxMemoryMB, process.priority)', () => {
  it.each([
    ['the job itself', []],
    ['a child the job started', ['--in-child']],
  ])('stops a run whose memory grows past maxMemoryMB when %s holds it', async (_holder, extra) => {
    const pids: number[] = [];
    const runId = randomUUID();
    const result = await service.execute(
      newRunIdentity('Hog', { runId }),
      { command: node, arguments: [fixture('job-hog.mjs'), '600', ...extra], maxMemoryMB: 150 },
      { killGraceMs: 500, onSpawn: ({ pid }) => pids.push(pid) },
    );
    expect(result.status).toBe('Failed');
    expect(result.message).toMatch(
      /^stopped after [\d.]+ s: its processes used [\d.]+ MB, more than process\.maxMemoryMB \(150\); the job and all its child processes were stopped$/,
    );
    const used = Number(/used ([\d.]+) MB/.exec(result.message)?.[1]);
    expect(used).toBeGreaterThan(150);
    await expectNoSurvivors(pids);
    // Every process of the run, the child included, carried the run's marker: none is left.
    expect(pidsWithMarker({ name: 'AUTOMATION_HUB_RUN_ID', value: runId })).toEqual([]);
  });

  it('leaves a run alone while it stays under its memory limit', async () => {
    const result = await service.execute('Modest', {
      command: node,
      arguments: [fixture('job-exit.mjs'), '0', '1500'],
      maxMemoryMB: 1024,
    });
    expect(result.status).toBe('CompletedSuccessfully');
  });

  it.each([
    ['low', 19],
    ['belowNormal', 10],
  ] as const)('runs the job at priority %s', async (priority, nice) => {
    const result = await service.execute('Niced', {
      command: node,
      arguments: [fixture('job-priority.mjs')],
      priority,
    });
    expect(result.status).toBe('CompletedSuccessfully');
    expect(result.outputTail).toBe(`priority=${nice}\n`);
  });
});
