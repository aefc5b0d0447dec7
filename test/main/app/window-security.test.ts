import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { isPermissionAllowed } from '../../../src/main/app/model/permissions';
import { mainWindowOptions, WINDOW_HEIGHT, WINDOW_WIDTH } from '../../../src/main/app/model/window-options';

describe('main window options', () => {
  const options = mainWindowOptions({ preload: '/app/out/preload/index.cjs', icon: '/app/assets/icon.ico' });

  it('is a small window that starts hidden', () => {
    expect(WINDOW_WIDTH).toBe(480);
    expect(WINDOW_HEIGHT).toBe(640);
    expect(options).toMatchObject({ width: 480, height: 640, show: false, title: 'Automation Hub' });
    expect(options.icon).toBe('/app/assets/icon.ico');
    expect(mainWindowOptions({ preload: 'p' })).not.toHaveProperty('icon');
  });

  it('isolates and sandboxes the renderer, without Node, with web security', () => {
    expect(options.webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    });
  });

  it('grants no web permission but writing to the clipboard', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write')).toBe(true);
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'fileSystem',
      'clipboard-read',
    ]) {
      expect(isPermissionAllowed(permission)).toBe(false);
    }
  });
});

/** The renderer's Content-Security-Policy meta tag, parsed into directive → sources. */
async function cspOf(file: string): Promise<Map<string, string[]>> {
  const html = await readFile(file, 'utf8');
  const tags = html.match(/<meta\s[^>]*http-equiv=["']Content-Security-Policy["'][^>]*>/gi) ?? [];
  expect(tags, `${file} must have exactly one CSP meta tag`).toHaveLength(1);
  const content = /content=(["'])(.*?)\1/is.exec(tags[0] ?? '')?.[2] ?? '';
  return new Map(
    content
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name = '', ...sources]) => [name.toLowerCase(), sources]),
  );
}

function expectStrict(csp: Map<string, string[]>): void {
  expect(['none', 'self'].map((s) => [`'${s}'`])).toContainEqual(csp.get('default-src'));
  for (const [directive, sources] of csp) {
    for (const source of sources) {
      // Only keywords ('self', 'none') and the data: scheme for images: no hosts, no wildcards, no eval.
      const allowed =
        ["'self'", "'none'"].includes(source) || (directive === 'img-src' && source === 'data:');
      expect(allowed, `${directive} ${source}`).toBe(true);
    }
  }
  expect(csp.get('script-src') ?? csp.get('default-src')).not.toContain("'unsafe-inline'");
}

describe('renderer Content-Security-Policy', () => {
  it('is strict in src/renderer/index.html: self or none only, no eval, no remote hosts', async () => {
    expectStrict(await cspOf('src/renderer/index.html'));
  });

  it('survives the build (out/renderer/index.html)', async () => {
    const built = await readFile('out/renderer/index.html', 'utf8').catch(() => null);
    if (built === null) throw new Error('out/renderer/index.html is missing: run npm run build first');
    expectStrict(await cspOf('out/renderer/index.html'));
    // No inline script slipped in (the CSP would block it, and the window would stay blank).
    expect(built).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
  });

  it('is checked by a test that can fail', () => {
    const lax = new Map([
      ['default-src', ["'self'"]],
      ['script-src', ["'self'", "'unsafe-eval'"]],
    ]);
    expect(() => expectStrict(lax)).toThrow();
    expect(() => expectStrict(new Map([['default-src', ["'self'", 'https://cdn.example']]]))).toThrow();
    expect(() => expectStrict(new Map([['default-src', ['*']]]))).toThrow();
  });
});
