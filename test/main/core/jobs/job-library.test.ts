import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { isJobFileName, JobLibrary, type LibraryChange } from '../../../../src/main/core/jobs/job-library';
import { useTempDirs } from '../../../helpers/temp';
import { waitFor } from '../../../helpers/wait-for';

const tempDir = useTempDirs();
const libraries: JobLibrary[] = [];
afterEach(async () => {
  await Promise.all(libraries.splice(0).map((library) => library.stop()));
});

const jobText = (name: string, extra: object = {}) =>
  JSON.stringify({ name, process: { command: process.execPath }, ...extra });

/** A jobs folder with these files, and a library over it that records its change events. */
async function folder(files: Record<string, string> = {}) {
  const dir = await tempDir();
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  const library = new JobLibrary(dir, { debounceMs: 20, rescanEveryMs: 60_000 });
  libraries.push(library);
  const changes: LibraryChange[] = [];
  library.events.on((change) => changes.push(change));
  return { dir, library, changes, names: () => library.runnable().map((entry) => entry.job.name) };
}

describe('JobLibrary', () => {
  it('loads every *.json of the folder, valid or not, sorted by file name', async () => {
    const { dir, library } = await folder({
      'b-backup.json': jobText('Backup'),
      'A-EXPORT.JSON': jobText('Export'),
      'c-broken.json': '{ "name": "Broken", "process": { "command": "x", "timeoutMinutes": -5 } }',
      'notes.txt': 'not a job',
      '~$b-backup.json': 'an editor lock file',
      '.hidden.json': jobText('Hidden'),
    });
    await library.start();

    expect(library.entries().map((e) => [e.fileName, e.job?.name ?? null, e.problems.length])).toEqual([
      ['A-EXPORT.JSON', 'Export', 0],
      ['b-backup.json', 'Backup', 0],
      ['c-broken.json', null, 1],
    ]);
    expect(library.entries()[2]?.problems[0]).toMatchObject({
      file: 'c-broken.json',
      field: 'process.timeoutMinutes',
    });
    expect(library.runnable().map((r) => [r.job.name, r.file])).toEqual([
      ['Export', join(dir, 'A-EXPORT.JSON')],
      ['Backup', join(dir, 'b-backup.json')],
    ]);
    expect(library.get('Backup')?.file).toBe(join(dir, 'b-backup.json'));
    expect(library.get('Broken')).toBeUndefined();
  });

  it('reports two files with one job name, runs neither, and runs both once one is renamed', async () => {
    const { dir, library, names } = await folder({
      'nightly.json': jobText('Nightly'),
      'nightly-copy.json': jobText('Nightly'),
      'other.json': jobText('Other'),
    });
    await library.rescan();
    const [copy, original] = library.entries();
    expect(copy?.problems).toEqual([
      {
        file: 'nightly-copy.json',
        field: 'name',
        message: '"Nightly" is also the name of nightly.json: rename one; neither runs until then',
      },
    ]);
    expect(original?.problems[0]?.message).toContain('is also the name of nightly-copy.json');
    expect(copy?.job?.name).toBe('Nightly');
    expect(names()).toEqual(['Other']);
    expect(library.get('Nightly')).toBeUndefined();

    await writeFile(join(dir, 'nightly-copy.json'), jobText('Nightly copy'));
    await library.rescan();
    expect(names()).toEqual(['Nightly copy', 'Nightly', 'Other']);
  });

  it('treats names that differ only in case as one name: both reported, neither runs, found in any case', async () => {
    const { dir, library, names } = await folder({
      'a-same.json': jobText('Same'),
      'b-same.json': jobText('same'),
      'inbox.json': jobText('Inbox'),
    });
    await library.rescan();
    const [upper, lower] = library.entries();
    expect(upper?.problems.map((p) => p.message)).toEqual([
      '"Same" is also the name of b-same.json ("same"; case does not count): rename one; neither runs until then',
    ]);
    expect(lower?.problems.map((p) => p.message)).toEqual([
      '"same" is also the name of a-same.json ("Same"; case does not count): rename one; neither runs until then',
    ]);
    expect(names()).toEqual(['Inbox']);
    expect(library.get('inbox')?.file).toBe(join(dir, 'inbox.json'));
    expect(library.get('INBOX')?.job.name).toBe('Inbox');
    expect(library.named('SAME')?.fileName).toBe('a-same.json');
  });

  it('says which files load again after a moment without loading (a save caught half-way, a fix)', async () => {
    const { dir, library, changes } = await folder({ 'backup.json': jobText('Backup') });
    await library.start();
    // An editor truncates the file before writing it: for a moment it is empty.
    await writeFile(join(dir, 'backup.json'), '');
    await waitFor(() => library.entries()[0]?.problems.length === 1);
    expect(changes.at(-1)).toEqual({
      type: 'library-changed',
      files: [join(dir, 'backup.json')],
      recovered: [],
    });
    await writeFile(join(dir, 'backup.json'), jobText('Backup', { description: 'saved' }));
    await waitFor(() => library.entries()[0]?.problems.length === 0);
    expect(changes.at(-1)).toEqual({
      type: 'library-changed',
      files: [join(dir, 'backup.json')],
      recovered: [join(dir, 'backup.json')],
    });
    // A duplicate name resolved by renaming the other file: the untouched file loads again too.
    await writeFile(join(dir, 'copy.json'), jobText('backup'));
    await waitFor(() => library.get('Backup') === undefined);
    await writeFile(join(dir, 'copy.json'), jobText('Backup copy'));
    await waitFor(() => library.get('Backup') !== undefined);
    expect(changes.at(-1)?.recovered.sort()).toEqual([join(dir, 'backup.json'), join(dir, 'copy.json')]);
  });

  it('takes additions, edits, renames and deletions without a restart, announcing the files that changed', async () => {
    const { dir, library, changes, names } = await folder({ 'one.json': jobText('One') });
    await library.start();
    expect(names()).toEqual(['One']);

    // Files that are not jobs come and go unnoticed; they are written first, so they are handled first.
    await writeFile(join(dir, 'notes.txt'), 'not a job');
    await writeFile(join(dir, '~$one.json'), 'an editor lock file');
    await writeFile(join(dir, 'two.json'), jobText('Two'));
    await waitFor(() => names().includes('Two'), { what: 'two.json was loaded' });
    expect(changes.at(-1)).toEqual({
      type: 'library-changed',
      files: [join(dir, 'two.json')],
      recovered: [],
    });
    expect(library.entries().map((e) => e.fileName)).toEqual(['one.json', 'two.json']);

    await writeFile(join(dir, 'one.json'), jobText('One', { description: 'edited' }));
    await waitFor(() => library.get('One')?.job.description === 'edited', { what: 'the edit was read' });

    await rename(join(dir, 'two.json'), join(dir, 'deux.json'));
    await waitFor(() => library.entries().some((e) => e.fileName === 'deux.json'), { what: 'the rename' });
    await waitFor(() => !library.entries().some((e) => e.fileName === 'two.json'), {
      what: 'the old name left',
    });

    await rm(join(dir, 'one.json'));
    await waitFor(() => !names().includes('One'), { what: 'one.json was dropped' });
    expect(names()).toEqual(['Two']);
  });

  it('rescans: finds what changed while nothing watched, and re-reads only changed files', async () => {
    const { dir, library, changes } = await folder({ 'a.json': jobText('A'), 'b.json': jobText('B') });
    await library.rescan();
    expect(changes).toEqual([
      { type: 'library-changed', files: [join(dir, 'a.json'), join(dir, 'b.json')], recovered: [] },
    ]);

    await library.rescan();
    expect(changes).toHaveLength(1);

    await writeFile(join(dir, 'b.json'), jobText('B', { description: 'a longer file than before' }));
    await writeFile(join(dir, 'c.json'), jobText('C'));
    await library.rescan();
    expect(changes.at(-1)?.files.sort()).toEqual([join(dir, 'b.json'), join(dir, 'c.json')]);
  });

  it('keeps working when the folder is missing, and loads it once it exists', async () => {
    const parent = await tempDir();
    const dir = join(parent, 'jobs');
    const library = new JobLibrary(dir, { debounceMs: 20 });
    libraries.push(library);
    await library.rescan();
    expect(library.entries()).toEqual([]);
    await mkdir(dir);
    await writeFile(join(dir, 'late.json'), jobText('Late'));
    await library.rescan();
    expect(library.runnable().map((r) => r.job.name)).toEqual(['Late']);
  });

  it('announces nothing after stop', async () => {
    const { dir, library, changes } = await folder({ 'a.json': jobText('A') });
    await library.start();
    const seen = changes.length;
    await library.stop();
    await writeFile(join(dir, 'b.json'), jobText('B'));
    await sleep(300);
    expect(changes).toHaveLength(seen);
  });
});

describe('isJobFileName', () => {
  it('accepts .json in any case, refuses editor lock files, hidden files and other types', () => {
    expect(
      ['backup.json', 'BACKUP.JSON', 'C:\\jobs\\Nightly.Json', '/data/jobs/a b.json'].map(isJobFileName),
    ).toEqual([true, true, true, true]);
    expect(
      ['~$backup.json', '.backup.json', 'backup.json.tmp', 'backup.jsonc', 'backup'].map(isJobFileName),
    ).toEqual([false, false, false, false, false]);
  });
});
