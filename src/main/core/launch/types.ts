/** What planLaunch needs to know about the job's world; injected so Windows rules are testable on Linux. */
export interface LaunchContext {
  platform: NodeJS.Platform;
  /** The job's merged environment. On Windows keys are case-insensitive (PATH/Path, ComSpec, SystemRoot). */
  env: Record<string, string | undefined>;
  /** The job's working directory, already resolved and absolute. */
  cwd: string;
  /** Whether a regular file exists at `path` (a fake in tests, `fs.statSync(p).isFile()` in the app). */
  isFile(path: string): boolean;
  /** POSIX only, optional: whether `path` has an execute bit for us, so a missing chmod +x is reported by name. */
  isExecutable?(path: string): boolean;
  /**
   * Windows, optional: the first `bytes` bytes of a file (or null), so a program's PE header can say whether
   * it is a console or a GUI program (readFileHead in the app, byte fixtures in tests). Without it every
   * program is started hidden.
   */
  readFileHead?(path: string, bytes: number): Uint8Array | null;
  /** Windows, optional: the OEM code page (GetOEMCP); without it, the one of the app's locale. */
  oemCodePage?: number;
}

/** Exactly what to hand to child_process.spawn(file, args, { argv0, windowsVerbatimArguments }). */
export interface LaunchPlan {
  /** What spawn gets as `command`: always an absolute path. */
  file: string;
  args: string[];
  /**
   * Pass as spawn's `argv0`. With windowsVerbatimArguments libuv copies argv[0] into the command line
   * unquoted too, so a program under "C:\Program Files" would see its own path split in two; this is
   * the path already quoted for that case (and the plain path everywhere else).
   */
  argv0: string;
  windowsVerbatimArguments: boolean;
  /** The resolved command and its arguments as one readable line, for logs and messages (not the cmd/powershell wrapper). */
  display: string;
  /** The absolute path the job's command resolved to (the script, not cmd.exe or powershell.exe). */
  resolvedCommand: string;
  /**
   * Pass as spawn's `windowsHide`: true for console programs (and cmd.exe, powershell.exe), which would open a
   * console window; false for GUI programs, whose first window it would hide (see hidesWindow).
   */
  hideWindow: boolean;
  /**
   * The code page output that is not UTF-8 is in (cmd.exe and Windows PowerShell write the console's OEM code
   * page); null when output is taken as UTF-8 only (see outputCodePage).
   */
  outputCodePage: number | null;
}
