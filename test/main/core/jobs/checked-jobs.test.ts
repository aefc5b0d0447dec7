import { chmodSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkedJobsIn, readCheckedJobFile } from '../../../../src/main/core/jobs/checked-jobs';
import type { JobDefinition } from '../../../../src/shared/job-schema';
import { useTempDirs } from '../../../helpers/temp';

const tempDir = useTempDirs();
const JOB = { name: 'Nightly', process: { command: 'x' } };
const parsed = { ...JOB, enabled: true } as unknown as JobDefinition;

describe('checked jobs', () => {
  it('answers only for the same build, the same file and the very same text', async () => {
    const folder = join(await tempDir(), 'checked');
    const checked = checkedJobsIn(folder, 'build 1');
    if (!checked) throw new Error('no cache');
    checked.keep('/jobs/a.json', '{"a": 1}', parsed);
    expect(checked.find('/jobs/a.json', '{"a": 1}')).toEqual(parsed);
    expect(checked.find('/jobs/a.json', '{"a": 2}')).toBeNull();
    expect(checked.find('/jobs/b.json', '{"a": 1}')).toBeNull();
    expect(checkedJobsIn(folder, 'build 2')?.find('/jobs/a.json', '{"a": 1}')).toBeNull();
    if (process.platform !== 'win32') {
      expect(statSync(folder).mode & 0o777).toBe(0o700);
      for (const name of readdirSync(folder)) expect(statSync(join(folder, name)).mode & 0o777).toBe(0o600);
    }
  });

  it('ignores an entry it cannot read, and keeps no more than its limit, dropping the oldest', async () => {
    const folder = join(await tempDir(), 'checked');
    const checked = checkedJobsIn(folder, 'b');
    if (!checked) throw new Error('no cache');
    checked.keep('/jobs/a.json', 'text', parsed);
    for (const name of readdirSync(folder))
      writeFileSync(join(folder, name), '{"build": "b", "file": "/jobs/a.json"');
    expect(checked.find('/jobs/a.json', 'text')).toBeNull();
    for (let i = 1; i < 200; i++) checked.keep(`/jobs/${i}.json`, 'text', parsed);
    expect(readdirSync(folder)).toHaveLength(200);
    // Some entries look old; the next keep goes over the limit and drops the oldest, down to half the limit.
    const old = readdirSync(folder).slice(0, 50);
    for (const name of old) utimesSync(join(folder, name), 1, 1);
    checked.keep('/jobs/new.json', 'text', parsed);
    const left = readdirSync(folder);
    expect(left).toHaveLength(100);
    for (const name of old) expect(left).not.toContain(name);
    expect(checked.find('/jobs/new.json', 'text')).toEqual(parsed);
  });

  it.skipIf(process.platform === 'win32')(
    'keeps nothing in a folder others can write to, or in one under such a folder',
    async () => {
      const folder = join(await tempDir(), 'checked');
      mkdirSync(folder);
      chmodSync(folder, 0o777);
      expect(checkedJobsIn(folder, 'b')).toBeNull();
      const shared = join(await tempDir(), 'shared');
      mkdirSync(shared);
      chmodSync(shared, 0o777);
      expect(checkedJobsIn(join(shared, 'checked'), 'b')).toBeNull();
    },
  );

  it('judges a file it has not seen, keeps it when valid, and explains a changed one afresh', async () => {
    const dir = await tempDir();
    const checked = checkedJobsIn(join(dir, 'checked'), 'b');
    const file = join(dir, 'job.json');
    writeFileSync(file, JSON.stringify(JOB));
    const first = await readCheckedJobFile(file, checked);
    expect(first.ok).toBe(true);
    expect(readdirSync(join(dir, 'checked'))).toHaveLength(1);
    expect(await readCheckedJobFile(file, checked)).toEqual(first);
    // Same size, same time stamp, one character different: judged again.
    const before = statSync(file);
    writeFileSync(file, JSON.stringify({ ...JOB, name: '' }).replace('""', '" "'));
    utimesSync(file, before.atime, before.mtime);
    const changed = await readCheckedJobFile(file, checked);
    expect(changed.ok).toBe(false);
    if (!changed.ok) expect(changed.problems[0]?.field).toBe('name');
    expect(await readCheckedJobFile(join(dir, 'missing.json'), checked)).toMatchObject({ ok: false });
  });
});
