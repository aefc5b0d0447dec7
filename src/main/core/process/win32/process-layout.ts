// Byte layouts of the process structures read through kernel32 on 64-bit Windows, as offsets over Buffers so that
// they are checked on any machine (see job-layout.ts for why).

/**
 * PROCESSENTRY32W (568 bytes): dwSize, cntUsage, th32ProcessID (8), padding, th32DefaultHeapID (ULONG_PTR, 16),
 * th32ModuleID, cntThreads, th32ParentProcessID (32), pcPriClassBase, dwFlags, szExeFile (WCHAR[260] at 44).
 */
export const PROCESS_ENTRY = {
  size: 568,
  dwSize: 0,
  pid: 8,
  ppid: 32,
  exeFile: 44,
  exeFileChars: 260,
} as const;

/**
 * PROCESS_MEMORY_COUNTERS (72 bytes): cb, PageFaultCount, then eight SIZE_Ts starting with PeakWorkingSetSize (8)
 * and WorkingSetSize (16).
 */
export const MEMORY_COUNTERS = { size: 72, cb: 0, workingSetSize: 16 } as const;

/** A PROCESSENTRY32W buffer ready for Process32FirstW (Windows requires dwSize set). */
export function processEntryBuffer(): Buffer {
  const buffer = Buffer.alloc(PROCESS_ENTRY.size);
  buffer.writeUInt32LE(PROCESS_ENTRY.size, PROCESS_ENTRY.dwSize);
  return buffer;
}

/** One process of a snapshot: its id, the id its parent had, and its executable's file name. */
export interface SnapshotEntry {
  pid: number;
  ppid: number;
  exeFile: string;
}

/** Reads a PROCESSENTRY32W filled by Process32FirstW/NextW. */
export function decodeProcessEntry(buffer: Buffer): SnapshotEntry {
  const start = PROCESS_ENTRY.exeFile;
  const name = buffer.toString('utf16le', start, start + PROCESS_ENTRY.exeFileChars * 2);
  const end = name.indexOf('\0');
  return {
    pid: buffer.readUInt32LE(PROCESS_ENTRY.pid),
    ppid: buffer.readUInt32LE(PROCESS_ENTRY.ppid),
    exeFile: end < 0 ? name : name.slice(0, end),
  };
}

/** A PROCESS_MEMORY_COUNTERS buffer ready for K32GetProcessMemoryInfo (cb set). */
export function memoryCountersBuffer(): Buffer {
  const buffer = Buffer.alloc(MEMORY_COUNTERS.size);
  buffer.writeUInt32LE(MEMORY_COUNTERS.size, MEMORY_COUNTERS.cb);
  return buffer;
}

/** WorkingSetSize of a filled PROCESS_MEMORY_COUNTERS, in bytes. */
export function decodeWorkingSet(buffer: Buffer): number {
  return Number(buffer.readBigUInt64LE(MEMORY_COUNTERS.workingSetSize));
}
