/** The ways a command is told to stop: Ctrl+C, kill, a closed terminal or SSH session, Ctrl+Break on Windows. */
const STOP_SIGNALS: NodeJS.Signals[] =
  process.platform === 'win32'
    ? ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']
    : ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Takes over every stop signal for as long as a command has processes to look after, so that none of them ends
 * the command before the job trees are stopped and recorded. `onStop` hears each signal with its count: the
 * first asks for an orderly stop, later ones may hurry it (never skip it). On Windows, closing the console
 * window arrives as SIGHUP and leaves a few seconds. Returns the function that gives the signals back.
 */
export function takeStopSignals(onStop: (signal: NodeJS.Signals, count: number) => void): () => void {
  let count = 0;
  const handler = (signal: NodeJS.Signals) => onStop(signal, ++count);
  for (const signal of STOP_SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, handler);
  };
}
