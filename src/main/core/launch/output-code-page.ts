import { systemOemCodePage } from './oem-code-page';
import { pathFor } from './platform-path';
import type { LaunchContext } from './types';

// Programs that write redirected output in the console's (OEM) code page rather than UTF-8.
const CONSOLE_CODE_PAGE_PROGRAMS = new Set(['cmd.exe', 'powershell.exe']);

/**
 * The code page a run's output may be in besides UTF-8: the OEM code page when Windows runs cmd.exe (batch
 * files, `echo`, `dir`) or Windows PowerShell 5.1, which write redirected output in it; null otherwise (UTF-8
 * only: a program's own bytes are left as they are).
 */
export function outputCodePage(program: string, ctx: LaunchContext): number | null {
  if (ctx.platform !== 'win32') return null;
  if (!CONSOLE_CODE_PAGE_PROGRAMS.has(pathFor('win32').basename(program).toLowerCase())) return null;
  return ctx.oemCodePage ?? systemOemCodePage();
}
