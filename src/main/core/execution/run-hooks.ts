/** Runs a caller's hook; its failure must never leave a process unsupervised, so it is reported, not thrown. */
export function safely(hook: () => void): void {
  try {
    hook();
  } catch (error) {
    process.emitWarning(
      `a run hook failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }
}
