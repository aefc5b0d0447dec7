import { readEnv } from './read-env';
import type { LaunchContext } from './types';

// cmd's own default when PATHEXT is missing from the environment.
const DEFAULT_PATHEXT = '.COM;.EXE;.BAT;.CMD';

/**
 * The extensions tried, in order, for a Windows command written without one: PATHEXT (what cmd tries), then
 * `.ps1` if PATHEXT lacks it, because people name PowerShell scripts without the extension and PowerShell
 * itself would find them. It comes last, so an .exe/.bat/.cmd of the same name in the same folder wins,
 * as npm's side-by-side `x.cmd` / `x.ps1` shims expect. Lower case, because NTFS does not care and logs read better.
 */
export function windowsExtensions(ctx: LaunchContext): string[] {
  const pathExt = readEnv(ctx.env, 'PATHEXT', 'win32')?.trim() || DEFAULT_PATHEXT;
  const extensions = pathExt
    .split(';')
    .map((ext) => ext.trim().toLowerCase())
    .filter((ext) => ext !== '')
    .map((ext) => (ext.startsWith('.') ? ext : `.${ext}`));
  return [...new Set([...extensions, '.ps1'])];
}
