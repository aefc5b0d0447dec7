import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCacheFolder } from '../../../../src/main/cli/start/cache-folder';
import { cliWithCache } from '../../../helpers/cli';
import { useTempDirs } from '../../../helpers/temp';

const tempDir = useTempDirs();

const validate = (cacheHome: string, jobFile: string) => cliWithCache(cacheHome, 'validate', jobFile);

describe('the command line’s compile cache', () => {
  it('lives in the user’s cache folder, never the data folder', () => {
    expect(compileCacheFolder({ XDG_CACHE_HOME: '/x/cache' }, 'linux', '/home/u')).toBe(
      '/x/cache/automation-hub/cli',
    );
    expect(compileCacheFolder({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/u')).toBe(
      '/home/u/.cache/automation-hub/cli',
    );
    expect(
      compileCacheFolder({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'),
    ).toBe('C:\\Users\\u\\AppData\\Local\\Automation Hub\\Cache\\cli');
  });

  it('keeps what a command compiled, private; a damaged cache is compiled again, not trusted', async () => {
    const cacheHome = await tempDir();
    const job = join(await tempDir(), 'ok.json');
    writeFileSync(job, JSON.stringify({ name: 'Ok', process: { command: 'x' } }));
    expect(validate(cacheHome, job).status).toBe(0);
    const root = join(cacheHome, 'automation-hub', 'cli');
    // A folder per command: each keeps the compiled code of what it ran itself.
    expect(readdirSync(root)).toEqual(['validate']);
    expect(cliWithCache(cacheHome, 'schema').status).toBe(0);
    expect(readdirSync(root).sort()).toEqual(['schema', 'validate']);
    const folder = join(root, 'validate');
    const files = readdirSync(folder);
    expect(files.length).toBeGreaterThan(0);
    if (process.platform !== 'win32') {
      for (const dir of [root, folder]) expect(statSync(dir).mode & 0o777).toBe(0o700);
      for (const name of files) expect(statSync(join(folder, name)).mode & 0o777).toBe(0o600);
    }
    for (const name of files) writeFileSync(join(folder, name), 'not V8 code');
    const again = validate(cacheHome, job);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('ok');
  });

  it.skipIf(process.platform === 'win32')(
    'writes nothing into a cache folder others can write to',
    async () => {
      const cacheHome = await tempDir();
      const folder = join(cacheHome, 'automation-hub', 'cli');
      mkdirSync(folder, { recursive: true });
      chmodSync(folder, 0o777);
      const job = join(await tempDir(), 'ok.json');
      writeFileSync(job, JSON.stringify({ name: 'Ok', process: { command: 'x' } }));
      expect(validate(cacheHome, job).status).toBe(0);
      expect(readdirSync(folder)).toEqual([]);
    },
  );
});
