import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendBounded, joinAtSeam, LIVE_LOG_MAX_CHARS } from '../../src/renderer/state/log-stream';
import { serveFolder } from './static-server';
import { builtRenderer } from './window-harness';

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hub-harness-'));
  made.push(dir);
  return dir;
}

describe('browser test harness', () => {
  it('refuses to test a window that was never built, saying how to build it', async () => {
    const dir = await tempDir();
    expect(() => builtRenderer(join(dir, 'renderer'))).toThrow(
      /index\.html does not exist: run npm run build/,
    );
  });

  it('serves only files inside the renderer folder', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'site'));
    await writeFile(join(dir, 'site', 'index.html'), '<p>hi</p>');
    await writeFile(join(dir, 'secret.txt'), 'no');
    const server = await serveFolder(join(dir, 'site'));
    try {
      const index = await fetch(server.url);
      expect(index.headers.get('content-type')).toContain('text/html');
      expect(await index.text()).toBe('<p>hi</p>');
      expect((await fetch(`${server.url}..%2fsecret.txt`)).status).toBe(404);
      expect((await fetch(`${server.url}missing.js`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe('live log seam', () => {
  it('drops whole lines the snapshot already ends with', () => {
    expect(joinAtSeam('a\nb\nc\n', 'b\nc\nd\n')).toBe('a\nb\nc\nd\n');
    expect(joinAtSeam('a\nb\n', 'b\n')).toBe('a\nb\n');
  });

  it('keeps new text that only looks like the end of a line', () => {
    // "c\n" matches the end of "abc\n" but not a whole line of it.
    expect(joinAtSeam('abc\n', 'c\nd\n')).toBe('abc\nc\nd\n');
    expect(joinAtSeam('a\nb', 'b\n')).toBe('a\nbb\n');
    expect(joinAtSeam('', 'x\n')).toBe('x\n');
  });

  it('bounds the streamed text, cutting at a line start', () => {
    const line = `${'x'.repeat(99)}\n`;
    const { text, cut } = appendBounded(line.repeat(LIVE_LOG_MAX_CHARS / 100), line.repeat(10));
    expect(cut).toBe(true);
    expect(text.length).toBeLessThanOrEqual(LIVE_LOG_MAX_CHARS);
    expect(text.startsWith('x')).toBe(true);
    expect(appendBounded('a\n', 'b\n')).toEqual({ text: 'a\nb\n', cut: false });
  });
});
