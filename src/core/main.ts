import type { Host } from "./host.js";
import { BakeError, InputError } from "./errors.js";
import { explainAzureError } from "./azure/azure-errors.js";
import { readInputs, type BakeInputs } from "./inputs/read-inputs.js";
import { readRunMode, withTemplateSubscription } from "./inputs/run-mode.js";
import {
  announceRendered,
  shownTemplate,
  renderTemplate,
  describeOrigin,
  type RenderedTemplate,
} from "./template/render-template.js";
import { IMAGE_BUILDER_API_VERSION } from "./template/validate-template.js";

/** Blob endpoint used when rendering offline: the public clouds' naming, else a marker. */
function offlineBlobEndpoint(inputs: BakeInputs): string | undefined {
  const account = inputs.stagingStorageAccount?.name;
  if (!account) return undefined;
  const suffix = inputs.cloud.storageSuffix;
  // A custom cloud's blob host is only known from Resource Manager at run time.
  return suffix
    ? `https://${account}.blob.${suffix}/`
    : `https://${account}.blob.resolved-at-run-time.invalid/`;
}

/** Runs one step: validate everything, then render the template, or build the image. */
export async function runBake(host: Host): Promise<void> {
  try {
    const mode = readRunMode(host);
    const inputs = withTemplateSubscription(readInputs(host), mode);
    const ctx = host.runContext();
    // Loaded only for real runs: the Azure SDKs are most of the bundle's start-up time.
    if (mode.kind === "existing") {
      const { runExistingTemplate } = await import("./run/existing-template-run.js");
      return await runExistingTemplate(host, inputs, mode.template, mode.wait);
    }
    if (mode.kind === "follow") {
      const { followStartedBuild } = await import("./run/follow-run.js");
      return await followStartedBuild(host, inputs, mode.template);
    }
    if (!inputs.dryRun) {
      const { realRun } = await import("./run/real-run.js");
      return await realRun(host, inputs, mode.wait);
    }
    const rendered = await renderTemplate(inputs, ctx, {
      blobEndpoint: offlineBlobEndpoint(inputs),
    });
    try {
      await reportDryRun(host, rendered);
      if (inputs.comment) {
        const { commentChangePreview } = await import("./lifecycle/change-preview.js");
        await commentChangePreview(host, inputs, rendered);
      }
      if (inputs.keepVersions) {
        const { previewKeepVersions } = await import("./lifecycle/keep-versions-run.js");
        await previewKeepVersions(host, inputs, rendered.body);
      }
    } finally {
      rendered.dispose();
    }
  } catch (error) {
    fail(host, error);
  }
}

/**
 * The cleanup phase that runs after the main one (GitHub's post step, Azure Pipelines'
 * post-job step), even when it was cancelled or killed. It does nothing unless the main phase
 * left something behind, so a step that failed on its inputs is not reported twice.
 */
export async function runCleanupPhase(host: Host): Promise<void> {
  try {
    if (!host.getState("cleanup")) return;
    const inputs = withTemplateSubscription(readInputs(host), readRunMode(host));
    if (inputs.dryRun) return;
    const { cleanUpLeftState } = await import("./run/cleanup.js");
    await cleanUpLeftState(host, inputs);
  } catch (error) {
    // The main step already reported its result; a cleanup problem is only a warning.
    host.annotate("warning", {
      message: `Cleanup: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
}

async function reportDryRun(host: Host, rendered: RenderedTemplate): Promise<void> {
  announceRendered(host, rendered);
  const json = shownTemplate(rendered, 2);
  await host.group(
    `Image template ${rendered.names.templateName} (dry run, API ${IMAGE_BUILDER_API_VERSION})`,
    () => {
      host.info(json);
      return Promise.resolve();
    },
  );
  for (const c of rendered.customizers)
    host.info(`Customizer ${c.index + 1}: ${describeOrigin(c)}`);
  for (const a of rendered.artifacts) {
    host.info(
      `Would upload ${a.source.relativePath}${a.archive ? ` (as ${a.archive})` : ""}: ${a.size} bytes, sha256 ${a.sha256} → ${a.blobName}`,
    );
  }
  host.info(
    `Dry run: the template validates against Image Builder API ${IMAGE_BUILDER_API_VERSION}; nothing was created in Azure.`,
  );
  host.setOutput("template", shownTemplate(rendered));
  host.setOutput("template-name", rendered.names.templateName);
  await host.appendSummary(
    [
      `### bake-azure-image: dry run of \`${rendered.names.templateName}\``,
      "",
      `The rendered template validates against Image Builder API ${IMAGE_BUILDER_API_VERSION}. Nothing was created in Azure.`,
      "",
      "| # | Customizer | From |",
      "|---|---|---|",
      ...rendered.customizers.map(
        (c) =>
          `| ${c.index + 1} | ${c.type}${c.name ? ` \`${c.name}\`` : ""} | ${c.sourceFile ? `\`${c.sourceFile}\`` : ""} |`,
      ),
      "",
      `Run outputs: ${rendered.runOutputs.map((r) => `\`${r.name}\` (${r.kind})`).join(", ")}`,
      "",
    ].join("\n"),
  );
}

/** @azure/identity's errors: the identity, its configuration or Entra ID said no. */
const SIGN_IN_ERRORS = new Set([
  "CredentialUnavailableError",
  "AuthenticationError",
  "AggregateAuthenticationError",
  "AuthenticationRequiredError",
]);

/** Exactly one error annotation per failure, in the host's own words for input names. */
export function fail(host: Host, error: unknown): void {
  const refusal = explainAzureError(error);
  if (error instanceof InputError) {
    host.annotate("error", { message: error.describe((name) => host.inputDisplayName(name)) });
  } else if (error instanceof BakeError) {
    host.annotate("error", {
      message: error.message,
      file: error.file,
      line: error.line,
      title: error.title,
    });
  } else if (error instanceof Error && SIGN_IN_ERRORS.has(error.name)) {
    // A custom cloud's Resource Manager audience that Entra ID does not know.
    const audience = /AADSTS500011: The resource principal named (\S+) was not found/.exec(
      error.message,
    )?.[1];
    host.annotate("error", {
      message: audience
        ? `Could not sign in to Azure: Entra ID has no resource named ${audience} (AADSTS500011), the audience the token for Resource Manager was asked for. Set ${host.inputDisplayName("resource-manager-audience")} to the audience the cloud's Resource Manager accepts (authentication.audiences in <resource-manager-endpoint>/metadata/endpoints).`
        : `Could not sign in to Azure with the pipeline's identity: ${error.message}`,
    });
  } else if (refusal) {
    host.annotate("error", { message: refusal });
  } else {
    const e = error instanceof Error ? error : new Error(String(error));
    host.debug(e.stack ?? e.message);
    host.annotate("error", { message: `Unexpected error: ${e.message}` });
  }
  host.setFailed();
}
