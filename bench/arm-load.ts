/**
 * Resource Manager load and the live log tail during a build: `npx tsx bench/arm-load.ts`.
 *
 * GitHub bundles run against the local Azure, each a build of a few simulated minutes whose
 * three inline customizers (from a template file; nothing staged) print a few MB to
 * customization.log as they go. The runs go on side by
 * side (the step mostly waits), each a little longer than the one before, so the build ends
 * at a different point of the product's poll schedule. From the emulator's request log:
 *
 * - ARM requests about the step's template (its own path, or its staging resource group's)
 *   from the run POST until the product saw the run finished, per hour of build: measured
 *   over the build, and extrapolated to a one-hour build by adding, for the rest of the hour,
 *   one request per the longest interval the product reached between two reads of the
 *   template (its steady state; if the schedule had not reached its cap by the end of the
 *   build, this overestimates: lengthen the builds with BENCH_BUILD_SECONDS). Entra ID and
 *   storage requests are not ARM requests.
 * - The delay between the emulated run reaching its terminal state (lastRunStatus.endTime)
 *   and the answer to the first read of the template that saw it.
 * - Bytes of customization.log the step downloaded (Content-Length of its reads) against
 *   the log's final size.
 */
import { startLocalAzure, type LocalAzure } from "../local-azure/harness.js";
import { startStep } from "../local-ci/ci-step.js";
import { stepAgainst } from "../local-ci/local-azure-step.js";
import { makeWorkspace, removeWorkspace } from "../local-ci/run-bundle.js";
import { median, ms, parseArgs, round, table, type Figure, type Suite } from "./support/common.js";
import { armRequestsOf, isTemplateGet, RunWatcher, templateOfRun } from "./support/local.js";
import { runStandalone } from "./support/standalone.js";

const TARGET_PER_HOUR = 60;
const TARGET_DELAY_MS = 30_000;
const TARGET_TAIL_RATIO = 1.05;
/** Builds of the runs differ by this much, so they end at different points of the schedule. */
const STAGGER_MS = 11_000;
const QUEUED_MS = 3_000;
const BUILDING_MS = 4_000;
const DISTRIBUTING_MS = 3_000;
const CUSTOMIZERS = 3;

/** apt-like output, `bytes` long in all. */
function outputLines(bytes: number, seed: number): string[] {
  const lines: string[] = [];
  let size = 0;
  for (let n = 0; size < bytes; n++) {
    const line = `Get:${n + 1} http://azure.archive.ubuntu.com/ubuntu noble-updates/main amd64 lib${seed}pkg${n % 997} amd64 ${n % 9}.${n % 23}.${n % 7}-1ubuntu${n % 3} [${(n * 37) % 2400} kB]`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines;
}

interface BuildRow {
  buildMs: number;
  armRequests: number;
  templateGets: number;
  perHourMeasured: number;
  perHourExtrapolated: number;
  steadyIntervalMs: number;
  delayMs: number;
  intervalAtEndMs: number;
  tailBytes: number;
  logBytes: number;
}

async function oneBuild(az: LocalAzure, index: number): Promise<BuildRow> {
  const watcher = new RunWatcher(az);
  // Three inline customizers from a template file: nothing to stage, so only the build's
  // own traffic is measured.
  const workspace = makeWorkspace({
    "image-template.json": JSON.stringify({
      properties: {
        customize: Array.from({ length: CUSTOMIZERS }, (_, i) => ({
          type: "Shell",
          name: `step-${i + 1}`,
          inline: [`echo step ${i + 1}`],
        })),
      },
    }),
  });
  const inputs = {
    location: az.location,
    "resource-group": az.defaults.resourceGroup,
    source: "Canonical:ubuntu-24_04-lts:server:latest",
    identity: az.defaults.identityId,
    "template-file": "image-template.json",
    "gallery-image-id": az.defaults.galleryImageId,
    "image-version": `1.1.${index}`,
    "replication-regions": az.location,
  };
  const step = stepAgainst(az, "github", inputs, { workspace });
  const runId = step.env!.GITHUB_RUN_ID!;
  const result = await startStep(step).result;
  removeWorkspace(workspace);
  if (result.exitCode !== 0) throw new Error(`the step failed:\n${result.raw.slice(-3000)}`);
  const t = templateOfRun(az, runId);
  if (!t) throw new Error("the step's template was not found in the emulator");
  await watcher.stop();
  const finished = watcher.finished.get(runId);
  if (!finished) throw new Error("the run's end was not seen");
  const arm = armRequestsOf(az, t);
  const runPost = arm.find((r) => r.method === "POST" && /\/run$/i.test(r.path));
  if (!runPost) throw new Error("no run POST");
  const gets = arm.filter((r) => isTemplateGet(r, t));
  const noticing = gets.find((r) => r.time >= finished.endTime);
  if (!noticing) throw new Error("no read of the template after the run finished");
  const noticedAt = noticing.time + noticing.durationMs;
  const during = arm.filter((r) => r.time >= runPost.time && r.time <= noticing.time);
  const buildMs = noticedAt - runPost.time;
  const duringGets = during.filter((r) => isTemplateGet(r, t));
  const intervals = duringGets.slice(1).map((r, i) => r.time - duringGets[i]!.time);
  const steady = Math.max(...intervals);
  const before = gets.filter((r) => r.time < finished.endTime).at(-1);
  const perHourMeasured = (during.length / buildMs) * 3_600_000;
  const perHourExtrapolated = during.length + Math.max(0, 3_600_000 - buildMs) / steady;
  const logPath = finished.logPath ?? "";
  const tailBytes = az.requestLog
    .filter((r) => r.surface === "storage" && r.method === "GET" && r.path === logPath)
    .reduce((s, r) => s + (r.status < 300 ? (r.responseBytes ?? 0) : 0), 0);
  return {
    buildMs,
    armRequests: during.length,
    templateGets: duringGets.length,
    perHourMeasured,
    perHourExtrapolated,
    steadyIntervalMs: steady,
    delayMs: noticedAt - finished.endTime,
    intervalAtEndMs: before ? noticing.time - before.time : Number.NaN,
    tailBytes,
    logBytes: finished.logBytes ?? Number.NaN,
  };
}

export const armLoad: Suite = {
  name: "arm-load",
  description: "ARM requests per build-hour, end-of-build delay, and bytes read by the log tail",
  async run(options, log) {
    const builds = Math.min(options.runs, 3);
    // Long enough for a schedule to reach its steady interval; BENCH_BUILD_SECONDS overrides.
    const buildSeconds = Number(process.env.BENCH_BUILD_SECONDS ?? (options.quick ? 45 : 240));
    const logBytes = options.quick ? 600_000 : 3_000_000;
    const customizerMs = Math.round(
      (buildSeconds * 1000 - QUEUED_MS - BUILDING_MS - DISTRIBUTING_MS) / CUSTOMIZERS,
    );
    log(
      `${builds} build(s) of about ${buildSeconds} s (+${STAGGER_MS / 1000} s each), side by side; customization.log of ${(logBytes / 1e6).toFixed(1)} MB`,
    );
    const customizers: Record<number, { durationMs: number; output: string[] }> = {};
    for (let c = 0; c < CUSTOMIZERS; c++)
      customizers[c] = {
        durationMs: customizerMs,
        output: outputLines(logBytes / CUSTOMIZERS, c),
      };
    const rows: BuildRow[] = [];
    // A local Azure per build: the timeline is the scenario's, shared by every template.
    const azs = await Promise.all(
      Array.from({ length: builds }, (_, b) =>
        startLocalAzure({
          timeline: {
            queuedMs: QUEUED_MS,
            buildingMs: BUILDING_MS,
            distributingMs: DISTRIBUTING_MS,
            customizerMs,
            provisionMs: 500,
            deleteMs: 1_500,
            logFlushMs: 1_000,
          } as never,
          customizers: Object.fromEntries(
            Object.entries(customizers).map(([k, v]) => [
              k,
              { ...v, durationMs: v.durationMs + (b * STAGGER_MS) / CUSTOMIZERS },
            ]),
          ),
          retryAfterSeconds: 0,
        }),
      ),
    );
    try {
      const results = await Promise.all(azs.map((az, b) => oneBuild(az, b)));
      rows.push(...results);
    } finally {
      await Promise.all(azs.map((az) => az.stop()));
    }
    for (const [i, r] of rows.entries())
      log(
        `build ${i + 1}: ${ms(r.buildMs)}, ${r.armRequests} ARM requests (${r.templateGets} template reads, steady interval ${ms(r.steadyIntervalMs)}), end noticed after ${ms(r.delayMs)}, tail ${r.tailBytes} of ${r.logBytes} bytes`,
      );
    const perHour = median(rows.map((r) => r.perHourExtrapolated));
    const perHourMeasured = median(rows.map((r) => r.perHourMeasured));
    const delay = median(rows.map((r) => r.delayMs));
    const worst = Math.max(...rows.map((r) => r.steadyIntervalMs));
    const tailRatios = rows.map((r) => r.tailBytes / r.logBytes);
    const tail = median(tailRatios);
    const details = {
      buildMsRuns: rows.map((r) => round(r.buildMs)),
      armRequestsRuns: rows.map((r) => r.armRequests),
      templateReadsRuns: rows.map((r) => r.templateGets),
      perHourMeasuredRuns: rows.map((r) => round(r.perHourMeasured)),
      perHourExtrapolatedRuns: rows.map((r) => round(r.perHourExtrapolated)),
      steadyIntervalMsRuns: rows.map((r) => round(r.steadyIntervalMs)),
      delayMsRuns: rows.map((r) => round(r.delayMs)),
      pollIntervalAtEndMsRuns: rows.map((r) => round(r.intervalAtEndMs)),
      tailBytesRuns: rows.map((r) => r.tailBytes),
      logBytesRuns: rows.map((r) => r.logBytes),
    };
    const figures: Figure[] = [
      {
        suite: "arm-load",
        id: "arm-load.requests-per-build-hour",
        figure: "ARM requests per build-hour",
        value: round(perHour),
        unit: "requests/h",
        measured: `${perHour.toFixed(0)}/h extrapolated to 1 h (${perHourMeasured.toFixed(0)}/h over ${ms(median(rows.map((r) => r.buildMs)))} builds)`,
        target: `<= ${TARGET_PER_HOUR}/h`,
        met: perHour <= TARGET_PER_HOUR,
        details,
      },
      {
        suite: "arm-load",
        id: "arm-load.end-delay",
        figure: "delay from the run's end to the product noticing",
        value: round(delay),
        unit: "ms",
        measured: `${ms(delay)} median (longest poll interval: ${ms(worst)})`,
        target: `<= ${TARGET_DELAY_MS / 1000} s`,
        met: delay <= TARGET_DELAY_MS,
      },
      {
        suite: "arm-load",
        id: "log-tail.bytes-read-ratio",
        figure: "live log tail: bytes read / log size",
        value: round(tail, 3),
        unit: "x",
        measured: `${tail.toFixed(3)}x (${median(rows.map((r) => r.tailBytes))} of ${median(rows.map((r) => r.logBytes))} bytes)`,
        target: `<= ${TARGET_TAIL_RATIO}x`,
        met: tail <= TARGET_TAIL_RATIO,
      },
    ];
    return figures;
  },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  await runStandalone(armLoad, parseArgs(process.argv.slice(2)), table);
}
