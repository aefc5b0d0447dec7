import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { FSWatcher } from 'chokidar';
import { Emitter } from '../../../shared/emitter';
import { jobNameKey, sameJobName } from '../../../shared/job-name';
import { formatProblem, type JobProblem } from '../../../shared/job-problem';
import type { JobDefinition } from '../../../shared/job-schema';
import { HubError } from '../errors';

/** One file of the jobs folder, valid or not. */
export interface LibraryEntry {
  /** Absolute path. */
  file: string;
  /** What messages call it: the file name inside the jobs folder. */
  fileName: string;
  /** The parsed job; present even when `problems` only says the name is taken twice. */
  job: JobDefinition | null;
  /** The job's name, also read from a file that does not load (null when none could be read). */
  name: string | null;
  problems: JobProblem[];
}

export interface LibraryChange {
  type: 'library-changed';
  /** Files whose content or validity changed (added, edited, removed). */
  files: string[];
  /**
   * Files that had problems at the previous change and load cleanly now (fixed, or caught half-saved before):
   * a host that said "not loaded" can say "loaded again".
   */
  recovered: string[];
}

interface Loaded {
  job: JobDefinition | null;
  name: string | null;
  problems: JobProblem[];
  /** size:mtime, so a rescan re-reads only files that changed. */
  version: string;
}

/** Longer than chokidar's 50 ms window in which it drops a file's further change events. */
const LOOK_AGAIN_MS = 100;

/**
 * The job library: every `*.json` in the jobs folder is a job. Edits take effect without a restart (chokidar,
 * plus a periodic rescan because Windows drops events when its change buffer overflows). An invalid file is
 * listed with its problems and does not affect the others; two files with the same job name are both
 * reported and neither runs until one is renamed.
 */
export class JobLibrary {
  readonly events = new Emitter<LibraryChange>();
  readonly #loaded = new Map<string, Loaded>();
  readonly #pending = new Map<string, NodeJS.Timeout>();
  /** Files that had problems when changes were last announced. */
  #troubled = new Set<string>();
  #watcher: FSWatcher | null = null;
  #rescan: NodeJS.Timeout | null = null;
  #queue: Promise<void> = Promise.resolve();
  #stopped = false;
  #read: Promise<void> | null = null;

  constructor(
    readonly jobsDir: string,
    private readonly options: { debounceMs?: number; rescanEveryMs?: number } = {},
  ) {}

  /** Loads every job file and starts watching the folder. */
  async start(): Promise<void> {
    this.#stopped = false;
    await this.rescan();
    // Loaded here: a hub that only runs what it is handed reads the library but never watches it.
    const { watch } = await import('chokidar');
    if (this.#stopped) return;
    const watcher = watch(this.jobsDir, { depth: 0, ignoreInitial: true, awaitWriteFinish: false });
    watcher.on('all', (_event, path) => {
      if (isJobFileName(path)) this.#schedule(path);
    });
    watcher.on('error', () => this.#schedule(null));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    this.#watcher = watcher;
    const every = this.options.rescanEveryMs ?? 30_000;
    this.#rescan = setInterval(() => void this.rescan(), every);
    this.#rescan.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#rescan) clearInterval(this.#rescan);
    for (const timer of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
    await this.#watcher?.close();
    this.#watcher = null;
    await this.#queue;
  }

  /** Resolves once the folder has been read: at once after start() or a rescan, else by reading it now. */
  read(): Promise<void> {
    this.#read ??= this.rescan();
    return this.#read;
  }

  /** Re-reads files whose size or time changed, adds new ones and drops deleted ones. */
  rescan(): Promise<void> {
    const done = this.#serial(async () => {
      const names = await readdir(this.jobsDir).catch(() => [] as string[]);
      const files = new Set(names.filter(isJobFileName).map((name) => join(this.jobsDir, name)));
      const changed: string[] = [];
      for (const file of this.#loaded.keys()) {
        if (!files.has(file)) {
          this.#loaded.delete(file);
          changed.push(file);
        }
      }
      for (const file of files) if (await this.#load(file)) changed.push(file);
      if (changed.length > 0) this.#announce(changed);
    });
    this.#read ??= done;
    return done;
  }

  /** Every job file with its problems (duplicate names included), sorted by file name. */
  entries(): LibraryEntry[] {
    const owners = this.#nameOwners();
    return [...this.#loaded.entries()]
      .map(([file, loaded]) => {
        const fileName = basename(file);
        const problems = [...loaded.problems];
        const others = loaded.job
          ? (owners.get(jobNameKey(loaded.job.name)) ?? []).filter((f) => f !== file)
          : [];
        if (loaded.job && others.length > 0) {
          const name = loaded.job.name;
          const named = others.map((f) => {
            const other = this.#loaded.get(f)?.job?.name ?? name;
            // Spelt differently: say that case does not make two names.
            return other === name ? basename(f) : `${basename(f)} ("${other}"; case does not count)`;
          });
          problems.push({
            file: fileName,
            field: 'name',
            message: `"${name}" is also the name of ${named.join(', ')}: rename one; neither runs until then`,
          });
        }
        return { file, fileName, job: loaded.job, name: loaded.name, problems };
      })
      .sort((a, b) => a.fileName.localeCompare(b.fileName));
  }

  /** Jobs that may run: valid and uniquely named. */
  runnable(): { job: JobDefinition; file: string }[] {
    return this.entries()
      .filter((e): e is LibraryEntry & { job: JobDefinition } => e.job !== null && e.problems.length === 0)
      .map(({ job, file }) => ({ job, file }));
  }

  /** A runnable job by name (case-insensitive, see job-name.ts). */
  get(name: string): { job: JobDefinition; file: string } | undefined {
    return this.runnable().find((entry) => sameJobName(entry.job.name, name));
  }

  /** The library's entry of the job with this name (case-insensitive), whether its file loads or not. */
  named(name: string): LibraryEntry | undefined {
    return this.entries().find((entry) => entry.name !== null && sameJobName(entry.name, name));
  }

  /**
   * The job of this name, for a change to its file (enable, disable): HubError('job-not-found') when there is
   * none, 'job-invalid' with the file's problems when it does not load (an edit could not be checked).
   */
  editable(name: string): { job: JobDefinition; file: string } {
    const entry = this.named(name);
    if (!entry) throw new HubError('job-not-found', `there is no job named "${name}" in ${this.jobsDir}`);
    if (!entry.job)
      throw new HubError(
        'job-invalid',
        `"${entry.name}" cannot be changed until its file is fixed:\n${entry.problems.map(formatProblem).join('\n')}`,
        { file: entry.file },
      );
    return { job: entry.job, file: entry.file };
  }

  /** Files per job name key: two files whose names differ only in case are one name held twice. */
  #nameOwners(): Map<string, string[]> {
    const owners = new Map<string, string[]>();
    for (const [file, loaded] of this.#loaded) {
      if (!loaded.job) continue;
      const key = jobNameKey(loaded.job.name);
      owners.set(key, [...(owners.get(key) ?? []), file]);
    }
    return owners;
  }

  // Editors save in bursts (truncate, write, rename): wait for the burst to end before reading.
  #schedule(file: string | null): void {
    this.#after(file ?? '*', this.options.debounceMs ?? 150, () => {
      if (!file) return void this.rescan();
      // chokidar drops a file's second change within 50 ms of its first: an editor that empties a file and
      // then writes it can leave the empty version as the last event. Look once more after that window.
      void this.#reloadOne(file).then(() =>
        this.#after(`${file}\0again`, LOOK_AGAIN_MS, () => void this.#reloadOne(file)),
      );
    });
  }

  #after(key: string, ms: number, task: () => void): void {
    if (this.#stopped) return;
    clearTimeout(this.#pending.get(key));
    this.#pending.set(
      key,
      setTimeout(() => {
        this.#pending.delete(key);
        task();
      }, ms),
    );
  }

  #reloadOne(file: string): Promise<void> {
    return this.#serial(async () => {
      const exists = await stat(file)
        .then((s) => s.isFile())
        .catch(() => false);
      let changed = false;
      if (!exists) changed = this.#loaded.delete(file);
      else changed = await this.#load(file);
      if (changed) this.#announce([file]);
    });
  }

  /** Tells listeners what changed, and which files that had problems load cleanly now. */
  #announce(files: string[]): void {
    const entries = this.entries();
    const recovered = entries
      .filter((e) => e.problems.length === 0 && this.#troubled.has(e.file))
      .map((e) => e.file);
    this.#troubled = new Set(entries.filter((e) => e.problems.length > 0).map((e) => e.file));
    this.events.emit({ type: 'library-changed', files, recovered });
  }

  /** Reads one file if it changed since the last read; true when its entry changed. */
  async #load(file: string): Promise<boolean> {
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return this.#loaded.delete(file);
    const version = `${info.size}:${info.mtimeMs}`;
    if (this.#loaded.get(file)?.version === version) return false;
    // Loaded with the first file read: a hub that never reads its library never loads the schema for it.
    const { readJobFile } = await import('./read-job-file');
    const result = await readJobFile(file, basename(file));
    this.#loaded.set(
      file,
      result.ok
        ? { job: result.job, name: result.job.name, problems: [], version }
        : { job: null, name: result.name ?? null, problems: result.problems, version },
    );
    return true;
  }

  // Loads never interleave, so the map always reflects one consistent pass.
  #serial(task: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(task, task);
    this.#queue = next.catch(() => {});
    return next;
  }
}

/** `*.json`, case-insensitively (Windows users write BACKUP.JSON), and not an editor's temp or backup file. */
export function isJobFileName(path: string): boolean {
  const name = basename(path);
  return /\.json$/i.test(name) && !name.startsWith('~$') && !name.startsWith('.');
}
