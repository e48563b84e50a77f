import type { Host } from "../host.js";
import { BakeError } from "../errors.js";
import { describeRefusal, refusalIn } from "../azure/azure-errors.js";
import type { LogAnalysis } from "../logs/log-analyzer.js";
import { describeStep } from "../logs/steps.js";
import { summaryMarkdown } from "../logs/summary.js";
import type { ImageTemplateClient, TemplateSnapshot } from "./image-template-client.js";
import { setRunOutputs, withoutQueryStrings, type BuildPlan } from "./outputs.js";

/**
 * Sets the outputs and the job summary; true when the build succeeded. A failed or partial
 * build fails the step with one annotation (pointing at the repository script when there is one).
 */
export async function reportOutcome(
  host: Host,
  client: ImageTemplateClient,
  plan: BuildPlan,
  final: TemplateSnapshot,
  analysis: LogAnalysis,
  logUrl: string | undefined,
  signal: AbortSignal,
): Promise<boolean> {
  const runState = final.status.runState ?? "Unknown";
  const artifacts =
    runState === "Succeeded" || runState === "PartiallySucceeded"
      ? await client.runOutputs(signal)
      : [];
  const source = final.template.source as { exactVersion?: string } | undefined;
  const outputs = setRunOutputs(host, plan, {
    runStatus: runState,
    templateName: client.name,
    templateId: client.id,
    stagingResourceGroup: final.template.exactStagingResourceGroup,
    sourceImageVersion: source?.exactVersion,
    artifacts,
  });
  for (const a of artifacts)
    host.info(`${a.runOutputName}: ${a.artifactId ?? a.artifactUri ?? "(no artifact)"}`);
  // The log's lines in the excerpt may carry SAS URLs; the summary keeps none.
  await host.appendSummary(
    withoutQueryStrings(
      summaryMarkdown({
        title: `bake-azure-image: ${client.name}`,
        runStatus: runState,
        outputs,
        analysis,
        logUrl,
      }),
    ),
  );
  if (runState === "Succeeded") return true;
  throw buildFailure(runState, final, analysis, plan);
}

/**
 * The one error a build that did not succeed fails the step with: the failing customizer and
 * the log lines that say why, then the service's own message.
 */
function buildFailure(
  runState: string,
  final: TemplateSnapshot,
  analysis: LogAnalysis,
  plan: BuildPlan,
): BakeError {
  const refusal = refusalIn(final.status.message ?? "");
  const identities = Object.keys(
    (plan.body.identity as { userAssignedIdentities?: object } | undefined)
      ?.userAssignedIdentities ?? {},
  );
  // Inside the build Image Builder acts as the template's identity, not the pipeline's.
  const hint = refusal
    ? `\n${describeRefusal(`The template's identity${identities[0] ? ` ${identities[0]}` : ""}`, refusal)}`
    : "";
  const message =
    withoutQueryStrings(final.status.message ?? "Image Builder gave no reason.") + hint;
  if (runState === "PartiallySucceeded")
    return new BakeError(`The build partially succeeded: ${message}`);
  if (runState === "Canceled") return new BakeError(`The build was cancelled: ${message}`);
  const failure = analysis.failure;
  if (!failure) return new BakeError(`The build failed: ${message}`);
  const where =
    failure.step.type !== null ? describeStep(failure.step) : `the ${failure.phase} phase`;
  return new BakeError(
    [
      `The build failed in ${where}: ${withoutQueryStrings(failure.reason)}`,
      // The reason heads the message; the excerpt gives the lines around it.
      ...failure.excerpt
        .filter((l) => l !== failure.reason)
        .map((l) => `  ${withoutQueryStrings(l)}`),
      "",
      `Image Builder: ${message}`,
    ].join("\n"),
    {
      file: failure.step.sourceFile ?? undefined,
      line: failure.scriptLine ?? undefined,
      title: "Image build failed",
    },
  );
}
