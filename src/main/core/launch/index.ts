// The launch planner's public face: what to pass to child_process.spawn, decided without touching a process.
export { findExecutable } from './find-executable';
export { planLaunch } from './plan-launch';
export { quoteWindowsArgument } from './quote-windows-argument';
export { readFileHead } from './read-file-head';
export { splitCommandLine } from './split-command-line';
export type { LaunchContext, LaunchPlan } from './types';
