import type { Host } from "../host.js";
import { BakeError } from "../errors.js";
import type { BakeInputs } from "../inputs/read-inputs.js";
import type { TemplateRef } from "../inputs/run-mode.js";
import { cancelBuild, CancelledError, describeCancellation } from "./cancel-build.js";
import { azureTargets, cleanUpAfterRun, recordCleanupState, type CleanupState } from "./cleanup.js";
import { seeBuildThrough, type BuildWatch } from "./see-build-through.js";
import { madeForThisRepository, maskFetchedSas } from "./staged-for-template.js";
import { findTemplate, openNamedTemplate } from "./template-as-found.js";
import { BuildTimeoutError } from "./wait-for-build.js";
import { TERMINAL_STATES } from "./waiting.js";

/**
 * Follows a build an earlier step started (`wait: false`) to its end, with the same log,
 * outputs and annotations, then removes what that step made for it: the template and its
 * staged files, when the template's provenance tags say this repository made it. A build
 * that already ended is reported at once.
 */
export async function followStartedBuild(
  host: Host,
  inputs: BakeInputs,
  named: TemplateRef,
): Promise<void> {
  const signal = host.cancellation;
  const started = Date.now();
  const { arm, client } = await openNamedTemplate(host, inputs, "follow", named);
  const found = await findTemplate(client, "follow", signal);
  maskFetchedSas(host, found.template);
  host.setOutput("template-name", client.name);
  host.setOutput("template-id", client.id);
  const runState = found.template.lastRunStatus?.runState;
  if (!runState) {
    throw new BakeError(
      `Image template ${client.id} has no build to follow: it was never run. Run it with ${host.inputDisplayName("existing-template")} instead.`,
    );
  }
  const ours = madeForThisRepository(
    found.template,
    client.resourceGroup,
    client.name,
    host.runContext().repository,
  );
  const state: CleanupState = ours ?? {
    resourceGroup: client.resourceGroup,
    templateName: client.name,
    createdTemplate: false,
  };
  if (ours) recordCleanupState(host, state);
  else
    host.info(
      `Image template ${client.id} was not made by this repository's pipeline: it is left as it is.`,
    );
  host.info(
    !TERMINAL_STATES.has(runState)
      ? `Following the build of ${client.id} (${found.template.lastRunStatus?.runSubState ?? runState}).`
      : `The build of ${client.id} already ended (${runState}).`,
  );
  const targets = azureTargets(arm);
  const watch: BuildWatch = { buildOver: false, succeeded: false };
  let cancelAskedMs: number | undefined;
  let cancelled: { cause: unknown } | undefined;
  let left: CleanupState | undefined;
  try {
    await seeBuildThrough(
      {
        host,
        arm,
        client,
        plan: found.plan,
        customizers: found.customizers,
        logLevel: inputs.logLevel,
        buildMinutes: found.buildMinutes,
        signal,
        startedMs: started,
      },
      watch,
    );
  } catch (error) {
    if (!watch.buildOver && (signal.aborted || error instanceof BuildTimeoutError))
      cancelAskedMs = await cancelBuild(host, client);
    if (!signal.aborted) throw error;
    cancelled = { cause: error };
  } finally {
    if (ours)
      left = await cleanUpAfterRun(host, targets, state, {
        keepOnFailure: inputs.keepOnFailure,
        succeeded: watch.succeeded,
        cancelled: signal.aborted,
        buildOver: watch.buildOver,
        cancelAskedMs,
      });
  }
  if (cancelled) {
    throw new CancelledError(describeCancellation(true, state, left, host.cleanupPhase), {
      cause: cancelled.cause,
    });
  }
}
