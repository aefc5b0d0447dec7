import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { stat as realStat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as onDemand from '../../../../src/main/cli/start/fs-promises-on-demand';

const SRC = join(__dirname, '../../../../src');

/** The source's TypeScript files, with their text. */
function sources(dir = SRC): { file: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name)
      ? [{ file: relative(SRC, path), text: readFileSync(path, 'utf8') }]
      : [];
  });
}

/** Every value (not type) the source imports from node:fs/promises. */
function importedNames(): Set<string> {
  const names = new Set<string>();
  for (const { text } of sources())
    for (const [, list = ''] of text.matchAll(/^import \{([^}]*)\} from 'node:fs\/promises';/gm))
      for (const part of list.split(',').map((p) => p.trim()))
        if (part && !part.startsWith('type ')) names.add(part.split(/\s+as\s+/)[0] as string);
  return names;
}

describe("the command line's node:fs/promises, loaded at first use", () => {
  it('has every function the source imports from node:fs/promises (the bundle gives it to them instead)', () => {
    const names = importedNames();
    expect(names.size).toBeGreaterThan(0);
    const missing = [...names].filter(
      (name) => typeof (onDemand as Record<string, unknown>)[name] !== 'function',
    );
    expect(missing).toEqual([]);
    // No other form of import, which the bundle's rewrite would miss.
    const other = sources().filter(({ text }) =>
      /(import \* as \w+|import \w+) from 'node:fs\/promises'|require\('node:fs\/promises'\)|from 'fs\/promises'/.test(
        text,
      ),
    );
    expect(other.map(({ file }) => file)).toEqual([]);
  });

  it('answers as the real module does, errors included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ah-fsp-'));
    try {
      expect((await onDemand.stat(dir)).mtimeMs).toBe(statSync(dir).mtimeMs);
      expect((await onDemand.stat(dir)).isDirectory()).toBe((await realStat(dir)).isDirectory());
      await onDemand.mkdir(join(dir, 'a', 'b'), { recursive: true });
      expect(await onDemand.readdir(dir)).toEqual(['a']);
      await expect(onDemand.stat(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
