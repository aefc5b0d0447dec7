import path from 'node:path';
import { loadConfigFromFile } from 'electron-vite';
import type { Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../renderer/window-harness';

// `npm start` serves the window from Vite's dev server, which injects the page's CSS as <style> elements. The
// window's Content-Security-Policy allows only its own styles; in development a nonce lets Vite's in. This
// loads the dev server's page in real Chromium with electron.vite.config.ts's renderer settings.

const root = path.resolve(import.meta.dirname, '../..');

async function rendererConfig(command: 'serve' | 'build') {
  const loaded = await loadConfigFromFile(
    { command, mode: command === 'serve' ? 'development' : 'production' },
    path.join(root, 'electron.vite.config.ts'),
  );
  const renderer = loaded.config.renderer;
  if (!renderer) throw new Error('electron.vite.config.ts has no renderer config');
  return renderer;
}

describe("the window's Content-Security-Policy under the dev server", () => {
  let browser: Browser;
  let server: ViteDevServer;
  beforeAll(async () => {
    browser = await launchChromium();
    const { build: _build, ...renderer } = await rendererConfig('serve');
    server = await createServer({
      ...renderer,
      configFile: false,
      logLevel: 'silent',
      server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
    });
    await server.listen();
  });
  afterAll(async () => {
    await server?.close();
    await browser?.close();
  });

  it("applies the page's styles, with no CSP violation", async () => {
    const page = await browser.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
    });
    const address = server.httpServer?.address();
    if (!address || typeof address === 'string') throw new Error('the dev server has no port');
    await page.goto(`http://127.0.0.1:${address.port}/`);
    // base.css sets the root font size: it is the page's style, not Chromium's default 16px. (Page code as
    // strings: this file is type-checked without the DOM.)
    await page.waitForFunction("document.querySelectorAll('style').length > 0");
    await page.waitForFunction("getComputedStyle(document.documentElement).fontSize === '14px'", null, {
      timeout: 10_000,
    });
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    expect(csp).toMatch(/style-src 'nonce-[A-Za-z0-9+/=]+' 'self'/);
    expect(refused).toEqual([]);
    await page.close();
  });

  it('keeps the strict policy in the built window: no nonce outside the dev server', async () => {
    const renderer = await rendererConfig('build');
    expect(renderer.html?.cspNonce).toBeUndefined();
    expect(renderer.plugins ?? []).toEqual([]);
  });
});
