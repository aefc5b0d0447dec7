import { PE_HEAD_BYTES, peSubsystem, SUBSYSTEM_WINDOWS_GUI } from './pe-subsystem';
import type { LaunchContext } from './types';

/**
 * Whether to start a Windows program with `windowsHide`. A console program started by the hub (a GUI app
 * without a console) would otherwise open a console window of its own, so it is hidden. But the same flag
 * (STARTF_USESHOWWINDOW + SW_HIDE) also hides the first window of a GUI program, which then runs invisibly:
 * so a program whose PE header says GUI subsystem is shown. A header that cannot be read or understood keeps
 * the safe default, hidden.
 */
export function hidesWindow(program: string, ctx: LaunchContext): boolean {
  let head: Uint8Array | null = null;
  try {
    head = ctx.readFileHead?.(program, PE_HEAD_BYTES) ?? null;
  } catch {
    head = null;
  }
  return head === null || peSubsystem(head) !== SUBSYSTEM_WINDOWS_GUI;
}
