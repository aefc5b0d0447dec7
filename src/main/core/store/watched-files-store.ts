import { z } from 'zod';
import type { DataLayout } from './data-dir';
import { FolderFiles } from './folder-files';
import { openJournaledStore } from './journaled-store';
import type { FolderRecord, KnownFile, WaitingFile, WatchedFilesStore } from './watched-files-types';

const knownTuple = z.tuple([z.string(), z.number(), z.number(), z.number().nullable(), z.number()]);
// A folder's files on disk, as columns: five arrays of plain values parse and validate several times faster
// than 10,000 small tuples (a start with a big watched folder reads this file first).
const folderColumns = z
  .object({
    nextSeq: z.number(),
    names: z.array(z.string()),
    sizes: z.array(z.number()),
    mtimes: z.array(z.number()),
    fps: z.array(z.number().nullable()),
    seqs: z.array(z.number()),
  })
  .refine((f) => [f.sizes, f.mtimes, f.fps, f.seqs].every((column) => column.length === f.names.length), {
    error: 'columns of different lengths',
  });
const waitingSchema = z.object({
  id: z.number(),
  trigger: z.string(),
  job: z.string(),
  seq: z.number(),
  file: z.string(),
  since: z.string(),
  runId: z.string().nullable(),
});
const snapshotSchema = z.object({
  folders: z.record(z.string(), folderColumns),
  triggers: z.record(z.string(), z.number()),
  waiting: z.array(waitingSchema),
  nextId: z.number(),
});
type Snapshot = z.output<typeof snapshotSchema>;

const opSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('folder'), folder: z.string() }),
  z.object({ op: z.literal('baseline'), folder: z.string(), files: folderColumns }),
  z.object({
    op: z.literal('fingerprints'),
    folder: z.string(),
    names: z.array(z.string()),
    seqs: z.array(z.number()),
    fps: z.array(z.number()),
  }),
  z.object({ op: z.literal('file'), folder: z.string(), file: knownTuple }),
  z.object({ op: z.literal('gone'), folder: z.string(), name: z.string() }),
  z.object({ op: z.literal('seen'), trigger: z.string(), seq: z.number() }),
  z.object({ op: z.literal('wait'), entry: waitingSchema }),
  z.object({ op: z.literal('run'), id: z.number(), runId: z.string().nullable() }),
  z.object({ op: z.literal('done'), id: z.number() }),
]);
type Op = z.output<typeof opSchema>;
type KnownTuple = z.output<typeof knownTuple>;

const toTuple = (name: string, f: KnownFile): KnownTuple => [name, f.size, f.mtimeMs, f.fp, f.seq];
const sameFile = (a: KnownFile | undefined, b: KnownFile): boolean =>
  a !== undefined && a.seq === b.seq && a.size === b.size && a.mtimeMs === b.mtimeMs && a.fp === b.fp;

/** Files as the columns kept on disk; `nextSeq` is raised above every file's arrival number. */
function toColumns(files: Iterable<[string, KnownFile]>, nextSeq = 1): z.input<typeof folderColumns> {
  const columns = { names: [] as string[], sizes: [] as number[], mtimes: [] as number[] };
  const fps: (number | null)[] = [];
  const seqs: number[] = [];
  for (const [name, file] of files) {
    columns.names.push(name);
    columns.sizes.push(file.size);
    columns.mtimes.push(file.mtimeMs);
    fps.push(file.fp);
    seqs.push(file.seq);
    nextSeq = Math.max(nextSeq, file.seq + 1);
  }
  return { nextSeq, ...columns, fps, seqs };
}

/** Opens `state/watched-files.json` plus its journal (only a hub whose triggers run jobs by itself does). */
export function openWatchedFiles(
  layout: DataLayout,
  onProblem: (message: string) => void,
): WatchedFilesStore {
  // Maps, not objects: keys come from folder paths and job names, and `__proto__` is a valid job name.
  const folders = new Map<string, FolderRecord>();
  const triggers = new Map<string, number>();
  // In id order: ids only grow, the snapshot lists them in this order and the journal replays in it.
  const waiting = new Map<number, WaitingFile>();
  let nextId = 1;

  const folderOf = (key: string): FolderRecord => {
    let record = folders.get(key);
    if (!record) {
      record = { nextSeq: 1, files: new FolderFiles() };
      folders.set(key, record);
    }
    return record;
  };
  const putFile = (key: string, [name, size, mtimeMs, fp, seq]: KnownTuple) => {
    const record = folderOf(key);
    record.files.set(name, { size, mtimeMs, fp, seq });
    record.nextSeq = Math.max(record.nextSeq, seq + 1);
  };
  const putColumns = (key: string, columns: z.output<typeof folderColumns>) => {
    const record = folderOf(key);
    record.nextSeq = Math.max(record.nextSeq, columns.nextSeq);
    columns.names.forEach((name, i) => {
      const file = {
        size: columns.sizes[i] as number,
        mtimeMs: columns.mtimes[i] as number,
        fp: columns.fps[i] as number | null,
        seq: columns.seqs[i] as number,
      };
      record.files.set(name, file);
      record.nextSeq = Math.max(record.nextSeq, file.seq + 1);
    });
  };
  const raiseSeen = (trigger: string, seq: number) => {
    triggers.set(trigger, Math.max(triggers.get(trigger) ?? 0, seq));
  };

  const apply = (op: Op): void => {
    switch (op.op) {
      case 'folder':
        folderOf(op.folder);
        break;
      case 'baseline':
        putColumns(op.folder, op.files);
        break;
      case 'fingerprints': {
        const record = folders.get(op.folder);
        op.names.forEach((name, i) => {
          const file = record?.files.get(name);
          // Only for the arrival it was read from: a file that arrived again since has a fingerprint of its own.
          if (record && file && file.seq === op.seqs[i])
            record.files.set(name, { ...file, fp: op.fps[i] ?? null });
        });
        break;
      }
      case 'file':
        putFile(op.folder, op.file);
        break;
      case 'gone':
        folders.get(op.folder)?.files.delete(op.name);
        break;
      case 'seen':
        raiseSeen(op.trigger, op.seq);
        break;
      case 'wait':
        waiting.set(op.entry.id, op.entry);
        nextId = Math.max(nextId, op.entry.id + 1);
        raiseSeen(op.entry.trigger, op.entry.seq);
        break;
      case 'run': {
        const entry = waiting.get(op.id);
        if (entry) waiting.set(op.id, { ...entry, runId: op.runId });
        break;
      }
      case 'done':
        waiting.delete(op.id);
        break;
    }
  };

  const store = openJournaledStore<Snapshot, Op>({
    dir: layout.stateDir,
    name: 'watched-files',
    snapshotSchema: () => snapshotSchema,
    opSchema: () => opSchema,
    defaults: { folders: {}, triggers: {}, waiting: [], nextId: 1 },
    onProblem,
    describeDefaults: 'nothing known about watched folders (files in them count as present at first watch)',
    compactEvery: 2000,
    restore(snapshot) {
      for (const [key, folder] of Object.entries(snapshot.folders)) putColumns(key, folder);
      for (const [trigger, seq] of Object.entries(snapshot.triggers)) raiseSeen(trigger, seq);
      for (const entry of [...snapshot.waiting].sort((a, b) => a.id - b.id)) waiting.set(entry.id, entry);
      nextId = Math.max(snapshot.nextId, ...[...waiting.keys()].map((id) => id + 1));
    },
    apply,
    snapshot: () => ({
      folders: Object.fromEntries(
        [...folders].map(([key, record]) => [key, toColumns(record.files, record.nextSeq)]),
      ),
      triggers: Object.fromEntries(triggers),
      waiting: [...waiting.values()],
      nextId,
    }),
  });

  return {
    path: store.snapshotPath,
    folder: (key) => folders.get(key),
    saveBaseline(key, files) {
      store.append({ op: 'baseline', folder: key, files: toColumns(files) });
      return folderOf(key);
    },
    ensureFolder(key) {
      if (!folders.has(key)) store.append({ op: 'folder', folder: key });
      return folderOf(key);
    },
    saveFingerprints(key, fps) {
      const record = folders.get(key);
      const op = { op: 'fingerprints' as const, folder: key, names: [] as string[], seqs: [] as number[] };
      const values: number[] = [];
      for (const [name, was, fp] of fps) {
        // An entry replaced meanwhile (the file arrived again, or was touched) has a fingerprint of its own.
        if (!sameFile(record?.files.get(name), was)) continue;
        op.names.push(name);
        op.seqs.push(was.seq);
        values.push(fp);
      }
      if (values.length > 0) store.append({ ...op, fps: values });
    },
    setFile: (key, name, file) => store.append({ op: 'file', folder: key, file: toTuple(name, file) }),
    dropFile(key, name) {
      if (folders.get(key)?.files.has(name)) store.append({ op: 'gone', folder: key, name });
    },
    seen: (trigger) => triggers.get(trigger),
    setSeen(trigger, seq) {
      if ((triggers.get(trigger) ?? -1) < seq) store.append({ op: 'seen', trigger, seq });
    },
    addWaiting(entry) {
      const full: WaitingFile = { ...entry, id: nextId, runId: null };
      store.append({ op: 'wait', entry: full });
      return full;
    },
    waiting({ job, trigger }) {
      const out: WaitingFile[] = [];
      for (const w of waiting.values()) {
        if ((job === undefined || w.job === job) && (trigger === undefined || w.trigger === trigger))
          out.push(w);
      }
      return out;
    },
    setRun(id, runId) {
      if (waiting.has(id)) store.append({ op: 'run', id, runId });
    },
    finish(id) {
      if (waiting.has(id)) store.append({ op: 'done', id });
    },
  };
}
