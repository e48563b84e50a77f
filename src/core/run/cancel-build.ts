import type { Host } from "../host.js";
import { BakeError } from "../errors.js";
import type { CleanupState } from "./cleanup.js";
import type { TemplateOperations } from "./template-operations.js";

/**
 * GitHub and the Azure Pipelines agent send SIGTERM 7.5 s after SIGINT: the main step's
 * cancel and cleanup fit inside it.
 */
const CANCEL_REQUEST_MS = 2_500;

export class CancelledError extends BakeError {}

/** Asks Image Builder to stop the build; returns the Retry-After it answered with. */
export async function cancelBuild(
  host: Host,
  client: TemplateOperations,
): Promise<number | undefined> {
  const signal = AbortSignal.timeout(CANCEL_REQUEST_MS);
  try {
    host.info(`Cancelling the build of ${client.name}…`);
    return await client.requestCancel(signal);
  } catch (error) {
    host.annotate("warning", {
      message: `Could not cancel the build of ${client.name}: ${(error as Error).message}`,
    });
  }
}

/** What a cancelled step did and left, as it is: nothing is said to be removed that is not. */
export function describeCancellation(
  runStarted: boolean,
  state: CleanupState,
  left: CleanupState | undefined,
  laterPhase: string | undefined,
): string {
  const head = runStarted
    ? "The step was cancelled: the build was cancelled"
    : "The step was cancelled before the build started";
  if (!state.createdTemplate && !state.staging) return `${head}.`;
  if (!left) return `${head}, and what this step created was removed.`;
  const what = [
    left.createdTemplate ? `image template ${left.templateName}` : undefined,
    left.staging ? "the staged files" : undefined,
  ]
    .filter(Boolean)
    .join(" and ");
  const What = `${what[0]!.toUpperCase()}${what.slice(1)}`;
  if (!laterPhase) return `${head}. ${What} could not be removed (see the warning).`;
  return runStarted && left.createdTemplate
    ? `${head}. Image Builder is still stopping it, so ${laterPhase} removes ${what} once it has stopped.`
    : `${head}. ${laterPhase[0]!.toUpperCase()}${laterPhase.slice(1)} removes ${what}.`;
}
