import { splitPosixCommandLine } from './split-posix-command-line';
import { splitWindowsCommandLine } from './split-windows-command-line';

/** Turns a string `arguments` into argv with the rules the platform's programs themselves use. */
export function splitCommandLine(text: string, platform: NodeJS.Platform): string[] {
  return platform === 'win32' ? splitWindowsCommandLine(text) : splitPosixCommandLine(text);
}
