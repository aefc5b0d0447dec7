/**
 * Electron reports why Windows ends the session as reasons: 'shutdown', 'close-app', 'critical', 'logoff'.
 * What the runs stopped by the end of the session are told, in the words of their history entry
 * ("cancelled: <this>"). `logoff` wins (Windows sets it alongside others when the user signs out);
 * `close-app` is an installer or updater closing the app; an empty list is a shutdown or restart.
 */
export function sessionEndMessage(reasons: readonly string[]): string {
  if (reasons.includes('logoff')) return 'Windows signed the user out while it ran';
  if (reasons.includes('close-app'))
    return 'Windows closed Automation Hub while it ran (an installer or update asked)';
  if (reasons.includes('critical')) return 'Windows shut down at once (critical shutdown) while it ran';
  return 'Windows shut down or restarted while it ran';
}
