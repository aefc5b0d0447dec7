import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, startCli } from '../../helpers/cli';
import { writeJob } from '../../helpers/hub';
import { expectNoSurvivors, fixture } from '../../helpers/processes';
import { useTempDirs } from '../../helpers/temp';

const tempDir = useTempDirs();

// What a terminal would act on: ESC, BEL, CR, backspace, the one-byte CSI, a right-to-left override.
const RAW_CONTROLS = ['\x1b', '\x07', '\r', '\b', '\x9b', '\u202e'];
const NAME = 'Pay\x1b[2J\rroll\x07';
const FILE_NAME = 'evil\x1b]52;c;cm0gLXJm\x07.json';

function hostileJob(waitMs: number, extra: object = {}) {
  return {
    name: NAME,
    process: { command: process.execPath, arguments: [fixture('job-hostile-text.mjs'), String(waitMs)] },
    ...extra,
  };
}

function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectNeutral(text: string, what: string): void {
  for (const raw of RAW_CONTROLS)
    expect(
      text.includes(raw),
      `${what} printed U+${raw.charCodeAt(0).toString(16)} raw:\n${JSON.stringify(text)}`,
    ).toBe(false);
}

describe('what the hub prints never carries raw control characters', () => {
  const daemons: ReturnType<typeof startCli>[] = [];
  afterEach(async () => {
    for (const daemon of daemons.splice(0)) {
      daemon.kill('SIGKILL');
      await daemon.done;
    }
  });

  it('run, history, jobs and validate: names, file names, status lines and messages are shown, not acted on', async () => {
    const data = await tempDir();
    const jobFile = join(await tempDir(), FILE_NAME);
    await writeFile(jobFile, JSON.stringify(hostileJob(0)));
    await writeJob(data, FILE_NAME, hostileJob(0));

    const run = cli(['run', jobFile, '--data', data]);
    expect(run.code, run.stderr).toBe(0);
    expectNeutral(run.stderr, 'run');
    expect(run.stderr).toContain('[status] \\u001b]0;pwned\\u0007✓ Payroll: completed \\u009b2J\\u202e');
    expect(run.stderr).toContain('✓ Pay\\u001b[2J\\u000droll\\u0007: completed');
    // The job's own output is its own: passed through exactly as it wrote it.
    expect(run.stdout).toContain('RAW \x1b[31mred\x1b[0m\n');

    const history = cli(['history', '--data', data]);
    expectNeutral(history.stdout + history.stderr, 'history');
    expect(history.stdout).toContain('Pay\\u001b[2J\\u000droll\\u0007');

    const jobs = cli(['jobs', '--data', data]);
    expectNeutral(jobs.stdout + jobs.stderr, 'jobs');
    expect(jobs.stdout).toContain('evil\\u001b]52;c;cm0gLXJm\\u0007.json');

    const validate = cli(['validate', jobFile]);
    expectNeutral(validate.stdout + validate.stderr, 'validate');
    expect(validate.stdout).toContain('(Pay\\u001b[2J\\u000droll\\u0007)');

    // JSON stays JSON with the very same values.
    const json = cli(['history', '--data', data, '--json']);
    expectNeutral(json.stdout, 'history --json');
    expect(JSON.parse(json.stdout)[0].jobName).toBe(NAME);
  });

  it('daemon lines and status', async () => {
    const data = await tempDir();
    await writeJob(
      data,
      FILE_NAME,
      hostileJob(1500, { triggers: [{ type: 'schedule', cron: '* * * * * *' }] }),
    );
    const daemon = startCli(['daemon', '--data', data]);
    daemons.push(daemon);
    await daemon.waitForOutput(/▶ Pay/);
    // The run shows in status as soon as it starts; its status line once the job (a Node process, slow to start
    // on a busy machine) has printed it: asked until it has.
    let status = cli(['status', '--data', data]);
    for (let tries = 0; !status.stdout.includes('[status]') && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = cli(['status', '--data', data]);
    }
    expect(status.code, status.stderr).toBe(0);
    expectNeutral(status.stdout + status.stderr, 'status');
    expect(status.stdout).toContain('[status] \\u001b]0;pwned');
    const printed = await daemon.waitForOutput(/✓ Pay\\u001b\[2J\\u000droll\\u0007: completed/, 20_000);
    expectNeutral(printed, 'daemon');
    daemon.kill('SIGTERM');
    const { code } = await daemon.done;
    expect(code).toBe(0);
    await expectNoSurvivors([daemon.pid]);
  });
});
