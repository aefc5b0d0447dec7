import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/main/core/store/write-file-atomic';
import { finishedRuns } from '../helpers/hub';
import { expectNoSurvivors, fixture, readPids } from '../helpers/processes';
import { endScenario, nodeJobFile, type Scenario, startScenario } from './scenario';
import { type StaticServer, serveFolder } from './static-server';
import { builtRenderer, launchChromium, screenshotBoth } from './window-harness';

const ownFixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

let browser: Browser;
let server: StaticServer;
let scenario: Scenario | undefined;

beforeAll(async () => {
  server = await serveFolder(builtRenderer());
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(async () => {
  const current = scenario;
  scenario = undefined;
  await endScenario(current);
});

async function start(options: Parameters<typeof startScenario>[2] = {}): Promise<Scenario> {
  scenario = await startScenario(browser, server.url, options);
  return scenario;
}

function tab(page: Page, name: 'Running' | 'Jobs' | 'History' | 'Settings') {
  return page.getByRole('tab', { name: new RegExp(`^${name}`) });
}

async function showTab(page: Page, name: 'Running' | 'Jobs' | 'History' | 'Settings'): Promise<void> {
  await tab(page, name).click();
  await page.locator(`[role=tabpanel][aria-labelledby=tab-${name.toLowerCase()}]`).waitFor();
}

/** Drags `fileName` (with `content`) over the window: resolves once the drop target shows. */
async function dragOver(page: Page, fileName: string, content: string) {
  const dataTransfer = await page.evaluateHandle(
    ({ name, text }) => {
      const g = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } };
        File: new (parts: string[], name: string, init: { type: string }) => unknown;
      };
      const transfer = new g.DataTransfer();
      transfer.items.add(
        new g.File([text], name, { type: name.endsWith('.json') ? 'application/json' : 'text/plain' }),
      );
      return transfer;
    },
    { name: fileName, text: content },
  );
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await page.dispatchEvent('body', 'dragover', { dataTransfer });
  await page.getByText('Drop a job file to preview it').waitFor();
  return {
    drop: () => page.dispatchEvent('body', 'drop', { dataTransfer }),
  };
}

describe('window: running jobs', () => {
  it('shows a running job with its status line and trigger, streams its log, cancels it, and lists it as cancelled', async () => {
    const s = await start({
      jobs: ({ pidFile, root }) => ({
        'copy.json': nodeJobFile('Copy files', fixture('job-status.mjs'), ['60000', pidFile]),
        'photos.json': nodeJobFile('Back up photos', ownFixture('talk.mjs'), [
          join(root, 'go'),
          '60000',
          '::status Scanning 1,204 photos',
        ]),
      }),
    });
    const { page } = s.window;

    await page.getByText('Nothing is running.').waitFor();
    await showTab(page, 'Jobs');
    await page.getByRole('button', { name: 'Run Copy files now' }).click();
    await page.getByRole('button', { name: 'Run Back up photos now' }).click();
    const [pid] = await readPids(s.pidFile, 1);
    expect(pid).toBeGreaterThan(0);

    await showTab(page, 'Running');
    const card = page.getByRole('listitem', { name: 'Copy files' });
    await card.getByText('Copying files').waitFor();
    await page.getByRole('listitem', { name: 'Back up photos' }).getByText('Scanning 1,204 photos').waitFor();
    const progress = card.getByRole('progressbar', { name: 'Copy files progress' });
    expect(await progress.evaluate((el) => (el as unknown as { value: number }).value)).toBe(40);
    expect(await card.textContent()).toContain('by hand');
    expect(await tab(page, 'Running').textContent()).toContain('2');
    await screenshotBoth(page, 'running');

    // The detail of a live run: its log so far, then what it prints next arrives as run-output.
    await card.getByRole('button', { name: 'Log of Copy files' }).click();
    const log = page.getByRole('region', { name: 'Copy files' }).locator('pre.log');
    await log.getByText('::progress 40 Copying files').waitFor();
    await page.locator('.chip.live').waitFor();
    const detailProgress = page.getByRole('region', { name: 'Copy files' }).getByRole('progressbar');
    expect(await detailProgress.evaluate((el) => (el as unknown as { value: number }).value)).toBe(40);
    expect(await detailProgress.isVisible()).toBe(true);
    await screenshotBoth(page, 'run-detail-live');
    await page.getByRole('button', { name: '← Back' }).click();

    // Output printed while the detail is open arrives through run-output events, once.
    await page.getByRole('button', { name: 'Log of Back up photos' }).click();
    const photosLog = page.getByRole('region', { name: 'Back up photos' }).locator('pre.log');
    await photosLog.getByText('::status Scanning 1,204 photos').waitFor();
    expect(await photosLog.textContent()).not.toContain('Copied 1,204 photos');
    // Atomically: talk.mjs polls for the file, and one written in place can be read between its creation and its
    // write, empty.
    writeFileAtomic(join(s.root, 'go'), 'Copied 1,204 photos to D:\\Backup');
    await photosLog.getByText('Copied 1,204 photos to D:\\Backup').waitFor();
    expect(await photosLog.textContent()).toBe(
      '::status Scanning 1,204 photos\nCopied 1,204 photos to D:\\Backup\n',
    );
    await page.getByRole('button', { name: '← Back' }).click();

    await card.getByRole('button', { name: 'Cancel Copy files' }).click();
    await card.waitFor({ state: 'detached' });
    await expectNoSurvivors([pid as number]);

    await showTab(page, 'History');
    const row = page.getByRole('button', { name: /^Copy files: Cancelled/ });
    await row.waitFor();
    expect(await row.getByRole('img', { name: 'Cancelled' }).count()).toBe(1);
    const history = await s.hub.getHistory({});
    expect(history.map((r) => [r.jobName, r.status])).toEqual([['Copy files', 'Cancelled']]);
  });

  it('lists a failing job with its exit code, filters failures, and shows the run message and log', async () => {
    const s = await start({
      jobs: () => ({
        'export.json': nodeJobFile('Nightly export', fixture('job-exit.mjs'), [
          '3',
          '0',
          'disk full: 0 bytes free on E:',
        ]),
        'report.json': nodeJobFile('Weekly report', fixture('job-exit.mjs'), ['0', '0', 'report written']),
        'slow.json': nodeJobFile('Slow sync', fixture('job-sleep.mjs'), ['60000'], { timeoutMinutes: 0.01 }),
      }),
    });
    const { page } = s.window;
    // A success and a time-out recorded before the window asks for anything.
    await s.hub.runJobAndWait('Weekly report');
    await s.hub.runJobAndWait('Slow sync');

    await showTab(page, 'Jobs');
    const finished = finishedRuns(s.hub, 'Nightly export', 1);
    await page.getByRole('button', { name: 'Run Nightly export now' }).click();
    const [failed] = await finished;
    expect(failed?.exitCode).toBe(3);

    await showTab(page, 'History');
    const row = page.getByRole('button', { name: /^Nightly export: Failed/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('exit 3');
    await page.getByRole('button', { name: /^Slow sync: Timed out/ }).waitFor();
    await page.getByRole('button', { name: /^Weekly report: Succeeded/ }).waitFor();
    await screenshotBoth(page, 'history');

    await page.getByLabel('Failures only').check();
    await page.getByText(/^2 failures$/).waitFor();
    expect(await page.getByRole('button', { name: /^Weekly report/ }).count()).toBe(0);
    await page.getByRole('button', { name: /^Slow sync: Timed out/ }).waitFor();

    await row.click();
    const detail = page.getByRole('region', { name: 'Nightly export' });
    await detail.locator('pre.log').getByText('disk full: 0 bytes free on E:').waitFor();
    const facts = await detail.locator('.facts').textContent();
    expect(facts?.toLowerCase()).toContain(failed?.message.toLowerCase());
    expect(facts).toMatch(/Exit code\s*3/);
    await screenshotBoth(page, 'run-detail');
    await detail.getByRole('button', { name: 'Open full log' }).click();
    await expect.poll(() => s.window.opened).toEqual([failed?.logPath]);
    expect(failed?.logPath && existsSync(failed.logPath)).toBe(true);

    // Clicking the failure's notification (main sends show-run) opens the same detail from anywhere.
    await page.getByRole('button', { name: '← Back' }).click();
    await showTab(page, 'Settings');
    await s.window.showRun(failed?.runId ?? '');
    await detail.locator('pre.log').getByText('disk full: 0 bytes free on E:').waitFor();
  });
});

describe('window: job library', () => {
  it('shows invalid files with file:line, field and message, and each job with triggers, chart and toggle', async () => {
    const s = await start({
      jobs: ({ root }) => ({
        'broken.json': [
          '{',
          '  "name": "Broken backup",',
          '  "process": {',
          `    "command": ${JSON.stringify(process.execPath)},`,
          '    "timeoutMinutes": -5',
          '  }',
          '}',
        ].join('\n'),
        // Each run takes 150 ms longer than the last, toward a 1.5 s timeout; the fifth run fails.
        'export.json': nodeJobFile(
          'Nightly export',
          ownFixture('creep.mjs'),
          [join(root, 'counter'), '150', '150', '4'],
          {
            description: 'Exports the day’s orders for the warehouse.',
            triggers: [{ type: 'schedule', cron: '0 2 * * *' }],
            timeoutMinutes: 0.025,
          },
        ),
        'inbox.json': nodeJobFile('Inbox import', fixture('job-exit.mjs'), ['0'], {
          triggers: [{ type: 'interval', everyMinutes: 15 }],
        }),
      }),
    });
    for (let run = 0; run < 6; run++) await s.hub.runJobAndWait('Nightly export');
    const { page } = s.window;
    await showTab(page, 'Jobs');

    const broken = page.getByRole('listitem', { name: 'broken.json' });
    await broken.waitFor();
    expect(await broken.locator('.problem-place').first().textContent()).toMatch(/^broken\.json:5(:\d+)?$/);
    expect(await broken.locator('.problem-field').first().textContent()).toBe('process.timeoutMinutes');
    expect(await broken.textContent()).toContain('must be ≥ 0 (got -5)');

    const job = page.getByRole('listitem', { name: 'Nightly export' });
    // The chart is drawn from the hub's recent runs: wait for all six.
    await job.getByRole('img', { name: /^Durations of the last 6 runs/ }).waitFor();
    expect(await job.locator('svg.duration-chart rect.bar').count()).toBe(6);
    expect(await job.locator('svg.duration-chart rect.bar-Failed').count()).toBe(1);
    expect(await job.locator('svg.duration-chart line.chart-timeout').count()).toBe(1);
    const chartLabel = await job.getByRole('img', { name: /^Durations/ }).getAttribute('aria-label');
    expect(chartLabel).toContain('timeout 1.5 s');
    expect(await job.textContent()).toMatch(/Succeeded\s*83%/);
    expect(await job.textContent()).toContain('Next run');
    expect(await page.getByRole('listitem', { name: 'Inbox import' }).textContent()).toContain(
      'every 15 min',
    );
    await screenshotBoth(page, 'jobs');

    // The toggle writes the job file: the hub reads it back and the library says so.
    const toggle = page
      .getByRole('listitem', { name: 'Inbox import' })
      .getByRole('switch', { name: 'Enabled' });
    expect(await toggle.isChecked()).toBe(true);
    await toggle.uncheck();
    await page
      .getByRole('listitem', { name: 'Inbox import' })
      .getByText('Disabled: no trigger starts it.')
      .waitFor();
    expect(JSON.parse(await readFile(join(s.jobsDir, 'inbox.json'), 'utf8')).enabled).toBe(false);
    expect((await s.hub.listJobs()).find((j) => j.name === 'Inbox import')?.enabled).toBe(false);
  });

  it('tells an empty library what to do next, and moves between tabs with the keyboard', async () => {
    const s = await start();
    const { page } = s.window;
    await page.getByText('Nothing is running.').waitFor();
    await tab(page, 'Running').focus();
    await page.keyboard.press('ArrowRight');
    const jobs = tab(page, 'Jobs');
    await page.getByText('No jobs yet.').waitFor();
    expect(await jobs.getAttribute('aria-selected')).toBe('true');
    expect(
      await jobs.evaluate(
        (el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement,
      ),
    ).toBe(true);
    expect(await page.getByRole('tabpanel').textContent()).toContain(s.jobsDir);
    await page.getByRole('button', { name: 'Open folder' }).click();
    await expect.poll(() => s.window.opened).toEqual([s.jobsDir]);
    await screenshotBoth(page, 'jobs-empty');
    await jobs.focus();
    await page.keyboard.press('End');
    expect(await tab(page, 'Settings').getAttribute('aria-selected')).toBe('true');
  });
});

describe('window: dropped job files', () => {
  it('previews a dropped job file, runs it, adds it to the library, and refuses what is not a job', async () => {
    const s = await start();
    const { page } = s.window;
    const job = nodeJobFile('Quick check', fixture('job-exit.mjs'), ['0', '0', 'all good'], {
      timeoutMinutes: 2,
    }) as { process: Record<string, unknown> };
    // The preview shows the environment too: PATH or ComSpec there change what a harmless command does.
    job.process.environment = { REPORT_DIR: '/srv/reports' };
    const text = JSON.stringify(job, null, 2);
    await writeFile(join(s.dropDir, 'quick-check.json'), text);

    let dragged = await dragOver(page, 'quick-check.json', text);
    await screenshotBoth(page, 'drop-target');
    await dragged.drop();
    const dialog = page.getByRole('dialog', { name: 'Quick check' });
    await dialog.waitFor();
    const facts = await dialog.textContent();
    expect(facts).toContain(process.execPath);
    expect(facts).toMatch(/Timeout\s*2 min/);
    expect(facts).toContain('REPORT_DIR=/srv/reports');
    await screenshotBoth(page, 'drop-preview');

    const finished = finishedRuns(s.hub, 'Quick check', 1);
    await dialog.getByRole('button', { name: 'Run' }).click();
    await dialog.waitFor({ state: 'detached' });
    const [result] = await finished;
    expect(result).toMatchObject({ status: 'CompletedSuccessfully', trigger: { kind: 'drop' } });
    await showTab(page, 'History');
    const row = page.getByRole('button', { name: /^Quick check: Succeeded/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('dropped quick-check.json');

    // Add to library copies it into the jobs folder; the Jobs view lists it.
    dragged = await dragOver(page, 'quick-check.json', text);
    await dragged.drop();
    await page
      .getByRole('dialog', { name: 'Quick check' })
      .getByRole('button', { name: 'Add to library' })
      .click();
    await page.getByRole('listitem', { name: 'Quick check' }).waitFor();
    expect(existsSync(join(s.jobsDir, 'quick-check.json'))).toBe(true);

    // Not JSON: refused in the window before the hub is asked.
    dragged = await dragOver(page, 'notes.txt', 'hello');
    await dragged.drop();
    const refused = page.getByRole('dialog', { name: 'notes.txt cannot run' });
    await refused.getByText('is not a job file').waitFor();
    await refused.getByRole('button', { name: 'Close' }).click();

    // JSON, but not a valid job: the hub's problems, with line and field.
    const bad = '{\n  "name": "Half done",\n  "process": { "comand": "backup.exe" }\n}\n';
    await writeFile(join(s.dropDir, 'half.json'), bad);
    dragged = await dragOver(page, 'half.json', bad);
    await dragged.drop();
    const problems = page.getByRole('dialog', { name: 'half.json cannot run' });
    await problems.locator('.problem').first().waitFor();
    expect(await problems.locator('.problem-place').first().textContent()).toMatch(/^half\.json:3/);
    expect(await problems.getByRole('button', { name: 'Run' }).count()).toBe(0);
    await screenshotBoth(page, 'drop-problems');
    await page.keyboard.press('Escape');
    await problems.waitFor({ state: 'detached' });
  });
});

describe('window: what runs is what was previewed', () => {
  it('refuses to add or run a dropped file that changed after its preview, and says why', async () => {
    const s = await start();
    const { page } = s.window;
    const text = JSON.stringify(nodeJobFile('Swapped', fixture('job-exit.mjs'), ['0']), null, 2);
    await writeFile(join(s.dropDir, 'swapped.json'), text);
    const dragged = await dragOver(page, 'swapped.json', text);
    await dragged.drop();
    // Exactly the job's name: the dialog reads "Reading swapped.json…" until the preview has been made.
    const dialog = page.getByRole('dialog', { name: 'Swapped', exact: true });
    await dialog.waitFor();
    // Someone replaces the file between the preview and the click.
    await writeFile(join(s.dropDir, 'swapped.json'), text.replace('"0"', '"7"'));

    await dialog.getByRole('button', { name: 'Add to library' }).click();
    await dialog.getByText('the file changed after it was previewed').waitFor();
    expect(existsSync(join(s.jobsDir, 'swapped.json'))).toBe(false);
    await dialog.getByRole('button', { name: 'Run' }).click();
    await page.getByText('the file changed after it was previewed').first().waitFor();
    expect(await s.hub.getHistory({})).toEqual([]);
    expect(s.hub.orchestrator.activeCount).toBe(0);
  });

  it('shows the preview of a job file the app was started with, and runs it only on Run', async () => {
    const s = await start();
    const { page } = s.window;
    const file = join(s.dropDir, 'from-explorer.json');
    await writeFile(
      file,
      JSON.stringify(nodeJobFile('From Explorer', fixture('job-exit.mjs'), ['0']), null, 2),
    );

    await s.window.showPreview(file);
    const dialog = page.getByRole('dialog', { name: 'From Explorer' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('from-explorer.json');
    expect(await s.hub.getHistory({})).toEqual([]);

    const finished = finishedRuns(s.hub, 'From Explorer', 1);
    await dialog.getByRole('button', { name: 'Run' }).click();
    const [result] = await finished;
    expect(result).toMatchObject({ status: 'CompletedSuccessfully', trigger: { kind: 'drop' } });
  });

  it('gives a script in the page no way to run a .json it was not shown', async () => {
    const s = await start();
    const { page } = s.window;
    const file = join(s.dropDir, 'never-shown.json');
    await writeFile(file, JSON.stringify(nodeJobFile('Never shown', fixture('job-exit.mjs'), ['0'])));
    const answers = await page.evaluate(async (path) => {
      const hub = (globalThis as unknown as { hub: Record<string, (...args: unknown[]) => Promise<unknown>> })
        .hub;
      return Promise.all([
        hub.runJobFile?.(path, 'a'.repeat(64)),
        hub.addJobFile?.(path, 'a'.repeat(64)),
        hub.runJobFile?.(path),
      ]);
    }, file);
    expect(answers).toEqual([
      { ok: false, error: expect.stringMatching(/was not previewed here/) },
      { ok: false, error: expect.stringMatching(/was not previewed here/) },
      { ok: false, error: expect.stringMatching(/^runJobFile:/) },
    ]);
    expect(await s.hub.getHistory({})).toEqual([]);
  });
});

describe('window: settings', () => {
  it('saves settings in the hub, keeps them across a reload, and shows a refused value next to its field', async () => {
    const s = await start();
    const { page } = s.window;
    await showTab(page, 'Settings');
    expect(await page.getByRole('group', { name: 'Jobs folder' }).textContent()).toContain(s.jobsDir);

    const max = page.getByLabel('Max concurrent jobs');
    expect(await max.inputValue()).toBe('4');
    await max.fill('7');
    await max.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect((await s.hub.getSettings()).maxConcurrentJobs).toBe(7);
    await page.getByLabel('succeeds').check();
    await expect.poll(async () => (await s.hub.getSettings()).notifications.onSuccess).toBe(true);

    await page.reload();
    await showTab(page, 'Settings');
    expect(await page.getByLabel('Max concurrent jobs').inputValue()).toBe('7');
    expect(await page.getByLabel('succeeds').isChecked()).toBe(true);
    const onDisk = JSON.parse(await readFile(join(s.dataDir, 'settings.json'), 'utf8'));
    expect(onDisk).toMatchObject({ maxConcurrentJobs: 7, notifications: { onSuccess: true } });

    const field = page.getByLabel('Max concurrent jobs');
    await field.fill('0');
    await field.press('Enter');
    const error = page.locator('#setting-maxConcurrentJobs-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/^Must be .*between 1 and 64 \(got 0\)$/);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.inputValue()).toBe('0');
    expect((await s.hub.getSettings()).maxConcurrentJobs).toBe(7);
    await screenshotBoth(page, 'settings');

    await page.getByRole('group', { name: 'Jobs folder' }).getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => s.window.opened).toEqual([s.jobsDir]);

    // Triggers paused from the tray: the window says so and can resume them.
    await s.hub.setTriggersPaused(true);
    const banner = page.getByRole('status').filter({ hasText: 'Triggers are paused' });
    await banner.getByRole('button', { name: 'Resume' }).click();
    await banner.waitFor({ state: 'detached' });
    expect(s.hub.paused).toBe(false);
  });
});
