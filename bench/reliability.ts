/**
 * Reliability figures of the product against the local Azure: `npm run reliability` or
 * `npx tsx bench/reliability.ts [--builds N] [--quick] [--concurrency C] [--kind NAME]`.
 *
 * - N real builds (default 200) of the GitHub and Azure Pipelines bundles, alternating, spread
 *   over the fault kinds of bench/reliability/fault-kinds.ts. Each kind gets a local Azure of
 *   its own, so a kind's fault rules (and its random draws) hit only its builds, and its
 *   builds run C at a time (default 4): many builds share one emulator the way many pipelines
 *   share one subscription. Each build is checked against the emulator: exit status and
 *   outputs equal to the artifacts the service made, no template and no staged blob left,
 *   exactly one run started for its template.
 * - Cancellation at each phase on both hosts (bench/reliability/cancellation.ts).
 * - The bad-input catalogue of test/e2e/bad-inputs.test.ts, through both bundles.
 * - Secrets: the last test-suite scan (bench/results/secret-scan.json, written by the jest
 *   global teardown) and a scan of everything these builds printed.
 *
 * Prints a table and totals and writes bench/results/reliability.json. --quick runs 16 builds,
 * cancellation in two phases, and skips the bad-input catalogue. --dist DIR measures the
 * bundles in DIR/github and DIR/ado instead of the checkout's dist/.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startLocalAzure, type LocalAzure } from "../local-azure/harness.js";
import type { HostKind } from "../local-ci/ci-step.js";
import { ROOT } from "../local-ci/run-bundle.js";
import {
  SCAN_RESULT_FILE,
  scanOutput,
  type Finding,
  type ScanResult,
} from "../local-ci/secret-scan.js";
import { badInputFigures, type BadInputFigures } from "./reliability/bad-inputs.js";
import { stagedBlobs } from "../local-ci/local-azure-step.js";
import { checkBuild, startBuild, type BuildOutcome } from "./reliability/builds.js";
import {
  cancelAt,
  PHASES,
  type CancellationOutcome,
  type Phase,
} from "./reliability/cancellation.js";
import { FAULT_KINDS, type FaultKind } from "./reliability/fault-kinds.js";

const { values: args } = parseArgs({
  options: {
    builds: { type: "string" },
    quick: { type: "boolean", default: false },
    concurrency: { type: "string", default: "4" },
    kind: { type: "string", multiple: true },
    "no-cancel": { type: "boolean", default: false },
    "no-bad-inputs": { type: "boolean", default: false },
    dist: { type: "string" },
  },
});
const quick = args.quick === true;
// Bundles to measure: the checkout's dist/ by default, or another build's (e.g. a release).
if (args.dist) process.env.BAKE_DIST_DIR = path.resolve(args.dist);
const totalBuilds = Number(args.builds ?? (quick ? 16 : 200));
const concurrency = Math.max(1, Number(args.concurrency));
const kinds = FAULT_KINDS.filter(
  (k) =>
    !args.kind?.length || args.kind.some((n) => k.name.toLowerCase().includes(n.toLowerCase())),
);
const phases: readonly Phase[] = quick ? ["uploading", "customizing"] : PHASES;

const log = (line: string) => process.stderr.write(`${line}\n`);

async function pool<T>(count: number, width: number, work: (i: number) => Promise<T>) {
  const out: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await work(i);
      }
    }),
  );
  return out;
}

const secretFindings: Finding[] = [];
let outputsScanned = 0;
const knownSecrets = new Set<string>();

function scanOwn(az: LocalAzure, label: string, text: string): void {
  const secrets = az.issuedSecrets();
  secrets.forEach((s) => knownSecrets.add(s));
  outputsScanned++;
  secretFindings.push(...scanOutput({ label, text }, secrets));
}

async function runKind(kind: FaultKind, builds: number, offset: number): Promise<BuildOutcome[]> {
  if (builds === 0) return [];
  const az = await startLocalAzure(kind.scenario());
  try {
    const started = await pool(builds, concurrency, async (i) => {
      const host: HostKind = (offset + i) % 2 === 0 ? "github" : "ado";
      if (kind.perBuild) az.scenario.faults.push(...kind.perBuild());
      const build = startBuild(az, host);
      const result = await build.result;
      log(
        `  ${kind.name} #${i + 1} ${host}: exit ${result.exitCode ?? result.signal} in ${(result.durationMs / 1000).toFixed(1)} s${result.errors[0] ? ` (${result.errors[0].split("\n")[0]!.slice(0, 140)})` : ""}`,
      );
      return { build, result };
    });
    // Faults off, deletions the service accepted settled: then look at what is left.
    az.scenario.faults = [];
    await new Promise((r) => setTimeout(r, 500));
    const blobs = await stagedBlobs(az);
    return started.map(({ build, result }) => {
      const outcome = checkBuild(az, kind.name, build, result, blobs);
      scanOwn(az, `${kind.name} ${build.host} build ${build.runId}`, result.raw);
      return outcome;
    });
  } finally {
    await az.stop();
  }
}

async function runCancellations(): Promise<CancellationOutcome[]> {
  const az = await startLocalAzure({ templateGetRetryAfterMs: 100 });
  const out: CancellationOutcome[] = [];
  try {
    for (const phase of phases) {
      for (const host of ["github", "ado"] as const) {
        const o = await cancelAt(az, host, phase);
        log(
          `  cancel while ${phase} on ${host}: exit ${o.exitCode ?? o.signal} after ${o.exitMs} ms${o.problems.length ? ` — ${o.problems.join("; ")}` : ""}`,
        );
        out.push(o);
        scanOwn(az, `cancel while ${phase} on ${host}`, o.raw);
      }
    }
    // A main step the runner killed outright: GitHub's post step must cancel and clean up.
    const killedAt: Phase[] = quick ? ["customizing"] : ["uploading", "customizing"];
    for (const phase of killedAt) {
      const o = await cancelAt(az, "github", phase, { killed: true });
      log(
        `  SIGKILL while ${phase} on github, then the post step: ${o.problems.length ? o.problems.join("; ") : "clean"}`,
      );
      out.push(o);
      scanOwn(az, `killed while ${phase} on github`, o.raw);
    }
  } finally {
    await az.stop();
  }
  return out;
}

function pad(s: string | number, n: number, right = false): string {
  const t = String(s);
  return right ? t.padStart(n) : t.padEnd(n);
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  log(
    `reliability: ${totalBuilds} builds over ${kinds.length} fault kinds, ${concurrency} at a time`,
  );
  const per = kinds.map(
    (_, i) => Math.floor(totalBuilds / kinds.length) + (i < totalBuilds % kinds.length ? 1 : 0),
  );
  const outcomes: BuildOutcome[] = [];
  let offset = 0;
  for (const [i, kind] of kinds.entries()) {
    log(`${kind.name}: ${per[i]} builds — ${kind.description}`);
    outcomes.push(...(await runKind(kind, per[i]!, offset)));
    offset += per[i]!;
  }

  let cancellations: CancellationOutcome[] = [];
  if (!args["no-cancel"]) {
    log("cancellation:");
    cancellations = await runCancellations();
  }

  let badInputs: BadInputFigures | undefined;
  if (!quick && !args["no-bad-inputs"]) {
    log("bad inputs: running test/e2e/bad-inputs.test.ts …");
    badInputs = badInputFigures();
  }

  const suiteScan = existsSync(SCAN_RESULT_FILE)
    ? (JSON.parse(readFileSync(SCAN_RESULT_FILE, "utf8")) as ScanResult & {
        at: string;
        scope?: string;
      })
    : undefined;

  // ---- The table.
  const rows = kinds.map((k) => {
    const mine = outcomes.filter((o) => o.kind === k.name);
    return {
      kind: k.name,
      builds: mine.length,
      correct: mine.filter((o) => o.problems.length === 0).length,
      leakedTemplates: mine.reduce((n, o) => n + o.leakedTemplates.length, 0),
      leakedBlobs: mine.reduce((n, o) => n + o.leakedBlobs.length, 0),
      doubleRuns: mine.filter((o) => o.runsStarted > 1).length,
    };
  });
  const total = {
    kind: "total",
    builds: rows.reduce((n, r) => n + r.builds, 0),
    correct: rows.reduce((n, r) => n + r.correct, 0),
    leakedTemplates: rows.reduce((n, r) => n + r.leakedTemplates, 0),
    leakedBlobs: rows.reduce((n, r) => n + r.leakedBlobs, 0),
    doubleRuns: rows.reduce((n, r) => n + r.doubleRuns, 0),
  };
  const lines: string[] = [];
  const header = `${pad("fault kind", 22)}${pad("builds", 8, true)}${pad("correct", 9, true)}${pad("leaked templates", 18, true)}${pad("leaked blobs", 14, true)}${pad("double runs", 13, true)}`;
  lines.push(header, "-".repeat(header.length));
  for (const r of [...rows, total]) {
    if (r === total) lines.push("-".repeat(header.length));
    lines.push(
      `${pad(r.kind, 22)}${pad(r.builds, 8, true)}${pad(r.correct, 9, true)}${pad(r.leakedTemplates, 18, true)}${pad(r.leakedBlobs, 14, true)}${pad(r.doubleRuns, 13, true)}`,
    );
  }
  lines.push("");
  if (cancellations.length) {
    const signalled = cancellations.filter((c) => !c.killed);
    const ok = signalled.filter((c) => c.problems.length === 0);
    const within = signalled.filter((c) => c.exitMs !== null && c.exitMs <= 10_000);
    lines.push(
      `cancellation (SIGINT, SIGTERM after 7.5 s): ${ok.length}/${signalled.length} clean (phase reached, exit within 10 s, build cancelled, nothing left); ${within.length}/${signalled.length} exited within 10 s`,
    );
    for (const phase of phases) {
      const cells = cancellations
        .filter((c) => c.phase === phase && !c.killed)
        .map(
          (c) =>
            `${c.host} ${c.problems.length ? "FAIL" : "ok"} ${((c.exitMs ?? 0) / 1000).toFixed(1)} s${c.escalated.length ? ` (${c.escalated.join("+")})` : ""}`,
        );
      lines.push(`  ${pad(phase, 14)}${cells.join("   ")}`);
    }
    for (const c of cancellations.filter((k) => k.killed))
      lines.push(
        `  killed (SIGKILL) while ${c.phase} on github, cleaned by the post step: ${c.problems.length ? `FAIL (${c.problems.join("; ")})` : "ok"}`,
      );
  } else lines.push("cancellation: skipped");
  lines.push(
    badInputs
      ? `bad inputs: ${badInputs.answered}/${badInputs.runs} runs (${badInputs.cases} cases × host) answered with exactly one error annotation naming the input`
      : "bad inputs: skipped (--quick or --no-bad-inputs)",
  );
  lines.push(
    `secrets in these builds' output: ${outputsScanned} outputs, ${knownSecrets.size} known secrets, ${secretFindings.length} found`,
  );
  lines.push(
    suiteScan
      ? `secret scan of the test suite (${suiteScan.scope ?? "?"}, ${suiteScan.at}): ${suiteScan.outputs} outputs, ${suiteScan.secrets} known secrets, ${suiteScan.findings.length} found`
      : "secret scan of the test suite: no result yet (run npm test)",
  );
  lines.push(`took ${Math.round((Date.now() - startedAt) / 1000)} s`);
  process.stdout.write(`\n${lines.join("\n")}\n`);

  const failures = outcomes.filter(
    (o) => o.problems.length || o.leakedBlobs.length || o.leakedTemplates.length,
  );
  if (failures.length) {
    process.stdout.write("\nbuilds that were not correct:\n");
    for (const f of failures)
      process.stdout.write(
        `  [${f.kind}] ${f.host} run ${f.runId}: ${[...f.problems, ...f.leakedTemplates.map((t) => `left template ${t}`), ...(f.leakedBlobs.length ? [`left ${f.leakedBlobs.length} blob(s)`] : [])].join("; ")}; faults hit: ${JSON.stringify(f.faultsHit)}\n`,
      );
  }
  if (secretFindings.length) {
    process.stdout.write("\nsecrets found:\n");
    for (const f of secretFindings)
      process.stdout.write(`  ${f.kind} in ${f.where}: ${f.excerpt}\n`);
  }

  const results = path.join(ROOT, "bench", "results");
  mkdirSync(results, { recursive: true });
  writeFileSync(
    path.join(results, "reliability.json"),
    JSON.stringify(
      {
        at: new Date().toISOString(),
        options: {
          builds: totalBuilds,
          quick,
          concurrency,
          kinds: kinds.map((k) => k.name),
          dist: args.dist ? path.resolve(args.dist) : path.join(ROOT, "dist"),
        },
        kinds: kinds.map((k) => ({ name: k.name, description: k.description })),
        table: [...rows, total],
        builds: outcomes.map(({ raw: _raw, ...o }) => o),
        cancellations: cancellations.map(({ raw: _raw, ...c }) => c),
        badInputs: badInputs ?? null,
        secrets: {
          builds: { outputs: outputsScanned, secrets: knownSecrets.size, findings: secretFindings },
          suite: suiteScan ?? null,
        },
      },
      null,
      2,
    ),
  );
  log(`wrote ${path.relative(ROOT, path.join(results, "reliability.json"))}`);
}

await main();
