import type { Host, RunContext } from "../host.js";
import { BakeError } from "../errors.js";
import type { BakeInputs } from "../inputs/read-inputs.js";
import { TAG } from "../naming.js";
import type { ResourceManager } from "../azure/arm.js";
import { BlobStaging } from "../staging/blob-staging.js";
import type { StagingAccount } from "../staging/staging-account.js";
import { ImageTemplateClient, SDK_POLL_MS } from "./image-template-client.js";
import { signIn } from "./sign-in.js";
import type { TemplateOperations } from "./template-operations.js";
import { sleep, TERMINAL_STATES } from "./waiting.js";

/**
 * What the main step cannot finish within the few seconds between SIGINT and SIGTERM (Image
 * Builder keeps a cancelled build Canceling for tens of seconds) is left to the cleanup
 * phase, which runs within the job's cancel timeout (5 minutes by default), so it gets a
 * little less than that.
 */
const CANCEL_CLEANUP_MS = 4_000;
const LATER_CLEANUP_MS = 270_000;
const CLEANUP_MS = 300_000;
const CLEANUP_STATE = "cleanup";

/** What the cleanup phase needs to find what this step created. */
export interface CleanupState {
  resourceGroup: string;
  templateName: string;
  /** Set just before the PUT: from then on the template of this name is this step's. */
  createdTemplate: boolean;
  staging?: { account: StagingAccount; container: string; prefix: string };
}

/** What cleanup reaches: image templates through Image Builder, staged files in storage. */
export interface CleanupTargets {
  /** The templates of a resource group, with their tags. */
  templatesIn(
    resourceGroup: string,
    signal: AbortSignal,
  ): AsyncIterable<{ name?: string; tags?: Record<string, string> }>;
  template(resourceGroup: string, name: string): TemplateOperations;
  stagedFiles(staging: NonNullable<CleanupState["staging"]>): {
    deletePrefix(prefix: string, signal: AbortSignal): Promise<number>;
  };
}

export function azureTargets(arm: ResourceManager): CleanupTargets {
  return {
    templatesIn: (resourceGroup, signal) =>
      arm.imageBuilder.virtualMachineImageTemplates.listByResourceGroup(resourceGroup, {
        abortSignal: signal,
      }),
    template: (resourceGroup, name) =>
      new ImageTemplateClient(arm, resourceGroup, name, SDK_POLL_MS),
    stagedFiles: (staging) =>
      new BlobStaging(staging.account, arm.credential, staging.container, arm.httpClient),
  };
}

/** Records what the step created, for the cleanup phase to find should this one not finish. */
export function recordCleanupState(host: Host, state: CleanupState): void {
  host.saveState(CLEANUP_STATE, JSON.stringify(state));
}

/** The build is handed to a later step (`wait: false`): this step's cleanup phase removes nothing. */
export function forgetCleanupState(host: Host): void {
  host.saveState(CLEANUP_STATE, "");
}

function isOurs(template: { tags?: Record<string, string> }, ctx: RunContext, step: string) {
  const tags = template.tags ?? {};
  return (
    tags[TAG.repository] === ctx.repository &&
    tags[TAG.runId] === ctx.runId &&
    tags[TAG.step] === step
  );
}

/**
 * A template of this step left by an interrupted earlier try (same name) or an earlier
 * attempt of this run (tags) is removed; any other template of the same name is not ours to touch.
 */
export async function removeLeftovers(
  targets: CleanupTargets,
  resourceGroup: string,
  templateName: string,
  step: string,
  ctx: RunContext,
  host: Host,
  signal: AbortSignal,
): Promise<void> {
  for await (const t of targets.templatesIn(resourceGroup, signal)) {
    const sameName = t.name?.toLowerCase() === templateName.toLowerCase();
    if (sameName && !isOurs(t, ctx, step)) {
      throw new BakeError(
        `An image template named ${templateName} already exists in resource group ${resourceGroup} and was not made by this step of this run (its tags name repository '${t.tags?.[TAG.repository] ?? "none"}', run '${t.tags?.[TAG.runId] ?? "none"}'). Delete it, or run in another resource group.`,
      );
    }
    if (!isOurs(t, ctx, step)) continue;
    const leftover = targets.template(resourceGroup, t.name!);
    host.info(
      `Removing image template ${t.name}, left by an interrupted earlier try of this step (attempt ${t.tags?.[TAG.runAttempt] ?? "?"}).`,
    );
    await removeTemplate(leftover, signal, 120_000);
  }
}

/**
 * Removes a template, cancelling its run first if one is going on: Image Builder refuses to
 * delete a template while a run is still stopping. Returns false when there was none.
 */
async function removeTemplate(
  client: TemplateOperations,
  signal: AbortSignal,
  budgetMs: number,
  buildOver = false,
  firstLookAfterMs = 0,
): Promise<boolean> {
  const until = Date.now() + budgetMs;
  // A cancel just accepted named how long to wait before its effect is looked at.
  if (firstLookAfterMs) await sleep(Math.min(firstLookAfterMs, budgetMs), signal);
  let cancelled = false;
  // When this run saw the build end, there is nothing to cancel or wait for: delete at once.
  for (let looked = buildOver; ; looked = false) {
    if (!looked) {
      const current = await client.find(signal);
      if (!current) return false;
      const state = current.lastRunStatus?.runState;
      let asked: number | undefined;
      if (state === "Running" && !cancelled) {
        asked = await client.requestCancel(signal);
        cancelled = true;
      }
      if (state && !TERMINAL_STATES.has(state) && Date.now() <= until) {
        await sleep(Math.max(asked ?? 0, 500), signal);
        continue;
      }
    }
    try {
      return await client.delete(signal);
    } catch (error) {
      // Image Builder refuses (409) while a run that just ended is still being wrapped up.
      if ((error as { statusCode?: number }).statusCode !== 409 || Date.now() > until) throw error;
      await sleep(500, signal);
    }
  }
}

/**
 * Deletes the template and the staged files. Problems become warnings naming what is left,
 * never the step's result; with `laterPhase` (a cancelled main step) what is left is handed to
 * that phase instead, without a warning. Returns what is left, or undefined when nothing is.
 */
export async function cleanUp(
  host: Host,
  targets: CleanupTargets,
  state: CleanupState,
  budgetMs: number,
  options: {
    /** This run saw the build end: nothing to cancel or wait for. */
    buildOver?: boolean;
    /** The phase that removes what is left after a cancelled main step. */
    laterPhase?: string;
    /** Retry-After of a cancel just accepted. */
    firstLookAfterMs?: number;
  } = {},
): Promise<CleanupState | undefined> {
  const { buildOver = false, laterPhase, firstLookAfterMs } = options;
  const signal = AbortSignal.timeout(budgetMs);
  const left: CleanupState = { ...state, createdTemplate: false, staging: undefined };
  const client = targets.template(state.resourceGroup, state.templateName);
  const [templateResult, blobResult] = await Promise.allSettled([
    state.createdTemplate
      ? removeTemplate(client, signal, budgetMs, buildOver, firstLookAfterMs)
      : Promise.resolve(false),
    state.staging
      ? targets.stagedFiles(state.staging).deletePrefix(state.staging.prefix, signal)
      : Promise.resolve(0),
  ]);
  if (templateResult.status === "rejected") {
    left.createdTemplate = true;
    const why = (templateResult.reason as Error).message;
    const stopping =
      (templateResult.reason as Error).name === "TimeoutError" ||
      (templateResult.reason as { statusCode?: number }).statusCode === 409;
    if (laterPhase)
      host.info(
        `Image template ${client.name} is not deleted yet (${stopping ? "Image Builder is still stopping its build" : why}); ${laterPhase} deletes it.`,
      );
    else
      host.annotate("warning", {
        message: `Cleanup: the image template ${client.id} could not be deleted (${why}). Delete it by hand.`,
      });
  } else if (templateResult.value) {
    host.info(`Deleted image template ${client.name}.`);
  }
  if (blobResult.status === "rejected") {
    left.staging = state.staging;
    const where = `${state.staging!.container}/${state.staging!.prefix} in ${state.staging!.account.name}`;
    const why = (blobResult.reason as Error).message;
    if (laterPhase)
      host.info(
        `The staged files under ${where} are not deleted yet (${why}); ${laterPhase} deletes them.`,
      );
    else
      host.annotate("warning", {
        message: `Cleanup: the staged files under ${where} could not be deleted (${why}). Delete them by hand.`,
      });
  } else if (blobResult.value) {
    host.info(`Deleted ${blobResult.value} staged file(s).`);
  }
  return left.createdTemplate || left.staging ? left : undefined;
}

/**
 * The main step's own cleanup once the build is over, failed or cancelled: keeps everything
 * for keep-on-failure, else removes what the step created. What a cancelled step cannot
 * remove in time is recorded for the later cleanup phase. Returns what is left.
 */
export async function cleanUpAfterRun(
  host: Host,
  targets: CleanupTargets,
  state: CleanupState,
  run: {
    keepOnFailure: boolean;
    succeeded: boolean;
    cancelled: boolean;
    /** This run saw the build end: nothing to cancel or wait for. */
    buildOver: boolean;
    /** Retry-After of a cancel just accepted. */
    cancelAskedMs?: number;
  },
): Promise<CleanupState | undefined> {
  if (run.keepOnFailure && !run.succeeded && !run.cancelled) {
    const id = targets.template(state.resourceGroup, state.templateName).id;
    host.info(
      `keep-on-failure: kept image template ${id}${state.staging ? ` and the staged files under ${state.staging.container}/${state.staging.prefix} in ${state.staging.account.name}` : ""} for debugging. Delete them when done.`,
    );
    host.saveState(CLEANUP_STATE, "");
    return undefined;
  }
  if (!state.createdTemplate && !state.staging) return undefined;
  const left = await cleanUp(host, targets, state, run.cancelled ? CANCEL_CLEANUP_MS : CLEANUP_MS, {
    buildOver: run.buildOver,
    laterPhase: run.cancelled ? host.cleanupPhase : undefined,
    firstLookAfterMs: run.cancelAskedMs,
  });
  host.saveState(CLEANUP_STATE, left ? JSON.stringify(left) : "");
  return left;
}

/**
 * The safety net behind a killed main step (GitHub's post step): removes what the main
 * phase recorded and did not clean up itself.
 */
export function cleanUpLeftState(host: Host, inputs: BakeInputs): Promise<void> {
  return cleanUpRecorded(host, async () => azureTargets(await signIn(host, inputs)));
}

/** The cleanup phase's work, given how to reach Azure once there is something to remove. */
export async function cleanUpRecorded(
  host: Host,
  connect: () => Promise<CleanupTargets>,
): Promise<void> {
  const saved = host.getState(CLEANUP_STATE);
  if (!saved) return;
  const state = JSON.parse(saved) as CleanupState;
  const what = [
    state.createdTemplate ? `image template ${state.templateName}` : undefined,
    state.staging ? "the staged files" : undefined,
  ]
    .filter(Boolean)
    .join(" and ");
  host.info(`The main step did not finish its cleanup; removing ${what}.`);
  const targets = await connect();
  const left = await cleanUp(host, targets, state, LATER_CLEANUP_MS);
  host.saveState(CLEANUP_STATE, left ? JSON.stringify(left) : "");
}
