/**
 * What both the client and the build watcher need, kept apart so that neither imports the
 * other: waiting that a cancellation cuts short, and the run states that end a build.
 */

/** The states in which Image Builder's run is over: nothing more will happen to it. */
export const TERMINAL_STATES = new Set(["Succeeded", "PartiallySucceeded", "Failed", "Canceled"]);

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
