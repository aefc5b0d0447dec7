/** Name of the variable every process of a run inherits; the tree killer finds escaped descendants by it. */
export const RUN_MARKER_VARIABLE = 'AUTOMATION_HUB_RUN_ID';

/**
 * Merges environment layers for a job. On Windows variable names are case-insensitive, so a job's `Path`
 * must replace the inherited `PATH` rather than sit beside it (which one a program sees would be luck).
 */
export function mergeEnvironment(
  platform: NodeJS.Platform,
  ...layers: (Record<string, string | undefined> | undefined)[]
): Record<string, string> {
  const merged: Record<string, string> = {};
  const keyFor = new Map<string, string>();
  for (const layer of layers) {
    if (!layer) continue;
    for (const [name, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      if (platform === 'win32') {
        const existing = keyFor.get(name.toUpperCase());
        if (existing !== undefined && existing !== name) delete merged[existing];
        keyFor.set(name.toUpperCase(), name);
      }
      merged[name] = value;
    }
  }
  return merged;
}
