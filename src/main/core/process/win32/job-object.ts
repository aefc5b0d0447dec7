import {
  BASIC_ACCOUNTING,
  type BasicAccounting,
  decodeBasicAccounting,
  decodeExtendedLimits,
  decodeProcessIdList,
  EXTENDED_LIMIT,
  type ExtendedLimitState,
  type ExtendedLimits,
  encodeCompletionPort,
  encodeExtendedLimits,
  JobInfoClass,
  processIdListBuffer,
} from './job-layout';
import { check, type Kernel32, Win32Error } from './kernel32';

// AssignProcessToJobObject needs PROCESS_SET_QUOTA and PROCESS_TERMINATE.
const PROCESS_TERMINATE = 0x0001;
const PROCESS_SET_QUOTA = 0x0100;
const PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
const INVALID_HANDLE_VALUE = -1;

/** One message a job posted to its completion port (JOB_OBJECT_MSG_*), with the process id it names. */
export interface JobNotice {
  message: number;
  pid: number;
}

/**
 * A Windows Job Object and its completion port: owns both handles until close(). Every method is a direct Win32
 * call and throws Win32Error when Windows refuses; the caller decides what a refusal means for the run.
 */
export class JobObject {
  #job: number;
  #port: number;
  readonly #kernel32: Kernel32;

  private constructor(kernel32: Kernel32, job: number, port: number) {
    this.#kernel32 = kernel32;
    this.#job = job;
    this.#port = port;
  }

  /** A new unnamed job (its handle is not inheritable, so no process of the run can hold it open) with `limits`. */
  static create(kernel32: Kernel32, limits: ExtendedLimits): JobObject {
    const job = check(kernel32, 'CreateJobObjectW', kernel32.CreateJobObjectW(null, null));
    let port = 0;
    try {
      const info = encodeExtendedLimits(limits);
      check(
        kernel32,
        'SetInformationJobObject(JobObjectExtendedLimitInformation)',
        kernel32.SetInformationJobObject(job, JobInfoClass.ExtendedLimit, info, info.length),
      );
      port = check(
        kernel32,
        'CreateIoCompletionPort',
        kernel32.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 1),
      );
      const association = encodeCompletionPort(job, port);
      check(
        kernel32,
        'SetInformationJobObject(JobObjectAssociateCompletionPortInformation)',
        kernel32.SetInformationJobObject(
          job,
          JobInfoClass.AssociateCompletionPort,
          association,
          association.length,
        ),
      );
    } catch (error) {
      if (port) kernel32.CloseHandle(port);
      kernel32.CloseHandle(job);
      throw error;
    }
    return new JobObject(kernel32, job, port);
  }

  /** Puts process `pid` (and so everything it starts from now on) into the job. */
  assign(pid: number): void {
    const k = this.#kernel32;
    const process = check(
      k,
      'OpenProcess',
      k.OpenProcess(PROCESS_SET_QUOTA | PROCESS_TERMINATE | PROCESS_QUERY_LIMITED_INFORMATION, 0, pid),
    );
    try {
      check(k, 'AssignProcessToJobObject', k.AssignProcessToJobObject(this.#job, process));
    } finally {
      k.CloseHandle(process);
    }
  }

  /** CPU times and process counts (JobObjectBasicAccountingInformation). */
  accounting(): BasicAccounting {
    const info = Buffer.alloc(BASIC_ACCOUNTING.size);
    this.#query('JobObjectBasicAccountingInformation', JobInfoClass.BasicAccounting, info);
    return decodeBasicAccounting(info);
  }

  /** The limits in force and the peak memory used (JobObjectExtendedLimitInformation). */
  extendedLimits(): ExtendedLimitState {
    const info = Buffer.alloc(EXTENDED_LIMIT.size);
    this.#query('JobObjectExtendedLimitInformation', JobInfoClass.ExtendedLimit, info);
    return decodeExtendedLimits(info);
  }

  /** Ids of the processes now in the job (JobObjectBasicProcessIdList), asking again while the list grows. */
  processIds(): number[] {
    let capacity = 64;
    for (;;) {
      const info = processIdListBuffer(capacity);
      this.#query('JobObjectBasicProcessIdList', JobInfoClass.BasicProcessIdList, info, true);
      const { pids, complete } = decodeProcessIdList(info);
      if (complete || capacity >= 65_536) return pids;
      capacity *= 4;
    }
  }

  /** Messages the job posted since the last call, without waiting (timeout 0). */
  notices(): JobNotice[] {
    const k = this.#kernel32;
    const bytes = Buffer.alloc(4);
    const key = Buffer.alloc(8);
    const overlapped = Buffer.alloc(8);
    const notices: JobNotice[] = [];
    while (k.GetQueuedCompletionStatus(this.#port, bytes, key, overlapped, 0)) {
      notices.push({ message: bytes.readUInt32LE(0), pid: Number(overlapped.readBigUInt64LE(0)) });
    }
    return notices;
  }

  /** Ends every process in the job with `exitCode`. Returns at once; the processes take a moment to be gone. */
  terminate(exitCode: number): void {
    const k = this.#kernel32;
    check(k, 'TerminateJobObject', k.TerminateJobObject(this.#job, exitCode));
  }

  /**
   * Closes the port and the job. With KILL_ON_JOB_CLOSE this ends whatever is still in the job, which is why the
   * hub closes a run's job only once the run is over.
   */
  close(): void {
    const k = this.#kernel32;
    if (this.#port) k.CloseHandle(this.#port);
    if (this.#job) k.CloseHandle(this.#job);
    this.#port = 0;
    this.#job = 0;
  }

  #query(name: string, infoClass: number, info: Buffer, moreDataIsFine = false): void {
    const k = this.#kernel32;
    if (k.QueryInformationJobObject(this.#job, infoClass, info, info.length, null)) return;
    const code = k.GetLastError();
    // ERROR_MORE_DATA: the id list did not fit; the counts in it are still right.
    if (moreDataIsFine && code === 234) return;
    throw new Win32Error(`QueryInformationJobObject(${name})`, code);
  }
}
