/** The message of whatever was thrown, for one-line problem reports. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
