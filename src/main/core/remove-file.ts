import { unlinkSync } from 'node:fs';

/**
 * Deletes `file`; one that is already gone is fine. For one file, cheaper than `rmSync(file, { force: true })`,
 * whose first use loads Node's recursive remover.
 */
export function removeFile(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
