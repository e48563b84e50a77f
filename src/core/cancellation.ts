/**
 * GitHub and Azure Pipelines stop a step with SIGINT, then SIGTERM a few seconds later.
 * Both become one abort, so the core can cancel the build and clean up in between.
 */
export function listenForCancellation(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted) controller.abort(new Error(`received ${signal}`));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return controller.signal;
}
