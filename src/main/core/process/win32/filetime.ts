// FILETIME is a count of 100 ns intervals since 1601-01-01 UTC.

// 100 ns intervals between 0001-01-01 (.NET's DateTime ticks) and 1601-01-01.
const TICKS_AT_1601 = 504_911_232_000_000_000n;
// 100 ns intervals between 1601-01-01 and 1970-01-01.
const FILETIME_AT_UNIX_EPOCH = 116_444_736_000_000_000n;

/**
 * A process's creation FILETIME as its identity token: UTC ticks since 0001-01-01, the form the hub has always
 * stored on Windows (lock files, run journals), so tokens written by earlier versions still compare equal.
 */
export function creationTimeToken(fileTime: bigint): string {
  return (fileTime + TICKS_AT_1601).toString();
}

/** A FILETIME as a Date (millisecond precision). */
export function fileTimeToDate(fileTime: bigint): Date {
  return new Date(Number((fileTime - FILETIME_AT_UNIX_EPOCH) / 10_000n));
}

/** A duration in 100 ns units (CPU times) as whole milliseconds. */
export function hundredNanosToMs(duration: bigint): number {
  return Number(duration / 10_000n);
}
