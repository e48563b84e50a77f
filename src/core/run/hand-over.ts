import type { Host } from "../host.js";
import type { CleanupState } from "./cleanup.js";
import type { ImageTemplateClient } from "./image-template-client.js";

/**
 * Ends a `wait: false` step once the build runs: the outputs say where it is, and the log and
 * summary say how to follow it. The template and its staged files stay for that later step,
 * which removes them when the build is over.
 */
export async function handOverBuild(
  host: Host,
  client: ImageTemplateClient,
  /** What this product made for the build; undefined for a template made elsewhere. */
  state: CleanupState | undefined,
): Promise<void> {
  host.setOutput("run-status", "Running");
  const kept = state?.staging
    ? ` The staged files under ${state.staging.container}/${state.staging.prefix} in ${state.staging.account.name} stay for the build.`
    : "";
  const follow = host.inputDisplayName("follow");
  host.info(
    `Build started; not waiting for it (wait: false). A later step given ${follow}: ${client.id} follows it to its end${state ? ", then removes the template and the staged files" : ""}.${kept}`,
  );
  await host.appendSummary(
    [
      `### bake-azure-image: ${client.name} started`,
      "",
      `The build runs on in Image Builder. Follow it with \`${follow}: ${client.id}\`.`,
      "",
    ].join("\n"),
  );
}
