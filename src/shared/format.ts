/**
 * Human durations for messages: "0.4 s", "12.0 s", "4 min 05 s", "2 h 03 min". Under a minute always with tenths,
 * so a short run never reads "after 0 s"; under a twentieth of a second, hundredths ("0.03 s").
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0.0 s';
  const tenths = Math.round(ms / 100);
  if (tenths === 0) return `${(Math.max(1, Math.round(ms / 10)) / 100).toFixed(2)} s`;
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) return `${totalMinutes} min ${String(totalSeconds % 60).padStart(2, '0')} s`;
  const hours = Math.floor(totalMinutes / 60);
  return `${hours} h ${String(totalMinutes % 60).padStart(2, '0')} min`;
}

/** Minutes as a user wrote them, for messages that quote the setting: 0.05 → "0.05". */
export function formatMinutes(minutes: number): string {
  return Number.isInteger(minutes) ? String(minutes) : String(Number(minutes.toFixed(4)));
}

/**
 * Parses "30s", "5m", "2h", "1.5h" or "250ms" into milliseconds; null if invalid. The unit is required: a bare "2"
 * could mean seconds or minutes, and guessing wrong stops a job 60 times too early or too late.
 */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h)\s*$/i.exec(text);
  if (!match) return null;
  const value = Number(match[1]);
  const unit = (match[2] ?? '').toLowerCase();
  const factor =
    unit === 'ms' ? 1 : unit === 's' || unit === 'sec' ? 1000 : unit === 'h' ? 3_600_000 : 60_000;
  const ms = value * factor;
  return ms > 0 && Number.isFinite(ms) ? ms : null;
}

/** A duration that is only a number ("2", "1.5"): said apart from other mistakes, because the fix is a unit. */
export function lacksUnit(text: string): boolean {
  return /^\s*\d+(?:\.\d+)?\s*$/.test(text);
}

/** Bytes for messages: "812 B", "12.3 KB", "4.0 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
