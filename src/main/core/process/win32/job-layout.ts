// Byte layouts of the Job Object structures this project passes to kernel32, for 64-bit Windows (x64 and arm64
// share them). Kept as plain offsets over Buffers, so that every layout is checked on any machine against the
// sizes Windows documents, and the FFI only ever sees `void *`.

/** JOBOBJECTINFOCLASS values used here. */
export const JobInfoClass = {
  BasicAccounting: 1,
  BasicLimit: 2,
  BasicProcessIdList: 3,
  AssociateCompletionPort: 7,
  ExtendedLimit: 9,
} as const;

/** JOBOBJECT_BASIC_LIMIT_INFORMATION.LimitFlags bits used here. */
export const JobLimit = {
  PRIORITY_CLASS: 0x20,
  JOB_MEMORY: 0x200,
  KILL_ON_JOB_CLOSE: 0x2000,
} as const;

/** JOB_OBJECT_MSG_* identifiers a job posts to its completion port. */
export const JobMessage = {
  ACTIVE_PROCESS_ZERO: 4,
  NEW_PROCESS: 6,
  EXIT_PROCESS: 7,
  ABNORMAL_EXIT_PROCESS: 8,
  PROCESS_MEMORY_LIMIT: 9,
  JOB_MEMORY_LIMIT: 10,
} as const;

/**
 * JOBOBJECT_EXTENDED_LIMIT_INFORMATION (144 bytes): JOBOBJECT_BASIC_LIMIT_INFORMATION (64: two LARGE_INTEGERs,
 * LimitFlags at 16, padding, two SIZE_Ts, ActiveProcessLimit at 40, padding, Affinity at 48, PriorityClass at 56,
 * SchedulingClass at 60), IO_COUNTERS (48: six ULONGLONGs), then four SIZE_Ts.
 */
export const EXTENDED_LIMIT = {
  size: 144,
  limitFlags: 16,
  priorityClass: 56,
  ioCounters: 64,
  processMemoryLimit: 112,
  jobMemoryLimit: 120,
  peakProcessMemoryUsed: 128,
  peakJobMemoryUsed: 136,
} as const;

/**
 * JOBOBJECT_BASIC_ACCOUNTING_INFORMATION (48 bytes): four LARGE_INTEGER times in 100 ns units (total user, total
 * kernel, this period's user and kernel), then four DWORDs: page faults, total, active, terminated processes.
 */
export const BASIC_ACCOUNTING = {
  size: 48,
  totalUserTime: 0,
  totalKernelTime: 8,
  totalProcesses: 36,
  activeProcesses: 40,
  totalTerminatedProcesses: 44,
} as const;

/** JOBOBJECT_BASIC_PROCESS_ID_LIST: two DWORD counts, then ULONG_PTR process ids. */
export const PROCESS_ID_LIST = { header: 8, entry: 8, assigned: 0, listed: 4 } as const;

/** JOBOBJECT_ASSOCIATE_COMPLETION_PORT (16 bytes): PVOID CompletionKey, HANDLE CompletionPort. */
export const COMPLETION_PORT = { size: 16, key: 0, port: 8 } as const;

/** The limits a run's job is given. */
export interface ExtendedLimits {
  limitFlags: number;
  /** A priority class (IDLE_PRIORITY_CLASS …), used with JobLimit.PRIORITY_CLASS. */
  priorityClass: number;
  /** Bytes of committed memory for all processes together, used with JobLimit.JOB_MEMORY. */
  jobMemoryLimit: bigint;
}

/** The input buffer for SetInformationJobObject(JobObjectExtendedLimitInformation). */
export function encodeExtendedLimits(limits: ExtendedLimits): Buffer {
  const buffer = Buffer.alloc(EXTENDED_LIMIT.size);
  buffer.writeUInt32LE(limits.limitFlags >>> 0, EXTENDED_LIMIT.limitFlags);
  buffer.writeUInt32LE(limits.priorityClass >>> 0, EXTENDED_LIMIT.priorityClass);
  buffer.writeBigUInt64LE(limits.jobMemoryLimit, EXTENDED_LIMIT.jobMemoryLimit);
  return buffer;
}

/** What QueryInformationJobObject(JobObjectExtendedLimitInformation) says back. */
export interface ExtendedLimitState extends ExtendedLimits {
  peakProcessMemoryUsed: bigint;
  peakJobMemoryUsed: bigint;
}

/** Reads a JOBOBJECT_EXTENDED_LIMIT_INFORMATION buffer. */
export function decodeExtendedLimits(buffer: Buffer): ExtendedLimitState {
  return {
    limitFlags: buffer.readUInt32LE(EXTENDED_LIMIT.limitFlags),
    priorityClass: buffer.readUInt32LE(EXTENDED_LIMIT.priorityClass),
    jobMemoryLimit: buffer.readBigUInt64LE(EXTENDED_LIMIT.jobMemoryLimit),
    peakProcessMemoryUsed: buffer.readBigUInt64LE(EXTENDED_LIMIT.peakProcessMemoryUsed),
    peakJobMemoryUsed: buffer.readBigUInt64LE(EXTENDED_LIMIT.peakJobMemoryUsed),
  };
}

/** A job's basic accounting: CPU time in 100 ns units and process counts. */
export interface BasicAccounting {
  totalUserTime: bigint;
  totalKernelTime: bigint;
  totalProcesses: number;
  activeProcesses: number;
  totalTerminatedProcesses: number;
}

/** Reads a JOBOBJECT_BASIC_ACCOUNTING_INFORMATION buffer. */
export function decodeBasicAccounting(buffer: Buffer): BasicAccounting {
  return {
    totalUserTime: buffer.readBigInt64LE(BASIC_ACCOUNTING.totalUserTime),
    totalKernelTime: buffer.readBigInt64LE(BASIC_ACCOUNTING.totalKernelTime),
    totalProcesses: buffer.readUInt32LE(BASIC_ACCOUNTING.totalProcesses),
    activeProcesses: buffer.readUInt32LE(BASIC_ACCOUNTING.activeProcesses),
    totalTerminatedProcesses: buffer.readUInt32LE(BASIC_ACCOUNTING.totalTerminatedProcesses),
  };
}

/** A buffer for JOBOBJECT_BASIC_PROCESS_ID_LIST with room for `capacity` ids. */
export function processIdListBuffer(capacity: number): Buffer {
  return Buffer.alloc(PROCESS_ID_LIST.header + PROCESS_ID_LIST.entry * Math.max(1, capacity));
}

/**
 * Reads a JOBOBJECT_BASIC_PROCESS_ID_LIST. `complete` is false when the job held more processes than the buffer
 * had room for (the caller asks again with a bigger one).
 */
export function decodeProcessIdList(buffer: Buffer): { pids: number[]; complete: boolean } {
  const assigned = buffer.readUInt32LE(PROCESS_ID_LIST.assigned);
  const room = Math.floor((buffer.length - PROCESS_ID_LIST.header) / PROCESS_ID_LIST.entry);
  const listed = Math.min(buffer.readUInt32LE(PROCESS_ID_LIST.listed), room);
  const pids: number[] = [];
  for (let i = 0; i < listed; i++) {
    pids.push(Number(buffer.readBigUInt64LE(PROCESS_ID_LIST.header + i * PROCESS_ID_LIST.entry)));
  }
  return { pids, complete: listed >= assigned };
}

/** The input buffer for SetInformationJobObject(JobObjectAssociateCompletionPortInformation). */
export function encodeCompletionPort(key: number, port: number): Buffer {
  const buffer = Buffer.alloc(COMPLETION_PORT.size);
  buffer.writeBigUInt64LE(BigInt(key), COMPLETION_PORT.key);
  buffer.writeBigUInt64LE(BigInt(port), COMPLETION_PORT.port);
  return buffer;
}
