// The kernel32 functions the hub calls on Windows, through koffi (an FFI whose npm packages ship prebuilt
// binaries for win32, so neither the app nor the CLI needs a compiler). koffi is loaded on first use (native/koffi.ts),
// and kernel32 bound only on Windows.
//
// Every handle is an intptr_t (a plain number: 0 is NULL, -1 INVALID_HANDLE_VALUE), every BOOL an int (4 bytes,
// not C's bool), every structure a Buffer passed as `void *` and laid out by job-layout.ts / process-layout.ts.
// Calls use the x64 calling convention (koffi's default; `__stdcall` only matters on 32-bit x86).

import { declare, importKoffi } from '../../native/koffi';

/** The subset of kernel32 used by the hub, with Win32 names and argument order. */
export interface Kernel32 {
  CreateJobObjectW(attributes: null, name: null): number;
  SetInformationJobObject(job: number, infoClass: number, info: Buffer, length: number): number;
  QueryInformationJobObject(
    job: number,
    infoClass: number,
    info: Buffer,
    length: number,
    returnLength: null,
  ): number;
  AssignProcessToJobObject(job: number, process: number): number;
  TerminateJobObject(job: number, exitCode: number): number;
  IsProcessInJob(process: number, job: number, result: Buffer): number;
  OpenProcess(access: number, inheritHandle: number, pid: number): number;
  CloseHandle(handle: number): number;
  GetLastError(): number;
  CreateIoCompletionPort(file: number, existingPort: number, key: number, threads: number): number;
  GetQueuedCompletionStatus(
    port: number,
    bytes: Buffer,
    key: Buffer,
    overlapped: Buffer,
    milliseconds: number,
  ): number;
  CreateToolhelp32Snapshot(flags: number, pid: number): number;
  Process32FirstW(snapshot: number, entry: Buffer): number;
  Process32NextW(snapshot: number, entry: Buffer): number;
  GetProcessTimes(process: number, creation: Buffer, exit: Buffer, kernel: Buffer, user: Buffer): number;
  K32GetProcessMemoryInfo(process: number, counters: Buffer, size: number): number;
  GetPriorityClass(process: number): number;
}

const PROTOTYPES = [
  'intptr_t CreateJobObjectW(void *attributes, void *name)',
  'int SetInformationJobObject(intptr_t job, int infoClass, void *info, uint32_t length)',
  'int QueryInformationJobObject(intptr_t job, int infoClass, void *info, uint32_t length, void *returnLength)',
  'int AssignProcessToJobObject(intptr_t job, intptr_t process)',
  'int TerminateJobObject(intptr_t job, uint32_t exitCode)',
  'int IsProcessInJob(intptr_t process, intptr_t job, void *result)',
  'intptr_t OpenProcess(uint32_t access, int inheritHandle, uint32_t pid)',
  'int CloseHandle(intptr_t handle)',
  'uint32_t GetLastError()',
  'intptr_t CreateIoCompletionPort(intptr_t file, intptr_t existingPort, uintptr_t key, uint32_t threads)',
  'int GetQueuedCompletionStatus(intptr_t port, void *bytes, void *key, void *overlapped, uint32_t milliseconds)',
  'intptr_t CreateToolhelp32Snapshot(uint32_t flags, uint32_t pid)',
  'int Process32FirstW(intptr_t snapshot, void *entry)',
  'int Process32NextW(intptr_t snapshot, void *entry)',
  'int GetProcessTimes(intptr_t process, void *creation, void *exit, void *kernel, void *user)',
  'int K32GetProcessMemoryInfo(intptr_t process, void *counters, uint32_t size)',
  'uint32_t GetPriorityClass(intptr_t process)',
] as const;

/** kernel32 ready to call, or why it is not. */
export type Kernel32Load = { ok: true; kernel32: Kernel32 } | { ok: false; reason: string };

let loading: Promise<Kernel32Load> | null = null;
let loaded: Kernel32 | null = null;

/**
 * kernel32 through koffi, loaded once per process on first call. Never throws: where koffi's native module is
 * missing or refuses to load (another platform, a damaged install, a policy blocking unsigned DLLs), the answer
 * says why, and callers fall back to what works without it.
 */
export function loadKernel32(platform: NodeJS.Platform = process.platform): Promise<Kernel32Load> {
  if (platform !== 'win32') {
    return Promise.resolve({ ok: false, reason: 'Win32 calls exist on Windows only' });
  }
  loading ??= bind().then(
    (kernel32): Kernel32Load => {
      loaded = kernel32;
      return { ok: true, kernel32 };
    },
    (error: unknown): Kernel32Load => ({
      ok: false,
      reason: `the Win32 binding (koffi) could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
    }),
  );
  return loading;
}

/** kernel32 if loadKernel32() already succeeded; lets synchronous paths use it without waiting. */
export function loadedKernel32(): Kernel32 | null {
  return loaded;
}

async function bind(): Promise<Kernel32> {
  return declare((await importKoffi()).load('kernel32.dll'), PROTOTYPES) as unknown as Kernel32;
}

/** A Win32 call that failed, with the function's name and GetLastError()'s code. */
export class Win32Error extends Error {
  constructor(
    readonly call: string,
    readonly code: number,
  ) {
    super(`${call} failed (Windows error ${code}${WIN32_ERRORS[code] ? `: ${WIN32_ERRORS[code]}` : ''})`);
    this.name = 'Win32Error';
  }
}

const WIN32_ERRORS: Record<number, string> = {
  5: 'access denied',
  6: 'invalid handle',
  8: 'not enough memory',
  87: 'invalid parameter',
  1314: 'a required privilege is not held',
};

/** Throws a Win32Error for `call` unless `result` says it succeeded (a non-zero BOOL or a valid handle). */
export function check(kernel32: Kernel32, call: string, result: number): number {
  if (result === 0 || result === -1) throw new Win32Error(call, kernel32.GetLastError());
  return result;
}
