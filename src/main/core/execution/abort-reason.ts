/**
 * The words a cancellation was given (`controller.abort('replaced by a newer run')`), for the run's message;
 * undefined when it was given none (a bare abort() carries a generic AbortError, which says nothing).
 */
export function abortReason(signal: AbortSignal | undefined): string | undefined {
  const reason: unknown = signal?.reason;
  if (typeof reason === 'string') return reason;
  if (reason instanceof Error && reason.name !== 'AbortError') return reason.message;
  return undefined;
}
