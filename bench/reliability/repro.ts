/**
 * One build with one fault, for a failure's minimal repro:
 * `npx tsx bench/reliability/repro.ts '<fault rule JSON>' [github|ado] [scenario JSON]`, e.g.
 * `'{"target":"arm","method":"POST","path":"/run","status":504,"afterHandling":true,"count":1}'`.
 * Prints the outcome, the faulted requests and the requests around them.
 */
import { startLocalAzure } from "../../local-azure/harness.js";
import type { FaultRule, Scenario } from "../../local-azure/scenario.js";
import { stagedBlobs } from "../../local-ci/local-azure-step.js";
import { checkBuild, startBuild } from "./builds.js";
import { SHORT_TIMELINE } from "./fault-kinds.js";

const [ruleJson = "{}", host = "github", scenarioJson = "{}"] = process.argv.slice(2);
const rule = JSON.parse(ruleJson) as FaultRule & { path?: string };
const extra = JSON.parse(scenarioJson) as Partial<Scenario>;
const az = await startLocalAzure({
  timeline: SHORT_TIMELINE,
  templateGetRetryAfterMs: 100,
  ...extra,
  faults: Object.keys(rule).length ? [{ name: "repro", ...rule }] : [],
});
try {
  const build = startBuild(az, host === "ado" ? "ado" : "github");
  const result = await build.result;
  az.scenario.faults = [];
  const outcome = checkBuild(az, "repro", build, result, await stagedBlobs(az));
  console.log(`exit ${result.exitCode}; problems: ${outcome.problems.join("; ") || "none"}`);
  console.log(
    `runs started ${outcome.runsStarted}; leaked templates ${outcome.leakedTemplates.length}, blobs ${outcome.leakedBlobs.length}`,
  );
  for (const e of result.errors) console.log(`error: ${e}`);
  for (const w of result.warnings) console.log(`warning: ${w}`);
  const log = az.requestLog;
  log.forEach((r, i) => {
    if (!r.fault) return;
    for (const q of log.slice(Math.max(0, i - 1), i + 4))
      console.log(
        `${q === r ? "=>" : "  "} ${q.surface} ${q.method} ${q.path} ${q.status}${q.fault ? ` [${q.fault}]` : ""}`,
      );
  });
} finally {
  await az.stop();
}
