import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { Hub } from '../../src/main/core/hub/hub';
import { installBridge } from './bridge-harness';

/** The built window (`npm run build` writes it; `npm test` builds before running vitest). */
export const RENDERER_DIR = fileURLToPath(new URL('../../out/renderer/', import.meta.url));
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
// Debian's Chromium (npm run test:deps); CHROMIUM_PATH points elsewhere, e.g. at Chrome on a Windows CI runner.
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The folder of the built renderer; throws telling what to do when it was never built. */
export function builtRenderer(dir = RENDERER_DIR): string {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    throw new Error(`${index} does not exist: run npm run build (npm test builds before testing)`);
  }
  return dir;
}

/** Debian's Chromium, headless, with nothing that phones home; one per test file. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: run npm run test:deps (installs Debian's chromium package) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The app window's size. */
export const WINDOW_SIZE = { width: 480, height: 640 };

export interface HubWindow {
  page: Page;
  context: BrowserContext;
  /** Paths the window asked the desktop to open (shell.openPath in the app). */
  opened: string[];
  /** What main does when a notification or tray entry for a run is clicked. */
  showRun(runId: string): Promise<void>;
  /** What main does when the app is started with a job file: previews it and shows the preview. */
  showPreview(file: string): Promise<void>;
  /** Console errors and uncaught page errors: a test fails if the window logged any. */
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * Opens the built window in a fresh browser context whose `window.hub` is backed by `hub`. Every
 * request the page makes to anywhere but the local server is recorded as an error (the window must be
 * self-contained).
 */
export async function openWindow(
  browser: Browser,
  url: string,
  options: { hub: Hub; dropDir: string },
): Promise<HubWindow> {
  const context = await browser.newContext({
    viewport: WINDOW_SIZE,
    locale: 'en-GB',
    colorScheme: 'light',
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(10_000);
  const origin = new URL(url).origin;
  const bridge = await installBridge(context, { ...options, origin });
  const pageErrors: string[] = [];
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => pageErrors.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    if (!request.url().startsWith(origin)) pageErrors.push(`request to ${request.url()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) pageErrors.push(`${response.status()} for ${response.url()}`);
  });
  await page.goto(url);
  return {
    page,
    context,
    opened: bridge.opened,
    showRun: (runId) => bridge.showRun(page, runId),
    showPreview: (file) => bridge.showPreview(page, file),
    pageErrors,
    async close() {
      bridge.detach();
      await context.close();
    },
  };
}

/** Screenshots are written into the repository only when asked: `UPDATE_SCREENSHOTS=1 npm test`. */
export const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';

/**
 * Renders the window as it is now in light and dark mode. With UPDATE_SCREENSHOTS=1 it writes them to
 * docs/screenshots/<name>-light.png and -dark.png (and returns their paths); otherwise it renders both the same
 * way and writes nothing, so a test run leaves the working tree as it found it.
 */
export async function screenshotBoth(page: Page, name: string): Promise<string[]> {
  if (UPDATE_SCREENSHOTS) await mkdir(SCREENSHOT_DIR, { recursive: true });
  const written: string[] = [];
  // Park the pointer on the title so that no button is caught in its hover state.
  await page.mouse.move(2, 2);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const path = join(SCREENSHOT_DIR, `${name}-${colorScheme}.png`);
    await page.screenshot({ ...(UPDATE_SCREENSHOTS ? { path } : {}), animations: 'disabled', caret: 'hide' });
    if (UPDATE_SCREENSHOTS) written.push(path);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return written;
}
