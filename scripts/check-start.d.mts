// Types for scripts/check-start.mjs (a plain Node script, imported by test/packaging).

export const ELECTRON_TOOLS_NODE: string;
export const HEADLESS_NODE: string;

export interface StartContext {
  nodeVersion?: string;
  env?: Record<string, string | undefined>;
  platform?: string;
  arch?: string;
  home?: string;
  /** node_modules/electron: its package.json, dist/ and path.txt. */
  electronDir: string;
  fetchFn?: (
    url: string,
    init: { method: string; redirect: string; signal: AbortSignal },
  ) => Promise<{
    ok: boolean;
    status: number;
  }>;
  exists?: (path: string) => boolean;
}

export function checkStart(context: StartContext): Promise<string | null>;
export function electronArtifact(context: {
  version: string;
  env: Record<string, string | undefined>;
  platform: string;
  arch: string;
  home: string;
}): { url: string; fileName: string; cached: string };
export function electronInstalled(context: {
  electronDir: string;
  version: string;
  env: Record<string, string | undefined>;
  platform: string;
  exists?: (path: string) => boolean;
}): boolean;
