// Names that mean "still being written": Office lock files (~$), browser and download-manager partials, and the
// generic temp suffix. The finished file arrives under its real name (usually by rename), which is what we want.
const TEMP_NAME = /^~\$|\.(tmp|part|crdownload)$/i;

/** True for names writers use while a file is incomplete (`*.tmp`, `*.part`, `*.crdownload`, `~$*`). */
export function isTempName(name: string): boolean {
  return TEMP_NAME.test(name);
}
