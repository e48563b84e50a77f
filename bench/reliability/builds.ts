/**
 * One build of the reliability run: a real bundle (GitHub Action or Azure Pipelines task) as a
 * child process against the local Azure, then what a user and an auditor would check: the exit
 * status and outputs against what the emulator made, nothing left behind, one run started.
 */
import type { LocalAzure } from "../../local-azure/harness.js";
import { startStep, type HostKind, type StepResult } from "../../local-ci/ci-step.js";
import { baseInputs, stepAgainst } from "../../local-ci/local-azure-step.js";

export interface BuildOutcome {
  kind: string;
  host: HostKind;
  runId: string;
  exitCode: number | null;
  durationMs: number;
  /** Why the build is not correct; empty when it is. */
  problems: string[];
  leakedTemplates: string[];
  leakedBlobs: string[];
  /** Runs the service started for this build's template (1 is right). */
  runsStarted: number;
  errors: string[];
  warnings: string[];
  /** Fault rules that hit this build's requests (by name, counted), from the request log. */
  faultsHit: Record<string, number>;
  /** The end of the job log, for a failure's repro. */
  logTail: string[];
  raw: string;
}

const BUILD_TIMEOUT_MS = 180_000;

export interface StartedBuild {
  host: HostKind;
  runId: string;
  result: Promise<StepResult>;
  imageVersion: string;
}

let versionCounter = 0;

export function startBuild(az: LocalAzure, host: HostKind): StartedBuild {
  const imageVersion = `3.${process.pid % 1000}.${++versionCounter}`;
  const options = stepAgainst(az, host, {
    ...baseInputs(az),
    "gallery-image-id": az.defaults.galleryImageId,
    "image-version": imageVersion,
    vhd: "true",
  });
  const runId = options.env!.GITHUB_RUN_ID!;
  const step = startStep(options);
  const timer = setTimeout(() => step.child.kill("SIGKILL"), BUILD_TIMEOUT_MS);
  const result = step.result.finally(() => clearTimeout(timer));
  return { host, runId, result, imageVersion };
}

/** Checks a finished build against the emulator's state; call with faults switched off. */
export function checkBuild(
  az: LocalAzure,
  kind: string,
  build: StartedBuild,
  result: StepResult,
  blobs: string[],
): BuildOutcome {
  const problems: string[] = [];
  const o = result.outputs;
  if (result.exitCode !== 0) problems.push(`exit code ${result.exitCode ?? result.signal}`);
  if (result.errors.length) problems.push(`error annotation: ${result.errors[0]!.split("\n")[0]}`);
  if (o["run-status"] !== "Succeeded") problems.push(`run-status ${o["run-status"] ?? "(none)"}`);

  const ours = az.templateHistory().filter((h) => h.template.tags?.["bake.run-id"] === build.runId);
  const runsStarted = ours.reduce((n, h) => n + h.runsStarted, 0);
  if (ours.length === 0) problems.push("no image template was created");
  if (runsStarted !== 1 && ours.length) problems.push(`${runsStarted} runs started`);

  const made = ours.flatMap((h) => h.template.runOutputs);
  const artifacts = made.map((r) => r.artifactId ?? r.artifactUri);
  const gallery = made.find((r) => r.name.endsWith("-gallery"))?.artifactId;
  if (result.exitCode === 0) {
    const expectedVersion = `${az.defaults.galleryImageId}/versions/${build.imageVersion}`;
    if (o["image-version-id"] !== expectedVersion || gallery !== expectedVersion)
      problems.push(
        `image-version-id ${o["image-version-id"]} (emulator made ${gallery ?? "none"})`,
      );
    let ids: string[] = [];
    try {
      ids = JSON.parse(o["image-version-ids"] ?? "[]") as string[];
    } catch {
      problems.push("image-version-ids is not JSON");
    }
    if ([...ids].sort().join() !== [...artifacts].sort().join())
      problems.push(`image-version-ids ${ids.join(", ")} != emulator's ${artifacts.join(", ")}`);
    const name = ours[0]?.template.name;
    if (o["template-name"] !== name) problems.push(`template-name ${o["template-name"]}`);
  }

  const leakedTemplates = az
    .liveTemplates()
    .filter((t) => t.tags?.["bake.run-id"] === build.runId)
    .map((t) => t.name);
  const leakedBlobs = blobs.filter((b) => b.includes(`/${build.runId}-`));

  const faultsHit: Record<string, number> = {};
  const leases = new Set(ours.map((h) => h.template.name.toLowerCase()));
  for (const r of az.requestLog) {
    if (!r.fault) continue;
    const lower = r.path.toLowerCase();
    if ([...leases].some((n) => lower.includes(n)) || lower.includes(`/${build.runId}-`))
      faultsHit[r.fault] = (faultsHit[r.fault] ?? 0) + 1;
  }

  return {
    kind,
    host: build.host,
    runId: build.runId,
    exitCode: result.exitCode,
    durationMs: result.durationMs,
    problems,
    leakedTemplates,
    leakedBlobs,
    runsStarted,
    errors: result.errors,
    warnings: result.warnings,
    faultsHit,
    logTail: result.log.slice(-25),
    raw: result.raw,
  };
}
