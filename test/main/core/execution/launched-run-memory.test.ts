import { describe, expect, it } from 'vitest';
import { LaunchedRun } from '../../../../src/main/core/execution/launched-run';
import { prepareLaunch } from '../../../../src/main/core/execution/prepare-launch';
import { newRunIdentity } from '../../../../src/main/core/execution/run-result';
import { gc } from '../../../helpers/gc';
import { expectNoSurvivors } from '../../../helpers/processes';
import { useTempDirs } from '../../../helpers/temp';

const tempDir = useTempDirs();

/** Prepares and builds a run of a job that lives for `ms`; only a weak reference to its environment leaves. */
async function launch(logDir: string, ms: number, onSpawn: (pid: number) => void) {
  const identity = newRunIdentity('Memory');
  const settings = { command: process.execPath, arguments: ['-e', `setTimeout(() => {}, ${ms})`] };
  const prepared = await prepareLaunch(settings, identity.runId, {});
  const env = new WeakRef(prepared.env);
  const options = { logDir, onSpawn: ({ pid }: { pid: number }) => onSpawn(pid) };
  return { run: new LaunchedRun(identity, prepared, settings, options, 1, new Date()), env };
}

describe('a running job’s memory', () => {
  it('holds no copy of the environment it was started with once its process exists', async () => {
    let spawned!: (pid: number) => void;
    const pid = new Promise<number>((resolve) => {
      spawned = resolve;
    });
    const { run, env } = await launch(await tempDir(), 1500, (p) => spawned(p));
    const ending = run.wait();
    const child = await pid;
    // Past the turn that created the weak reference, and a full collection: only a live reference keeps it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    gc();
    expect(env.deref()).toBeUndefined();
    expect((await ending).status).toBe('CompletedSuccessfully');
    await expectNoSurvivors([child]);
  });
});
