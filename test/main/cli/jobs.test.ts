// `automation-hub jobs`: what the list says about files that do not load and about triggers, with and without
// a hub owning the folder. No job runs here: the only triggers are hour-long intervals and nightly schedules.
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/main/cli/main';
import type { JobSummary } from '../../../src/shared/hub-api';
import { captureIO } from '../../helpers/cli';
import { useHubs, writeJob } from '../../helpers/hub';
import { useTempDirs } from '../../helpers/temp';

const tempDir = useTempDirs();
const openHub = useHubs();

async function jobs(dataDir: string, json = false) {
  const io = captureIO();
  const code = await main(['jobs', '--data', dataDir, ...(json ? ['--json'] : [])], io);
  return { code, out: io.out, err: io.err };
}

const poll = {
  name: 'Poll',
  triggers: [{ type: 'interval', everyMinutes: 60 }],
  process: { command: process.execPath },
};

describe('automation-hub jobs', () => {
  it('names an invalid file by the job name it holds; only a file without one has no name', async () => {
    const dataDir = await tempDir();
    await writeJob(dataDir, 'broken.json', {
      name: 'Nightly export',
      process: { command: 'x', timeoutMinutes: -5 },
    });
    await writeJob(dataDir, 'half.json', '{ "name": "Half saved", "process": { "command": ');
    await writeJob(dataDir, 'nameless.json', { process: { command: 'x' } });
    const { code, out } = await jobs(dataDir);
    expect(code).toBe(2);
    expect(out).toContain('Nightly export  [INVALID]  broken.json\n');
    expect(out).toContain('Half saved  [INVALID]  half.json\n');
    expect(out).toContain('(no name could be read)  [INVALID]  nameless.json\n');
    expect(out).not.toContain('(unreadable)');
  });

  it('says what an interval counts from when no hub has armed it', async () => {
    const dataDir = await tempDir();
    await writeJob(dataDir, 'poll.json', poll);
    const { code, out } = await jobs(dataDir);
    expect(code).toBe(0);
    expect(out).toBe("Poll  [enabled]  poll.json\n    every 60 minutes, counted from the hub's start\n");
  });

  it('asks the hub that owns the folder, so an armed interval shows when it fires next', async () => {
    const dataDir = await tempDir();
    await writeJob(dataDir, 'poll.json', poll);
    const before = Date.now();
    await openHub({ dataDir });
    const { code, out } = await jobs(dataDir);
    expect(code).toBe(0);
    expect(out).toMatch(/^Poll {2}\[enabled\] {2}poll\.json\n {4}every 60 minutes — next .+\n$/);
    const [summary] = JSON.parse((await jobs(dataDir, true)).out) as JobSummary[];
    const next = Date.parse(summary?.triggers[0]?.nextRun ?? '');
    expect(next).toBeGreaterThanOrEqual(before + 60 * 60_000);
    expect(next).toBeLessThanOrEqual(Date.now() + 60 * 60_000);
  });
});
