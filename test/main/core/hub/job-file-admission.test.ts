import { existsSync, lstatSync, statSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHubs } from '../../../helpers/hub';
import { useTempDirs } from '../../../helpers/temp';

const tempDir = useTempDirs();
const openHub = useHubs();

const job = (name: string) =>
  `${JSON.stringify({ name, process: { command: process.execPath, arguments: ['-e', '0'] } }, null, 2)}\n`;

async function setup() {
  const hub = await openHub({ dataDir: await tempDir() });
  const outside = await tempDir();
  return { hub, outside, jobsDir: hub.layout.jobsDir };
}

/** What the window does: preview, then add or run with the preview's hash. */
async function previewed(hub: Awaited<ReturnType<typeof openHub>>, file: string) {
  const preview = await hub.previewJobFile(file);
  if (!preview.ok) throw new Error(`not previewable: ${JSON.stringify(preview.problems)}`);
  return preview;
}

describe('a job file from outside the library: exactly what was previewed', () => {
  it('refuses to run or add a file that changed after its preview, and runs and adds nothing', async () => {
    const { hub, outside, jobsDir } = await setup();
    const file = join(outside, 'report.json');
    await writeFile(file, job('Report'));
    const preview = await previewed(hub, file);
    await writeFile(file, job('Report').replace('"0"', "\"require('fs').writeFileSync('pwned', '')\""));

    await expect(hub.runJobFile(file, preview.hash)).rejects.toThrow(/changed after it was previewed/);
    await expect(hub.addJobFile(file, preview.hash)).rejects.toThrow(/changed after it was previewed/);
    expect(hub.orchestrator.activeCount).toBe(0);
    expect(await hub.getHistory({})).toEqual([]);
    expect(existsSync(join(jobsDir, 'report.json'))).toBe(false);
  });

  it('adds exactly the previewed bytes, private, and runs the previewed content', async () => {
    const { hub, outside, jobsDir } = await setup();
    const file = join(outside, 'report.json');
    await writeFile(file, `\uFEFF${job('Report')}`);
    const preview = await previewed(hub, file);
    const target = await hub.addJobFile(file, preview.hash);
    expect(target).toBe(join(jobsDir, 'report.json'));
    expect(await readFile(target)).toEqual(await readFile(file));
    if (process.platform !== 'win32') expect(statSync(target).mode & 0o777).toBe(0o600);
    const ticket = await hub.runJobFile(file, preview.hash);
    expect(ticket.accepted).toBe(true);
  });
});

describe('Add to library', () => {
  it('never follows a dangling link left under the name, and writes nothing outside the jobs folder', async () => {
    const { hub, outside, jobsDir } = await setup();
    const source = join(outside, 'report.json');
    await writeFile(source, job('Report'));
    const elsewhere = join(await tempDir(), 'written-through-the-link.json');
    await symlink(elsewhere, join(jobsDir, 'report.json'));
    const preview = await previewed(hub, source);

    await expect(hub.addJobFile(source, preview.hash)).rejects.toThrow(
      'the jobs folder already has a file named report.json: rename one of them first',
    );
    expect(existsSync(elsewhere)).toBe(false);
    expect(lstatSync(join(jobsDir, 'report.json')).isSymbolicLink()).toBe(true);
  });

  it('refuses, with the reason, names the library would never load', async () => {
    const { hub, outside, jobsDir } = await setup();
    const refusals: [string, string][] = [
      ['.hidden.json', 'starts with a dot, and the library skips hidden files'],
      ['~$report.json', 'starts with "~$", which Office uses for lock files'],
    ];
    for (const [name, reason] of refusals) {
      const source = join(outside, name);
      await writeFile(source, job(name));
      const preview = await previewed(hub, source);
      await expect(hub.addJobFile(source, preview.hash)).rejects.toThrow(reason);
      await expect(hub.addJobFile(source, preview.hash)).rejects.toThrow(
        'so it would never run. Rename it first.',
      );
      expect(existsSync(join(jobsDir, name))).toBe(false);
    }
  });

  it('lets one of two simultaneous adds win, whether they share a file name or a job name', async () => {
    const { hub, outside, jobsDir } = await setup();
    const a = join(outside, 'a');
    const b = join(outside, 'b');
    await mkdir(a);
    await mkdir(b);
    // Same file name from two folders.
    await writeFile(join(a, 'same.json'), job('First'));
    await writeFile(join(b, 'same.json'), job('Second'));
    // Same job name in two files.
    await writeFile(join(a, 'one.json'), job('Twin'));
    await writeFile(join(b, 'two.json'), job('Twin'));
    const files = [join(a, 'same.json'), join(b, 'same.json'), join(a, 'one.json'), join(b, 'two.json')];
    const previews = await Promise.all(files.map((file) => previewed(hub, file)));

    const results = await Promise.allSettled(
      files.map((file, i) => hub.addJobFile(file, previews[i]?.hash ?? '')),
    );

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(
      /already has a file named same\.json/,
    );
    expect(String((results[3] as PromiseRejectedResult).reason)).toMatch(
      /a job named "Twin" is already in the library/,
    );
    expect(existsSync(join(jobsDir, 'two.json'))).toBe(false);
    expect((await hub.listJobs()).every((entry) => entry.valid)).toBe(true);
  });
});
