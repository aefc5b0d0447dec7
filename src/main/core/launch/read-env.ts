/**
 * Reads a variable the way the child will see it. On Windows names are case-insensitive and a merged
 * environment can hold both `Path` and `PATH`; Node keeps only the first key in lexicographic order
 * (child_process docs, "sanitize env variables"), so we pick the same one, even when its value is undefined.
 */
export function readEnv(
  env: Record<string, string | undefined>,
  name: string,
  platform: NodeJS.Platform,
): string | undefined {
  if (platform !== 'win32') return env[name];
  const wanted = name.toUpperCase();
  const key = Object.keys(env)
    .sort()
    .find((candidate) => candidate.toUpperCase() === wanted);
  return key === undefined ? undefined : env[key];
}
