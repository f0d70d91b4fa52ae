// One 'abort' listener per AbortSignal, however many calls wait on it. A signal is often shared
// (a request's, a server's shutdown signal) by many fetches at once; a listener each would pass
// Node's limit of ten per event and print a MaxListenersExceededWarning. Here the first waiter
// adds the signal's listener (one function, callAll, for every signal), which calls each
// waiter's callback in the order they came; the last waiter to leave removes it.

/** The callbacks waiting on each signal that has a listener. */
const waiting = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `callback` once when `signal` aborts, through the signal's one listener. Returns the
 * function that withdraws it (call it when the waiting ends); the last withdrawal removes the
 * listener from the signal. The callbacks must not throw: one that did would stop the others.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let callbacks = waiting.get(signal);
  if (callbacks === undefined) {
    waiting.set(signal, (callbacks = new Set()));
    signal.addEventListener('abort', callAll, { once: true });
  }
  const mine = callbacks.add(callback);
  return () => {
    if (mine.delete(callback) && mine.size === 0 && waiting.get(signal) === mine) {
      waiting.delete(signal);
      signal.removeEventListener('abort', callAll);
    }
  };
}

/** The listener: calls the aborted signal's callbacks, which leave with it. */
function callAll(event: Event): void {
  const signal = event.target as AbortSignal;
  const callbacks = waiting.get(signal)!;
  waiting.delete(signal);
  for (const call of callbacks) call();
}
