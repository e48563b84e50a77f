import type { Host } from "../host.js";
import type { BakeInputs } from "../inputs/read-inputs.js";
import { TAG } from "../naming.js";
import { announceRendered, shownTemplate, renderTemplate } from "../template/render-template.js";
import type { Json, JsonObject } from "../template/template-file.js";
import { HASH_WHILE_UPLOADING_FROM, BlobStaging } from "../staging/blob-staging.js";
import { resolveStagingAccount } from "../staging/staging-account.js";
import { ImageTemplateClient, SDK_POLL_MS } from "./image-template-client.js";
import {
  azureTargets,
  cleanUpAfterRun,
  forgetCleanupState,
  recordCleanupState,
  removeLeftovers,
  type CleanupState,
} from "./cleanup.js";
import { signIn } from "./sign-in.js";
import { preflight } from "./preflight.js";
import { BuildTimeoutError } from "./wait-for-build.js";
import { keepVersionsAfterBuild } from "../lifecycle/keep-versions-run.js";
import { cancelBuild, CancelledError, describeCancellation } from "./cancel-build.js";
import { seeBuildThrough, type BuildWatch } from "./see-build-through.js";
import { handOverBuild } from "./hand-over.js";
import { identifyImage, type ImageIdentity } from "../lifecycle/build-only-what-changed.js";

const SAS_MARGIN_MS = 30 * 60_000;

/** Puts the SAS URLs in place of the plain blob URLs the template was rendered with. */
function withReadUrls(node: Json, urls: Map<string, string>): Json {
  if (typeof node === "string") return urls.get(node) ?? node;
  if (Array.isArray(node)) return node.map((n) => withReadUrls(n, urls));
  if (node && typeof node === "object")
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withReadUrls(v, urls)]));
  return node;
}

/**
 * A real run, as a sequence: sign in, render, check, stage, create, build, report. Cleanup,
 * cancellation and the outcome each live in a module of their own. Without `wait`, the step
 * ends once the build has started and leaves the template and staged files to `follow`.
 */
export async function realRun(host: Host, inputs: BakeInputs, wait = true): Promise<void> {
  const ctx = host.runContext();
  const signal = host.cancellation;
  const started = Date.now();
  const arm = await signIn(host, inputs);
  const account = inputs.stagingStorageAccount
    ? await resolveStagingAccount(arm, inputs.stagingStorageAccount, inputs.resourceGroup, signal)
    : undefined;
  const rendered = await renderTemplate(inputs, ctx, {
    blobEndpoint: account?.blobEndpoint,
    // Skipping an unchanged image needs every checksum before anything is uploaded.
    deferHashesFrom: inputs.ifUnchanged === "build" ? HASH_WHILE_UPLOADING_FROM : undefined,
  });
  announceRendered(host, rendered);
  let image: ImageIdentity;
  try {
    image = await identifyImage(host, arm, inputs, rendered, signal);
    // An image built from the same inputs needs nothing checked: nothing will be created.
    if (await image.reuseIfBuilt()) {
      rendered.dispose();
      return;
    }
    await preflight(arm, inputs, rendered, signal, {
      notice: (message) => host.annotate("notice", { message, title: "Check skipped" }),
      warning: (message) => host.annotate("warning", { message }),
      info: (message) => host.info(message),
    });
  } catch (error) {
    rendered.dispose();
    throw error;
  }
  const client = new ImageTemplateClient(
    arm,
    inputs.resourceGroup,
    rendered.names.templateName,
    SDK_POLL_MS,
  );
  const targets = azureTargets(arm);
  const staging =
    account && rendered.artifacts.length
      ? new BlobStaging(account, arm.credential, inputs.stagingContainer, arm.httpClient)
      : undefined;
  // Only what this step created is ever removed: recorded before each creation, so a crash
  // in between leaves the post step something to look for, and never someone else's template.
  const state: CleanupState = {
    resourceGroup: inputs.resourceGroup,
    templateName: client.name,
    createdTemplate: false,
  };
  const record = () => recordCleanupState(host, state);
  host.setOutput("template-name", client.name);
  host.setOutput("template-id", client.id);

  let runStarted = false;
  let handedOver = false;
  const watch: BuildWatch = { buildOver: false, succeeded: false };
  let cancelled: { cause: unknown } | undefined;
  let cancelAskedMs: number | undefined;
  let left: CleanupState | undefined;
  try {
    // Looking for an earlier try's template goes on while the files upload.
    const leftovers = removeLeftovers(
      targets,
      client.resourceGroup,
      client.name,
      rendered.names.provenanceTags[TAG.step]!,
      ctx,
      host,
      signal,
    );
    leftovers.catch(() => undefined);
    if (staging) {
      state.staging = {
        account: account!,
        container: inputs.stagingContainer,
        prefix: rendered.names.stagingPrefix,
      };
      record();
      await host.group(
        `Staging ${rendered.artifacts.length} file(s) in ${account!.name}/${inputs.stagingContainer}/${rendered.names.stagingPrefix}`,
        () =>
          staging.upload(rendered.artifacts, signal, (a) =>
            host.info(
              `${a.source.relativePath}${a.archive ? ` (${a.archive})` : ""}: ${a.size} bytes, sha256 ${a.sha256}`,
            ),
          ),
      );
    }
    // Large files were hashed while they uploaded: the template gets their checksums now, and
    // (with if-unchanged: build) the fingerprint that needed them.
    await rendered.resolveHashes();
    image.complete();
    host.setOutput("template", shownTemplate(rendered));
    const buildMinutes = (rendered.body.properties as JsonObject).buildTimeoutInMinutes as number;
    let body = rendered.body;
    if (staging && inputs.stagingAccess === "sas") {
      const expiresOn = new Date(Date.now() + buildMinutes * 60_000 + SAS_MARGIN_MS);
      const urls = await staging.readOnlySasUrls(rendered.artifacts, expiresOn, signal);
      for (const url of urls.values()) host.setSecret(url.slice(url.indexOf("?") + 1));
      body = withReadUrls(rendered.body, urls) as JsonObject;
      host.info(
        `Image Builder reads the staged files through read-only SAS URLs that expire at ${expiresOn.toISOString()}.`,
      );
    }
    await leftovers;
    state.createdTemplate = true;
    record();
    await host.group(
      `Creating image template ${client.name} in ${inputs.resourceGroup}`,
      async () => {
        host.info(JSON.stringify(rendered.body, null, 2));
        await client.create(body, signal);
      },
    );
    const firstPollAfterMs = await client.startRun(signal);
    runStarted = true;
    if (!wait) {
      handedOver = true;
      forgetCleanupState(host);
      await handOverBuild(host, client, state);
      return;
    }
    host.info(`Build started; Image Builder may take a while. Timeout: ${buildMinutes} minutes.`);
    await seeBuildThrough(
      {
        host,
        arm,
        client,
        plan: rendered,
        customizers: rendered.customizers,
        logLevel: inputs.logLevel,
        buildMinutes,
        signal,
        startedMs: started,
        firstPollAfterMs,
      },
      watch,
    );
    if (watch.succeeded)
      await keepVersionsAfterBuild(host, arm, inputs, rendered.body, client, signal);
  } catch (error) {
    if (runStarted && (signal.aborted || error instanceof BuildTimeoutError)) {
      cancelAskedMs = await cancelBuild(host, client);
    }
    if (!signal.aborted) throw error;
    cancelled = { cause: error };
  } finally {
    rendered.dispose();
    if (!handedOver)
      left = await cleanUpAfterRun(host, targets, state, {
        keepOnFailure: inputs.keepOnFailure,
        succeeded: watch.succeeded,
        cancelled: signal.aborted,
        buildOver: watch.buildOver,
        cancelAskedMs,
      });
  }
  if (cancelled) {
    throw new CancelledError(describeCancellation(runStarted, state, left, host.cleanupPhase), {
      cause: cancelled.cause,
    });
  }
}
