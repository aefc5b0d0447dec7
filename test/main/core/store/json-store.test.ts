import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openJsonStore } from '../../../../src/main/core/store/json-store';
import { useTempDirs } from '../../../helpers/temp';

const schema = z.object({ count: z.number().int().min(0), names: z.array(z.string()) });
const defaults = { count: 0, names: [] as string[] };

describe('openJsonStore', () => {
  const tempDir = useTempDirs();
  const open = (dir: string, problems: string[] = []) =>
    openJsonStore({
      dir,
      name: 'thing',
      schema: () => schema,
      defaults,
      onProblem: (m) => problems.push(m),
      describeDefaults: 'no things',
    });

  it('starts from defaults without a file, and set() writes the file before returning', async () => {
    const dir = await tempDir();
    const store = open(dir);
    expect(store.path).toBe(path.join(dir, 'thing.json'));
    expect(store.get()).toEqual(defaults);
    store.set({ count: 2, names: ['a'] });
    expect(JSON.parse(readFileSync(store.path, 'utf8'))).toEqual({ count: 2, names: ['a'] });
    expect(store.update((v) => ({ ...v, count: v.count + 1 }))).toEqual({ count: 3, names: ['a'] });
    expect(open(dir).get()).toEqual({ count: 3, names: ['a'] });
    // The atomic write leaves no temp file behind.
    expect(readdirSync(dir)).toEqual(['thing.json']);
  });

  it('builds its schema only for a file that needs checking, and a schema that cannot be built harms no file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'thing.json');
    let built = 0;
    const openWith = (make: () => typeof schema) =>
      openJsonStore({ dir, name: 'thing', schema: make, defaults, onProblem: () => {} });
    const counted = () => {
      built++;
      return schema;
    };
    // No file, or a file holding exactly the defaults: nothing to check.
    expect(openWith(counted).get()).toEqual(defaults);
    writeFileSync(file, JSON.stringify(defaults));
    expect(openWith(counted).get()).toEqual(defaults);
    expect(built).toBe(0);
    writeFileSync(file, JSON.stringify({ count: 1, names: [] }));
    expect(openWith(counted).get()).toEqual({ count: 1, names: [] });
    expect(built).toBe(1);
    // The schema library missing from a broken install: the start fails, the user's file stays where it is.
    expect(() =>
      openWith(() => {
        throw new Error('Cannot find module zod-mini.js');
      }),
    ).toThrow('Cannot find module');
    expect(readdirSync(dir)).toEqual(['thing.json']);
  });

  it('hands out copies, so a caller cannot change the stored value behind the file', async () => {
    const store = open(await tempDir());
    store.get().names.push('sneaky');
    expect(store.get().names).toEqual([]);
  });

  it('moves a file of garbage bytes aside, reports both paths, and starts from defaults', async () => {
    const dir = await tempDir();
    writeFileSync(path.join(dir, 'thing.json'), Buffer.from([0x00, 0xff, 0x7b, 0x22, 0x13, 0x80]));
    const problems: string[] = [];
    const store = open(dir, problems);
    expect(store.get()).toEqual(defaults);
    expect(problems).toHaveLength(1);
    const aside = readdirSync(dir).find((f) => f.startsWith('thing.corrupt-'));
    expect(aside).toMatch(/^thing\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z\.json$/);
    expect(problems[0]).toContain(`${path.join(dir, 'thing.json')} was unreadable (`);
    expect(problems[0]).toContain(`moved to ${path.join(dir, aside as string)}`);
    expect(problems[0]).toMatch(/starting with no things$/);
    // The damaged bytes are kept, untouched, for whoever wants to look.
    expect(readFileSync(path.join(dir, aside as string))).toEqual(
      Buffer.from([0x00, 0xff, 0x7b, 0x22, 0x13, 0x80]),
    );
    // And the store works normally afterwards.
    store.set({ count: 1, names: [] });
    expect(open(dir).get().count).toBe(1);
  });

  it('moves aside a file that is valid JSON but fails the schema, naming the field', async () => {
    const dir = await tempDir();
    writeFileSync(path.join(dir, 'thing.json'), JSON.stringify({ count: -1, names: [] }));
    const problems: string[] = [];
    expect(open(dir, problems).get()).toEqual(defaults);
    expect(problems[0]).toMatch(
      /did not match the expected format \(count: .*\) and was moved to .*thing\.corrupt-/,
    );
    expect(existsSync(path.join(dir, 'thing.json'))).toBe(false);
  });

  it('reads a file with a UTF-8 BOM (Notepad) without calling it damaged', async () => {
    const dir = await tempDir();
    writeFileSync(path.join(dir, 'thing.json'), `\uFEFF${JSON.stringify({ count: 5, names: [] })}`);
    const problems: string[] = [];
    const store = open(dir, problems);
    expect(store.get().count).toBe(5);
    store.set({ count: 6, names: [] });
    expect(problems).toEqual([]);
  });

  it('refuses to save a value that fails the schema, leaving the file as it was', async () => {
    const store = open(await tempDir());
    store.set({ count: 1, names: [] });
    expect(() => store.set({ count: -5, names: [] })).toThrow(/refusing to save.*count/);
    expect(JSON.parse(readFileSync(store.path, 'utf8')).count).toBe(1);
  });
});
