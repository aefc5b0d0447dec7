import koffi from 'koffi';
import { describe, expect, it } from 'vitest';
import {
  BASIC_ACCOUNTING,
  COMPLETION_PORT,
  decodeBasicAccounting,
  decodeExtendedLimits,
  decodeProcessIdList,
  EXTENDED_LIMIT,
  encodeCompletionPort,
  encodeExtendedLimits,
  PROCESS_ID_LIST,
  processIdListBuffer,
} from '../../../../../src/main/core/process/win32/job-layout';
import {
  decodeProcessEntry,
  decodeWorkingSet,
  MEMORY_COUNTERS,
  memoryCountersBuffer,
  PROCESS_ENTRY,
  processEntryBuffer,
} from '../../../../../src/main/core/process/win32/process-layout';

// The same structures declared member by member with fixed-width types, so that koffi lays them out by the C
// ABI's rules (x64 Linux aligns these types exactly as x64 Windows does): an independent check of the offsets.
const LARGE_INTEGER = 'int64_t';
const SIZE_T = 'uint64_t';
const DWORD = 'uint32_t';
const BasicLimit = koffi.struct({
  PerProcessUserTimeLimit: LARGE_INTEGER,
  PerJobUserTimeLimit: LARGE_INTEGER,
  LimitFlags: DWORD,
  MinimumWorkingSetSize: SIZE_T,
  MaximumWorkingSetSize: SIZE_T,
  ActiveProcessLimit: DWORD,
  Affinity: SIZE_T,
  PriorityClass: DWORD,
  SchedulingClass: DWORD,
});
const IoCounters = koffi.struct({
  ReadOperationCount: 'uint64_t',
  WriteOperationCount: 'uint64_t',
  OtherOperationCount: 'uint64_t',
  ReadTransferCount: 'uint64_t',
  WriteTransferCount: 'uint64_t',
  OtherTransferCount: 'uint64_t',
});
const ExtendedLimit = koffi.struct({
  BasicLimitInformation: BasicLimit,
  IoInfo: IoCounters,
  ProcessMemoryLimit: SIZE_T,
  JobMemoryLimit: SIZE_T,
  PeakProcessMemoryUsed: SIZE_T,
  PeakJobMemoryUsed: SIZE_T,
});
const BasicAccounting = koffi.struct({
  TotalUserTime: LARGE_INTEGER,
  TotalKernelTime: LARGE_INTEGER,
  ThisPeriodTotalUserTime: LARGE_INTEGER,
  ThisPeriodTotalKernelTime: LARGE_INTEGER,
  TotalPageFaultCount: DWORD,
  TotalProcesses: DWORD,
  ActiveProcesses: DWORD,
  TotalTerminatedProcesses: DWORD,
});
const ProcessIdList = koffi.struct({
  NumberOfAssignedProcesses: DWORD,
  NumberOfProcessIdsInList: DWORD,
  ProcessIdList: koffi.array('uint64_t', 1),
});
const AssociateCompletionPort = koffi.struct({ CompletionKey: 'uint64_t', CompletionPort: 'uint64_t' });
const ProcessEntry32W = koffi.struct({
  dwSize: DWORD,
  cntUsage: DWORD,
  th32ProcessID: DWORD,
  th32DefaultHeapID: 'uint64_t',
  th32ModuleID: DWORD,
  cntThreads: DWORD,
  th32ParentProcessID: DWORD,
  pcPriClassBase: 'int32_t',
  dwFlags: DWORD,
  szExeFile: koffi.array('uint16_t', 260),
});
const ProcessMemoryCounters = koffi.struct({
  cb: DWORD,
  PageFaultCount: DWORD,
  PeakWorkingSetSize: SIZE_T,
  WorkingSetSize: SIZE_T,
  QuotaPeakPagedPoolUsage: SIZE_T,
  QuotaPagedPoolUsage: SIZE_T,
  QuotaPeakNonPagedPoolUsage: SIZE_T,
  QuotaNonPagedPoolUsage: SIZE_T,
  PagefileUsage: SIZE_T,
  PeakPagefileUsage: SIZE_T,
});

describe('Win32 structure layouts (64-bit Windows)', () => {
  it('JOBOBJECT_EXTENDED_LIMIT_INFORMATION: 144 bytes, as Windows documents and the C ABI lays it out', () => {
    expect(EXTENDED_LIMIT.size).toBe(144);
    expect(koffi.sizeof(ExtendedLimit)).toBe(EXTENDED_LIMIT.size);
    expect(koffi.offsetof(BasicLimit, 'LimitFlags')).toBe(EXTENDED_LIMIT.limitFlags);
    expect(koffi.offsetof(BasicLimit, 'PriorityClass')).toBe(EXTENDED_LIMIT.priorityClass);
    expect(koffi.sizeof(BasicLimit)).toBe(64);
    expect(koffi.sizeof(IoCounters)).toBe(48);
    expect(koffi.offsetof(ExtendedLimit, 'IoInfo')).toBe(EXTENDED_LIMIT.ioCounters);
    expect(koffi.offsetof(ExtendedLimit, 'ProcessMemoryLimit')).toBe(EXTENDED_LIMIT.processMemoryLimit);
    expect(koffi.offsetof(ExtendedLimit, 'JobMemoryLimit')).toBe(EXTENDED_LIMIT.jobMemoryLimit);
    expect(koffi.offsetof(ExtendedLimit, 'PeakProcessMemoryUsed')).toBe(EXTENDED_LIMIT.peakProcessMemoryUsed);
    expect(koffi.offsetof(ExtendedLimit, 'PeakJobMemoryUsed')).toBe(EXTENDED_LIMIT.peakJobMemoryUsed);
  });

  it('JOBOBJECT_BASIC_ACCOUNTING_INFORMATION: 48 bytes', () => {
    expect(koffi.sizeof(BasicAccounting)).toBe(BASIC_ACCOUNTING.size);
    expect(koffi.offsetof(BasicAccounting, 'TotalUserTime')).toBe(BASIC_ACCOUNTING.totalUserTime);
    expect(koffi.offsetof(BasicAccounting, 'TotalKernelTime')).toBe(BASIC_ACCOUNTING.totalKernelTime);
    expect(koffi.offsetof(BasicAccounting, 'TotalProcesses')).toBe(BASIC_ACCOUNTING.totalProcesses);
    expect(koffi.offsetof(BasicAccounting, 'ActiveProcesses')).toBe(BASIC_ACCOUNTING.activeProcesses);
    expect(koffi.offsetof(BasicAccounting, 'TotalTerminatedProcesses')).toBe(
      BASIC_ACCOUNTING.totalTerminatedProcesses,
    );
  });

  it('JOBOBJECT_BASIC_PROCESS_ID_LIST and JOBOBJECT_ASSOCIATE_COMPLETION_PORT', () => {
    expect(koffi.offsetof(ProcessIdList, 'ProcessIdList')).toBe(PROCESS_ID_LIST.header);
    expect(koffi.sizeof(ProcessIdList)).toBe(PROCESS_ID_LIST.header + PROCESS_ID_LIST.entry);
    expect(koffi.sizeof(AssociateCompletionPort)).toBe(COMPLETION_PORT.size);
    expect(koffi.offsetof(AssociateCompletionPort, 'CompletionPort')).toBe(COMPLETION_PORT.port);
  });

  it('PROCESSENTRY32W: 568 bytes, the name at 44', () => {
    expect(koffi.sizeof(ProcessEntry32W)).toBe(PROCESS_ENTRY.size);
    expect(koffi.offsetof(ProcessEntry32W, 'th32ProcessID')).toBe(PROCESS_ENTRY.pid);
    expect(koffi.offsetof(ProcessEntry32W, 'th32ParentProcessID')).toBe(PROCESS_ENTRY.ppid);
    expect(koffi.offsetof(ProcessEntry32W, 'szExeFile')).toBe(PROCESS_ENTRY.exeFile);
  });

  it('PROCESS_MEMORY_COUNTERS: 72 bytes, WorkingSetSize at 16', () => {
    expect(koffi.sizeof(ProcessMemoryCounters)).toBe(MEMORY_COUNTERS.size);
    expect(koffi.offsetof(ProcessMemoryCounters, 'WorkingSetSize')).toBe(MEMORY_COUNTERS.workingSetSize);
  });
});

describe('encoding and decoding', () => {
  it('writes the limits where Windows reads them, and reads them back', () => {
    const buffer = encodeExtendedLimits({
      limitFlags: 0x2220,
      priorityClass: 0x4000,
      jobMemoryLimit: 512n * 1024n * 1024n,
    });
    expect(buffer.length).toBe(144);
    expect(buffer.readUInt32LE(16)).toBe(0x2220);
    expect(buffer.readUInt32LE(56)).toBe(0x4000);
    expect(buffer.readBigUInt64LE(120)).toBe(536_870_912n);
    // Everything else stays zero: no other limit is switched on by accident.
    const others = Buffer.from(buffer);
    others.fill(0, 16, 20).fill(0, 56, 60).fill(0, 120, 128);
    expect(others.every((byte) => byte === 0)).toBe(true);

    buffer.writeBigUInt64LE(700_000_000n, 136);
    expect(decodeExtendedLimits(buffer)).toEqual({
      limitFlags: 0x2220,
      priorityClass: 0x4000,
      jobMemoryLimit: 536_870_912n,
      peakProcessMemoryUsed: 0n,
      peakJobMemoryUsed: 700_000_000n,
    });
  });

  it('reads accounting: CPU times and process counts', () => {
    const buffer = Buffer.alloc(48);
    buffer.writeBigInt64LE(12_340_000n, 0);
    buffer.writeBigInt64LE(5_000_000n, 8);
    buffer.writeUInt32LE(3, 36);
    buffer.writeUInt32LE(1, 40);
    buffer.writeUInt32LE(2, 44);
    expect(decodeBasicAccounting(buffer)).toEqual({
      totalUserTime: 12_340_000n,
      totalKernelTime: 5_000_000n,
      totalProcesses: 3,
      activeProcesses: 1,
      totalTerminatedProcesses: 2,
    });
  });

  it('reads a process id list and tells when it did not fit', () => {
    const buffer = processIdListBuffer(2);
    expect(buffer.length).toBe(8 + 16);
    buffer.writeUInt32LE(3, 0);
    buffer.writeUInt32LE(2, 4);
    buffer.writeBigUInt64LE(4242n, 8);
    buffer.writeBigUInt64LE(17n, 16);
    expect(decodeProcessIdList(buffer)).toEqual({ pids: [4242, 17], complete: false });
    buffer.writeUInt32LE(2, 0);
    expect(decodeProcessIdList(buffer)).toEqual({ pids: [4242, 17], complete: true });
    // A count larger than the buffer never reads past its end.
    buffer.writeUInt32LE(9, 4);
    expect(decodeProcessIdList(buffer).pids).toHaveLength(2);
  });

  it('associates a port: key first, port second', () => {
    const buffer = encodeCompletionPort(208, 212);
    expect(buffer.readBigUInt64LE(0)).toBe(208n);
    expect(buffer.readBigUInt64LE(8)).toBe(212n);
  });

  it('reads a process entry with its UTF-16 name, and a working set', () => {
    const entry = processEntryBuffer();
    expect(entry.readUInt32LE(0)).toBe(568);
    entry.writeUInt32LE(4242, 8);
    entry.writeUInt32LE(17, 32);
    entry.write('Tëst tool.exe\0garbage', 44, 'utf16le');
    expect(decodeProcessEntry(entry)).toEqual({ pid: 4242, ppid: 17, exeFile: 'Tëst tool.exe' });

    const counters = memoryCountersBuffer();
    expect(counters.readUInt32LE(0)).toBe(72);
    counters.writeBigUInt64LE(123_456_789n, 16);
    expect(decodeWorkingSet(counters)).toBe(123_456_789);
  });
});
