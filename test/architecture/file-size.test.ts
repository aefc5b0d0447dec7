import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const LIMIT = 300;

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    return entry.isDirectory() ? filesUnder(relative) : [relative];
  });
}

function lineCount(file: string): number {
  const text = readFileSync(path.join(root, file), 'utf8');
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** The exceptions listed in docs/architecture.md between its file-size-exceptions markers: path → reason. */
function listedExceptions(
  doc = readFileSync(path.join(root, 'docs/architecture.md'), 'utf8'),
): Map<string, string> {
  const section = /<!-- file-size-exceptions[^>]*-->([\s\S]*?)<!-- \/file-size-exceptions -->/.exec(doc)?.[1];
  if (section === undefined) throw new Error('docs/architecture.md has no file-size-exceptions section');
  return new Map(
    [...section.matchAll(/^- `([^`]+)` — (.+)$/gm)].map((match) => [match[1] as string, match[2] as string]),
  );
}

describe(`files under src/ stay under ${LIMIT} lines (docs/architecture.md, Files)`, () => {
  const sizes = new Map(filesUnder('src').map((file) => [file, lineCount(file)]));
  const exceptions = listedExceptions();

  it('has no file over the limit that is not listed with its reason', () => {
    const over = [...sizes]
      .filter(([file, lines]) => lines > LIMIT && !exceptions.has(file))
      .map(([file, lines]) => `${file}: ${lines} lines`);
    expect(over, 'split the file, or list it with the reason in docs/architecture.md').toEqual([]);
  });

  it('lists only files that exist and are still over the limit', () => {
    const stale = [...exceptions.keys()]
      .filter((file) => (sizes.get(file) ?? 0) <= LIMIT)
      .map((file) => `${file}: ${sizes.has(file) ? `${sizes.get(file)} lines` : 'gone'}`);
    expect(stale, 'remove it from the exceptions in docs/architecture.md').toEqual([]);
  });

  it('reads the exceptions list as the document writes it (the check sees what the document says)', () => {
    const sample = [
      '<!-- file-size-exceptions: one line per file -->',
      '- `src/a.ts` — generated from the schema, kept whole so that it diffs as one',
      '<!-- /file-size-exceptions -->',
    ].join('\n');
    expect([...listedExceptions(sample)]).toEqual([
      ['src/a.ts', 'generated from the schema, kept whole so that it diffs as one'],
    ]);
    for (const reason of exceptions.values()) expect(reason.length).toBeGreaterThan(20);
  });
});
