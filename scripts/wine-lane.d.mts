// Types for scripts/wine-lane.mjs (a plain Node script, imported by test/helpers/wine.ts).
import type { ChildProcess } from 'node:child_process';

export const ROOT: string;
export const NODE_WIN_VERSION: string;
export const CACHE_DIR: string;
export const NODE_EXE: string;
export const PREFIX: string;
export const KOFFI_WIN32_DIR: string;
export const CLI: string;
export function wineEnv(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export function windowsPath(linuxPath: string): string;
export function findWine(): string | null;
export function laneStatus(): { ok: true } | { ok: false; reason: string };
export function prepare(): void;
export function spawnWindowsNode(
  args: string[],
  options: { cwd?: string | undefined; env?: NodeJS.ProcessEnv; stdout: number; stderr: number },
): ChildProcess;
