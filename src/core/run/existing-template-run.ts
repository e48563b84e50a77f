import type { Host } from "../host.js";
import type { BakeInputs } from "../inputs/read-inputs.js";
import type { TemplateRef } from "../inputs/run-mode.js";
import { cancelBuild, CancelledError } from "./cancel-build.js";
import { handOverBuild } from "./hand-over.js";
import { seeBuildThrough, type BuildWatch } from "./see-build-through.js";
import { maskFetchedSas } from "./staged-for-template.js";
import { findTemplate, openNamedTemplate } from "./template-as-found.js";
import { BuildTimeoutError } from "./wait-for-build.js";

/**
 * Runs an image template made elsewhere (Bicep, Terraform, ARM) as it is: nothing is uploaded,
 * created or deleted. A run already going on is followed rather than started a second time. A
 * cancelled step cancels the run and leaves the template.
 */
export async function runExistingTemplate(
  host: Host,
  inputs: BakeInputs,
  named: TemplateRef,
  wait: boolean,
): Promise<void> {
  const signal = host.cancellation;
  const started = Date.now();
  const { arm, client } = await openNamedTemplate(host, inputs, "existing-template", named);
  const found = await findTemplate(client, "existing-template", signal);
  maskFetchedSas(host, found.template);
  host.setOutput("template-name", client.name);
  host.setOutput("template-id", client.id);
  let firstPollAfterMs: number | undefined;
  if (found.template.lastRunStatus?.runState === "Running") {
    host.info(
      `Image template ${client.id} is already building (${found.template.lastRunStatus.runSubState ?? "Running"}): following that build instead of starting another.`,
    );
  } else {
    host.info(`Starting a build of image template ${client.id}.`);
    firstPollAfterMs = await client.startRun(signal);
  }
  if (!wait) return handOverBuild(host, client, undefined);
  const watch: BuildWatch = { buildOver: false, succeeded: false };
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
        firstPollAfterMs,
      },
      watch,
    );
  } catch (error) {
    if (!watch.buildOver && (signal.aborted || error instanceof BuildTimeoutError))
      await cancelBuild(host, client);
    if (!signal.aborted) throw error;
    throw new CancelledError(
      `The step was cancelled: the build was cancelled, and the image template ${client.id} is left as it was.`,
      { cause: error },
    );
  }
}
