/**
 * Overhead of a whole run: `npx tsx bench/overhead.ts`.
 *
 * The GitHub bundle runs as a child process (the way the runner starts it: inputs in the
 * environment, GitHub OIDC sign-in) against the local Azure, whose simulated build takes no
 * time at all; an inline script and a gallery distribution, nothing to stage. Its wall time,
 * spawn to exit, is set against the round trips no client can avoid, timed in the same run
 * from this process with the SDK against the same emulator: a token, the template PUT and
 * the poll that sees it provisioned, the run POST and the poll that sees it finished, the run
 * outputs, the DELETE and the poll that sees it gone (SDK pollers at a zero interval, so only
 * request time counts; of each long-running operation, the first request and the final poll).
 * A figure without a target: the requests beyond the unavoidable ones are features that earn
 * their place (checks before anything is created, the source pinned, the cache looked up).
 */
import { fileURLToPath } from "node:url";
import { startLocalAzure, type LocalAzure } from "../local-azure/harness.js";
import type { LoggedRequest } from "../local-azure/request-log.js";
import { runStep } from "../local-ci/ci-step.js";
import { stepAgainst } from "../local-ci/local-azure-step.js";
import {
  median,
  ms,
  parseArgs,
  round,
  table,
  timedSpawn,
  tsChildArgs,
  type Figure,
  type Suite,
} from "./support/common.js";
import { timeDryRun } from "./cold-start.js";
import { accessOf, armRequestsOf, templateOfRun, ZERO_TIMELINE } from "./support/local.js";
import type { MinimalClientInput, MinimalClientResult } from "./support/minimal-client.js";
import { runStandalone } from "./support/standalone.js";

function stepInputs(az: LocalAzure, version: string): Record<string, string> {
  return {
    location: az.location,
    "resource-group": az.defaults.resourceGroup,
    source: "Canonical:ubuntu-24_04-lts:server:latest",
    identity: az.defaults.identityId,
    "inline-script": "echo hello",
    "gallery-image-id": az.defaults.galleryImageId,
    "image-version": version,
    "replication-regions": az.location,
    // Every run builds: the same inputs would otherwise reuse the first run's image.
    "if-unchanged": "build",
  };
}

const MINIMAL_CLIENT = fileURLToPath(new URL("./support/minimal-client.ts", import.meta.url));

/** The unavoidable round trips, made by a fresh process with the SDK (see minimal-client.ts). */
async function unavoidableRoundTrips(
  az: LocalAzure,
  body: Record<string, unknown>,
  name: string,
): Promise<MinimalClientResult> {
  const input: MinimalClientInput = {
    access: accessOf(az),
    resourceGroup: az.defaults.resourceGroup,
    name,
    body,
  };
  const result = await timedSpawn(process.execPath, tsChildArgs(MINIMAL_CLIENT), {
    env: {
      PATH: process.env.PATH ?? "",
      NODE_EXTRA_CA_CERTS: az.caCertPath,
      BENCH_MINIMAL: JSON.stringify(input),
    },
    timeoutMs: 60_000,
  });
  if (result.exitCode !== 0) throw new Error(`the minimal client failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1)!) as MinimalClientResult;
}

/** The longest stretches of a step during which none of its requests was in flight. */
function idleGaps(
  requests: LoggedRequest[],
  from: number,
  to: number,
): { idleMs: number; longest: Array<{ ms: number; after: string }> } {
  const sorted = [...requests].sort((a, b) => a.time - b.time);
  let cursor = from;
  let after = "process start";
  let idle = 0;
  const gaps: Array<{ ms: number; after: string }> = [];
  for (const r of sorted) {
    if (r.time > cursor) {
      idle += r.time - cursor;
      gaps.push({ ms: r.time - cursor, after });
    }
    const end = r.time + r.durationMs;
    if (end >= cursor) {
      cursor = end;
      after = `${r.method} ${r.surface} ${r.path.replace(/^.*\/providers\//, ".../")}`;
    }
  }
  if (to > cursor) {
    idle += to - cursor;
    gaps.push({ ms: to - cursor, after });
  }
  gaps.sort((a, b) => b.ms - a.ms);
  return { idleMs: idle, longest: gaps.slice(0, 3) };
}

export const overhead: Suite = {
  name: "overhead",
  description: "a whole zero-time run against the round trips it cannot avoid",
  async run(options, log) {
    const az = await startLocalAzure({ timeline: ZERO_TIMELINE, retryAfterSeconds: 0 });
    try {
      const rows: Array<{
        stepMs: number;
        coldStartMs: number;
        unavoidable: MinimalClientResult;
        armRequests: number;
        requests: number;
        idleMs: number;
        longestGaps: Array<{ ms: number; after: string }>;
      }> = [];
      // One warm-up round (page cache, the emulator's JIT), not counted.
      for (let i = -1; i < options.runs; i++) {
        const step = stepAgainst(az, "github", stepInputs(az, `1.0.${i + 2}`));
        const runId = step.env!.GITHUB_RUN_ID!;
        const coldStartMs = await timeDryRun("github", "20");
        const fromLog = az.requestLog.length;
        const startedAt = Date.now();
        const started = performance.now();
        const result = await runStep(step);
        const stepMs = performance.now() - started;
        if (result.exitCode !== 0) throw new Error(`the step failed:\n${result.raw.slice(-3000)}`);
        const stepRequests = az.requestLog.slice(fromLog);
        const t = templateOfRun(az, runId);
        if (!t) throw new Error("the step's template was not found in the emulator");
        const body = JSON.parse(result.outputs.template!) as Record<string, unknown>;
        const unavoidable = await unavoidableRoundTrips(az, body, `${t.name}-minimal`);
        const gaps = idleGaps(stepRequests, startedAt, startedAt + stepMs);
        if (i < 0) continue;
        rows.push({
          stepMs,
          coldStartMs,
          unavoidable,
          armRequests: armRequestsOf(az, t).length,
          requests: stepRequests.length,
          idleMs: gaps.idleMs,
          longestGaps: gaps.longest,
        });
        log(
          `run ${i + 1}: step ${ms(stepMs)} (cold start ${ms(coldStartMs)}), unavoidable round trips ${ms(unavoidable.sum)}, ${stepRequests.length} requests by the step, idle ${ms(gaps.idleMs)}`,
        );
      }
      const stepMs = median(rows.map((r) => r.stepMs));
      const coldMs = median(rows.map((r) => r.coldStartMs));
      const sumMs = median(rows.map((r) => r.unavoidable.sum));
      const ratios = rows.map((r) => (r.stepMs - r.coldStartMs) / r.unavoidable.sum);
      const wholeRatios = rows.map((r) => r.stepMs / r.unavoidable.sum);
      const ratio = median(ratios);
      const part = (k: keyof MinimalClientResult) =>
        round(median(rows.map((r) => r.unavoidable[k])));
      return [
        {
          suite: "overhead",
          id: "overhead.ratio",
          figure: "zero-time run (step - its cold start) / unavoidable round trips",
          value: round(ratio, 2),
          unit: "x",
          measured: `${ratio.toFixed(1)}x (step ${ms(stepMs)} - cold start ${ms(coldMs)}; round trips ${ms(sumMs)})`,
          target: "none (a figure)",
          met: null,
          details: {
            definition:
              "(spawn-to-exit time of the GitHub bundle's zero-time run - the same bundle's dry-run cold start, measured in the same loop) / the unavoidable round trips made by a fresh SDK process (bench/support/minimal-client.ts)",
            stepMsRuns: rows.map((r) => round(r.stepMs)),
            coldStartMsRuns: rows.map((r) => round(r.coldStartMs)),
            unavoidableMsRuns: rows.map((r) => round(r.unavoidable.sum)),
            ratioRuns: ratios.map((r) => round(r, 2)),
            wholeStepRatioRuns: wholeRatios.map((r) => round(r, 2)),
            unavoidableMedianMs: {
              token: part("token"),
              putAndPoll: part("put"),
              runAndPoll: part("run"),
              runOutputs: part("outputs"),
              deleteAndPoll: part("delete"),
            },
            requestsByStep: rows.map((r) => r.requests),
            armRequestsByStep: rows.map((r) => r.armRequests),
            idleMsRuns: rows.map((r) => round(r.idleMs)),
            longestIdleGaps: rows[0]?.longestGaps.map((g) => ({ ms: round(g.ms), after: g.after })),
          },
        } satisfies Figure,
      ];
    } finally {
      await az.stop();
    }
  },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  await runStandalone(overhead, parseArgs(process.argv.slice(2)), table);
}
