import type { Host } from "../host.js";
import type { ResourceManager } from "../azure/arm.js";
import type { TemplateCustomizer } from "../template/template-customizer.js";
import { reportProgress } from "./build-progress.js";
import { followBuild } from "./follow-build.js";
import type { ImageTemplateClient } from "./image-template-client.js";
import { reportOutcome } from "./outcome.js";
import type { BuildPlan } from "./outputs.js";
import { TERMINAL_STATES } from "./waiting.js";

/** The client waits this much longer than the build may take, so Image Builder's timeout comes first. */
const CLIENT_MARGIN_MS = 15 * 60_000;

export interface BuildToSeeThrough {
  host: Host;
  arm: ResourceManager;
  client: ImageTemplateClient;
  plan: BuildPlan;
  /** The template's customizers, which the build log's steps are traced back to. */
  customizers: TemplateCustomizer[];
  logLevel: "quiet" | "normal" | "verbose";
  buildMinutes: number;
  signal: AbortSignal;
  /** When the step started: progress lines show the time since. */
  startedMs: number;
  firstPollAfterMs?: number;
}

/** What the caller's cleanup needs to know, set as soon as it is known (also when the build failed). */
export interface BuildWatch {
  /** The run reached a final state: nothing to cancel or wait for. */
  buildOver: boolean;
  succeeded: boolean;
}

/**
 * Follows a started build to its end with its live log, then sets the outputs, the summary and
 * the one annotation of a failure. Shared by every way a step gets to a running build.
 */
export async function seeBuildThrough(build: BuildToSeeThrough, watch: BuildWatch): Promise<void> {
  const { host, client, signal } = build;
  const { final, analysis, logUrl } = await followBuild({
    host,
    arm: build.arm,
    client,
    customizers: build.customizers,
    logLevel: build.logLevel,
    deadline: Date.now() + build.buildMinutes * 60_000 + CLIENT_MARGIN_MS,
    signal,
    firstPollAfterMs: build.firstPollAfterMs,
    onChange: (status) => reportProgress(host, status, Date.now() - build.startedMs),
  });
  watch.buildOver =
    final.status.runState !== undefined && TERMINAL_STATES.has(final.status.runState);
  watch.succeeded = await reportOutcome(host, client, build.plan, final, analysis, logUrl, signal);
}
