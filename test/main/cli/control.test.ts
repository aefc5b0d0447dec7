// The commands people expect beside a running hub: status, cancel, pause/resume, enable/disable, quit, --version.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/main/cli/main';
import type { RunResult } from '../../../src/shared/run-types';
import { captureIO, startCli } from '../../helpers/cli';
import { writeJob } from '../../helpers/hub';
import { expectNoSurvivors, fixture, readPids } from '../../helpers/processes';
import { useTempDirs } from '../../helpers/temp';

const tempDir = useTempDirs();

async function cli(args: string[]) {
  const io = captureIO();
  const code = await main(args, io);
  return { code, out: io.out, err: io.err };
}

describe('control commands', () => {
  it('status, cancel by run id and by job name, pause, resume, disable, enable and quit through a daemon', async () => {
    const dataDir = await tempDir();
    const pidsFile = join(dataDir, 'pids');
    const sleeper = (name: string) => ({
      name,
      process: { command: process.execPath, arguments: [fixture('job-sleep.mjs'), '120000', pidsFile] },
    });
    const file = await writeJob(dataDir, 'a.json', sleeper('Alpha'));
    await writeJob(dataDir, 'b.json', sleeper('Beta'));
    const daemon = startCli(['daemon', '--data', dataDir]);
    await daemon.waitForOutput(/Automation Hub daemon \(pid (\d+)\)/);
    const alpha = startCli(['run', 'Alpha', '--data', dataDir]);
    const beta = startCli(['run', 'Beta', '--data', dataDir]);
    const pids = await readPids(pidsFile, 2);

    const status = await cli(['status', '--data', dataDir]);
    expect(status.code).toBe(0);
    expect(status.out).toMatch(new RegExp(`Automation Hub daemon \\(pid ${daemon.pid}\\) on .*: 2 running`));
    const json = JSON.parse((await cli(['status', '--data', dataDir, '--json'])).out);
    expect(json.running.map((r: { jobName: string }) => r.jobName).sort()).toEqual(['Alpha', 'Beta']);
    const alphaId = json.running.find((r: { jobName: string }) => r.jobName === 'Alpha').runId as string;

    expect((await cli(['cancel', alphaId.slice(0, 8), '--data', dataDir])).out).toContain(
      `Cancelling Alpha (run ${alphaId.slice(0, 8)})`,
    );
    expect((await alpha.done).code).toBe(130);
    expect((await cli(['cancel', 'beta', '--data', dataDir])).code).toBe(0);
    expect((await beta.done).code).toBe(130);
    await expectNoSurvivors(pids);
    const nothing = await cli(['cancel', 'Gamma', '--data', dataDir]);
    expect(nothing.code).toBe(1);
    expect(nothing.err).toContain('no run or job named "Gamma" is running or waiting');

    expect((await cli(['pause', '--data', dataDir])).out).toBe('Triggers paused.\n');
    expect(JSON.parse((await cli(['status', '--data', dataDir, '--json'])).out).hub.paused).toBe(true);
    expect((await cli(['resume', '--data', dataDir])).code).toBe(0);
    expect((await cli(['disable', 'Alpha', '--data', dataDir])).code).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8')).enabled).toBe(false);
    expect((await cli(['enable', 'Alpha', '--data', dataDir])).code).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8')).enabled).toBe(true);

    const quit = await cli(['quit', '--data', dataDir]);
    expect(quit.code).toBe(0);
    expect(quit.out).toContain('Stopped.');
    expect((await daemon.done).code).toBe(0);
    const history = JSON.parse((await cli(['history', '--data', dataDir, '--json'])).out) as RunResult[];
    expect(history.map((r) => [r.jobName, r.status]).sort()).toEqual([
      ['Alpha', 'Cancelled'],
      ['Beta', 'Cancelled'],
    ]);
  });

  it('without a hub: status says so (exit 1), cancel has nothing to do, pause and disable change the files', async () => {
    const dataDir = await tempDir();
    const file = await writeJob(dataDir, 'a.json', { name: 'Alpha', process: { command: 'x' } });
    const status = await cli(['status', '--data', dataDir]);
    expect(status.code).toBe(1);
    expect(status.err).toBe(`No Automation Hub is running on ${dataDir}.\n`);
    expect((await cli(['cancel', 'Alpha', '--data', dataDir])).code).toBe(1);
    expect((await cli(['pause', '--data', dataDir])).code).toBe(0);
    expect(JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8')).triggersPaused).toBe(true);
    expect((await cli(['disable', 'Alpha', '--data', dataDir])).code).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8')).enabled).toBe(false);
    const missing = await cli(['enable', 'Nope', '--data', dataDir]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('there is no job named "Nope"');
    expect((await cli(['quit', '--data', dataDir])).code).toBe(0);
    expect((await cli(['cancel', '--data', dataDir])).code).toBe(2);
  });

  it('prints its version', async () => {
    const { version } = JSON.parse(
      await readFile(join(import.meta.dirname, '../../../package.json'), 'utf8'),
    );
    expect((await cli(['--version'])).out).toBe(`automation-hub ${version}\n`);
  });
});
