/**
 * Cancellation at each phase on both hosts: the job is cancelled the way the runner and the
 * agent do it (SIGINT, then SIGTERM 7.5 s later, then SIGKILL), while the step is uploading,
 * creating the template, queued, customizing, distributing or cleaning up. Then GitHub's post
 * step runs with the state the main step saved, as the runner does. Afterwards nothing of the
 * step may be left, the build must be cancelled if it had started, and the main step must
 * have exited within 10 s.
 */
import type { LocalAzure } from "../../local-azure/harness.js";
import type { Scenario } from "../../local-azure/scenario.js";
import type { TemplateRecord } from "../../local-azure/template-record.js";
import { runStep, startStep, type HostKind } from "../../local-ci/ci-step.js";
import { baseInputs, stepAgainst } from "../../local-ci/local-azure-step.js";
import { SHORT_TIMELINE } from "./fault-kinds.js";
import { stagedBlobs } from "../../local-ci/local-azure-step.js";

export const PHASES = [
  "uploading",
  "creating",
  "queued",
  "customizing",
  "distributing",
  "cleaning up",
] as const;
export type Phase = (typeof PHASES)[number];

export interface CancellationOutcome {
  host: HostKind;
  phase: Phase;
  /** SIGKILL instead of SIGINT: the runner killed the main step; the post step must clean up. */
  killed: boolean;
  /** The phase was reached and the signal sent in it. */
  signalled: boolean;
  exitMs: number | null;
  exitCode: number | null;
  signal: string | null;
  /** A SIGTERM (or SIGKILL) was needed. */
  escalated: string[];
  runStarted: boolean;
  /** The service's last run state, when a run started. */
  runState?: string;
  postStepRan: boolean;
  leakedTemplates: string[];
  leakedBlobs: string[];
  problems: string[];
  errors: string[];
  logTail: string[];
  /** Everything the main step printed, for the secret scan. */
  raw: string;
}

const GRACE_MS = 10_000;
const SIGTERM_AFTER_MS = 7_500;
const LONG = 30_000;
/** An upload held this long: it reaches storage after the signal, unless the step aborted it. */
const SLOW_UPLOAD_MS = 4_000;

/** The slow part of the simulated cloud for each phase, and how to tell the step is in it. */
function phaseSetup(az: LocalAzure, phase: Phase, runId: string) {
  const mine = (): TemplateRecord | undefined =>
    az
      .templateHistory()
      .map((h) => h.template)
      .find((t) => t.tags?.["bake.run-id"] === runId);
  const scenario: Partial<Scenario> = { timeline: { ...SHORT_TIMELINE }, faults: [] };
  let reached: () => boolean;
  switch (phase) {
    case "uploading":
      scenario.faults = [
        {
          name: "slow upload",
          target: "storage",
          method: "PUT",
          path: "/bake-staging/",
          latencyMs: SLOW_UPLOAD_MS,
        },
      ];
      reached = () =>
        az.requestLog.some(
          (r) => r.surface === "storage" && r.method === "PUT" && r.path.includes(`/${runId}-`),
        );
      break;
    case "creating":
      scenario.timeline!.provisionMs = LONG;
      reached = () => mine()?.provisioningState === "Creating";
      break;
    case "queued":
      scenario.timeline!.queuedMs = LONG;
      reached = () => mine()?.lastRunStatus?.runSubState === "Queued" && !!mine()?.run;
      break;
    case "customizing":
      scenario.timeline!.customizerMs = LONG;
      reached = () => mine()?.lastRunStatus?.runSubState === "Customizing";
      break;
    case "distributing":
      scenario.timeline!.distributingMs = LONG;
      reached = () => mine()?.lastRunStatus?.runSubState === "Distributing";
      break;
    case "cleaning up":
      // Deleting takes 3 s: the signal comes while the step waits for it.
      scenario.timeline!.deleteMs = 3_000;
      reached = () => mine()?.provisioningState === "Deleting";
      break;
  }
  return { scenario, reached: () => reached(), mine };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function cancelAt(
  az: LocalAzure,
  host: HostKind,
  phase: Phase,
  { killed = false }: { killed?: boolean } = {},
): Promise<CancellationOutcome> {
  const options = stepAgainst(az, host, { ...baseInputs(az), vhd: "true" });
  const runId = options.env!.GITHUB_RUN_ID!;
  const setup = phaseSetup(az, phase, runId);
  Object.assign(az.scenario, {
    faults: setup.scenario.faults,
    timeline: setup.scenario.timeline,
  });
  const problems: string[] = [];
  const escalated: string[] = [];
  const step = startStep(options);
  let exited = false;
  void step.result.then(() => (exited = true));
  const deadline = Date.now() + 60_000;
  while (!setup.reached() && !exited && Date.now() < deadline) await sleep(10);
  const signalled = setup.reached() && !exited;
  if (!signalled) problems.push(`phase ${phase} was never observed`);
  const sentAt = Date.now();
  step.child.kill(killed ? "SIGKILL" : "SIGINT");
  const term = setTimeout(() => {
    escalated.push("SIGTERM");
    step.child.kill("SIGTERM");
  }, SIGTERM_AFTER_MS);
  const kill = setTimeout(() => {
    escalated.push("SIGKILL");
    step.child.kill("SIGKILL");
  }, GRACE_MS + 5_000);
  const result = await step.result;
  clearTimeout(term);
  clearTimeout(kill);
  const exitMs = Date.now() - sentAt;
  if (exitMs > GRACE_MS) problems.push(`exited ${exitMs} ms after SIGINT`);
  if (phase !== "cleaning up" && !killed && result.exitCode === 0)
    problems.push("the step succeeded although it was cancelled");

  // The faults and slow phases end: whatever the step or its post step did must now settle.
  az.scenario.faults = [];
  az.scenario.timeline = { ...SHORT_TIMELINE };
  let postStepRan = false;
  if (host === "github") {
    // The runner runs the post step after a cancelled main step, with the state it saved.
    const post = await runStep({ ...options, state: result.state });
    postStepRan = true;
    if (post.errors.length) problems.push(`post step error: ${post.errors[0]}`);
  }
  // Give deletions the service accepted time to finish (deleteMs, cancelMs), and held uploads
  // time to land if they still can.
  if (phase === "uploading") await sleep(Math.max(0, sentAt + SLOW_UPLOAD_MS + 1_000 - Date.now()));
  const settle = Date.now() + 8_000;
  while (Date.now() < settle && az.liveTemplates().some((t) => t.tags?.["bake.run-id"] === runId))
    await sleep(100);

  const history = az.templateHistory().filter((h) => h.template.tags?.["bake.run-id"] === runId);
  const runStarted = history.some((h) => h.runsStarted > 0);
  const runState = history.find((h) => h.runsStarted > 0)?.template.lastRunStatus?.runState;
  if (runStarted && phase !== "cleaning up" && runState !== "Canceled")
    problems.push(`the build was not cancelled (runState ${runState})`);
  const leakedTemplates = az
    .liveTemplates()
    .filter((t) => t.tags?.["bake.run-id"] === runId)
    .map((t) => `${t.name} (${t.provisioningState}, run ${t.lastRunStatus?.runState ?? "none"})`);
  const leakedBlobs = (await stagedBlobs(az)).filter((b) => b.includes(`/${runId}-`));
  if (leakedTemplates.length) problems.push(`left template ${leakedTemplates.join(", ")}`);
  if (leakedBlobs.length) problems.push(`left ${leakedBlobs.length} staged blob(s)`);
  return {
    host,
    phase,
    killed,
    signalled,
    exitMs,
    exitCode: result.exitCode,
    signal: result.signal,
    escalated,
    runStarted,
    runState,
    postStepRan,
    leakedTemplates,
    leakedBlobs,
    problems,
    errors: result.errors,
    logTail: result.log.slice(-20),
    raw: result.raw,
  };
}
