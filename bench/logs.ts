/**
 * customization.log analysis speed and memory: `npx tsx bench/logs.ts [runs]`.
 *
 * Generates 1, 10 and 100 MB logs in the service's format (a Linux build whose customizers
 * print lots of apt and script output, Packer's internal log interleaved, the last customizer
 * failing), then analyses each in a fresh child process: the median time of a few runs, and
 * the child's peak RSS (VmHWM, its own) against that of a child that only loaded the code.
 * Targets: 100 MB in under a second, and memory that does not grow with the log. Writes
 * bench/results/logs.json; `npm run bench` runs it as the "logs" suite.
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { analyzeLogFile, type TemplateCustomizer } from "../src/core/logs/log-analyzer.js";
import { round, writeResult, type Figure, type Suite } from "./support/common.js";
import { peakRssMb } from "./support/rss.js";

const SIZES_MB = [1, 10, 100];
const TARGET_100MB_MS = 1000;
/** Peak RSS may grow this much from 1 MB to 100 MB and still count as flat. */
const FLAT_MEMORY_MB = 32;
const CUSTOMIZER_COUNT = 12;
const OPID = "[0e4d7f3a-5b1c-4f0e-9a8d-2c6b1e7f9a01]";
const SELF = fileURLToPath(import.meta.url);

interface ChildResult {
  medianMs: number;
  runsMs: number[];
  maxRssMb: number;
  status?: string;
}

const CUSTOMIZERS: TemplateCustomizer[] = Array.from({ length: CUSTOMIZER_COUNT }, (_, index) => ({
  index,
  name: `scripts/step-${index}.sh`,
  type: "Shell",
  sourceFile: `scripts/step-${index}.sh`,
}));

interface LogRow extends ChildResult {
  sizeMb: number;
  bytes: number;
  lines: number;
}

/** Generates the logs and analyses each in a fresh child; the median of `runs` per size. */
async function measure(runs: number): Promise<{ baseline: ChildResult; rows: LogRow[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-logs-"));
  try {
    const baseline = runChild(undefined, 1);
    const rows: LogRow[] = [];
    for (const sizeMb of SIZES_MB) {
      const file = path.join(dir, `customization-${sizeMb}mb.log`);
      const lines = await generateLog(file, sizeMb * 1024 * 1024);
      const result = runChild(file, runs);
      if (result.status !== "failed")
        throw new Error(`expected a failed build, got ${result.status}`);
      rows.push({ sizeMb, bytes: statSync(file).size, lines, ...result });
      rmSync(file, { force: true });
    }
    return { baseline, rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function figuresOf(baseline: ChildResult, rows: LogRow[]): Figure[] {
  const largest = rows.at(-1)!;
  const growthMb = largest.maxRssMb - rows[0]!.maxRssMb;
  const perSize: Figure[] = rows.map((r) => ({
    suite: "logs",
    id: `logs.analysis.${r.sizeMb}mb`,
    figure: `log analysis, ${r.sizeMb} MB`,
    value: round(r.medianMs),
    unit: "ms",
    measured: `${r.medianMs.toFixed(0)} ms, peak RSS ${r.maxRssMb.toFixed(0)} MB`,
    target: r.sizeMb === 100 ? `< ${TARGET_100MB_MS} ms` : "",
    met: r.sizeMb === 100 ? r.medianMs < TARGET_100MB_MS : null,
    details: {
      bytes: r.bytes,
      lines: r.lines,
      runsMs: r.runsMs.map(round),
      mbPerSecond: round(r.bytes / 1024 / 1024 / (r.medianMs / 1000)),
      maxRssMB: round(r.maxRssMb),
    },
  }));
  return [
    ...perSize,
    {
      suite: "logs",
      id: "logs.analysis.rss-growth",
      figure: "log analysis: peak RSS growth, 1 to 100 MB",
      value: round(growthMb),
      unit: "MB",
      measured: `+${growthMb.toFixed(1)} MB (code only: ${baseline.maxRssMb.toFixed(0)} MB)`,
      target: `< ${FLAT_MEMORY_MB} MB (flat)`,
      met: growthMb < FLAT_MEMORY_MB,
      details: { baselineMaxRssMB: round(baseline.maxRssMb) },
    },
  ];
}

export const logs: Suite = {
  name: "logs",
  description: "customization.log analysis of 1, 10 and 100 MB: time and peak RSS",
  async run(options) {
    const { baseline, rows } = await measure(options.runs);
    return figuresOf(baseline, rows);
  },
};

async function main(runs: number): Promise<void> {
  const { baseline, rows } = await measure(runs);
  const largest = rows.at(-1)!;
  const growthMb = largest.maxRssMb - rows[0]!.maxRssMb;
  const timeOk = largest.medianMs < TARGET_100MB_MS;
  const memoryOk = growthMb < FLAT_MEMORY_MB;
  const table = [
    ["log", "lines", "median", "MB/s", "peak RSS", "runs (ms)"],
    ["(code only)", "", "", "", `${baseline.maxRssMb.toFixed(0)} MB`, ""],
    ...rows.map((r) => [
      `${r.sizeMb} MB`,
      r.lines.toLocaleString("en-US"),
      `${r.medianMs.toFixed(0)} ms`,
      (r.bytes / 1024 / 1024 / (r.medianMs / 1000)).toFixed(0),
      `${r.maxRssMb.toFixed(0)} MB`,
      r.runsMs.map((ms) => ms.toFixed(0)).join(", "),
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table) {
    process.stdout.write(`${row.map((c, i) => c.padEnd(widths[i]!)).join("  ")}\n`);
  }
  process.stdout.write(
    `\n100 MB in ${largest.medianMs.toFixed(0)} ms (target < ${TARGET_100MB_MS} ms): ${timeOk ? "met" : "MISSED"}\n` +
      `peak RSS from 1 to 100 MB grows ${growthMb.toFixed(1)} MB (target < ${FLAT_MEMORY_MB} MB, flat): ${memoryOk ? "met" : "MISSED"}\n`,
  );
  const file = await writeResult("logs.json", {
    command: "npx tsx bench/logs.ts",
    node: process.version,
    date: new Date().toISOString(),
    runsPerSize: runs,
    targets: { ms100MB: TARGET_100MB_MS, rssGrowthMB: FLAT_MEMORY_MB },
    met: { time: timeOk, memory: memoryOk },
    figures: figuresOf(baseline, rows),
  });
  process.stdout.write(`wrote ${file}\n`);
  if (!timeOk || !memoryOk) process.exitCode = 1;
}

/** A fresh process per log, so one log's peak RSS does not hide another's. */
function runChild(file: string | undefined, runs: number): ChildResult {
  const args = [...process.execArgv, SELF, "--child", file ?? "", String(runs)];
  const result = spawnSync(process.execPath, args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`child failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1)!) as ChildResult;
}

async function child(file: string | undefined, runs: number): Promise<void> {
  const runsMs: number[] = [];
  let status: string | undefined;
  if (file) {
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const analysis = await analyzeLogFile(file, CUSTOMIZERS);
      runsMs.push(performance.now() - start);
      status = analysis.status;
    }
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  const medianMs = sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0;
  const maxRssMb = peakRssMb();
  process.stdout.write(`${JSON.stringify({ medianMs, runsMs, maxRssMb, status })}\n`);
}

/** Writes a log of about `bytes`; returns its number of lines. */
async function generateLog(file: string, bytes: number): Promise<number> {
  const out = createWriteStream(file);
  let written = 0;
  let lines = 0;
  let batch: string[] = [];
  let clock = Date.UTC(2026, 10, 23, 0, 5, 0);
  const write = async (line: string) => {
    batch.push(`${line}\n`);
    written += line.length + 1;
    lines++;
    if (batch.length >= 2048) {
      if (!out.write(batch.join(""))) await once(out, "drain");
      batch = [];
    }
  };
  const err = (text: string) => write(`${OPID} PACKER ERR ${packerTime(clock)} ${text}`);
  const say = (text: string) => write(`${OPID} PACKER OUT ==> azure-arm: ${text}`);
  const output = (text: string) => write(`${OPID} PACKER OUT     azure-arm: ${text}`);

  await write(`${OPID} PACKER OUT azure-arm: output will be in this color.`);
  await say("Running builder ...");
  await say("Validating deployment template ...");
  await say("Deploying deployment template ...");
  await say("Waiting for SSH to become available...");
  await say("Connected to SSH!");
  const perCustomizer = (bytes - 2048) / CUSTOMIZER_COUNT;
  for (let c = 0; c < CUSTOMIZER_COUNT; c++) {
    const last = c === CUSTOMIZER_COUNT - 1;
    await err("[INFO] (telemetry) Starting provisioner shell");
    await say(`Provisioning with shell script: /tmp/script_${1000 + c}.sh`);
    const until = written + perCustomizer - (last ? 1024 : 0);
    for (let n = 0; written < until; n++) {
      const pkg = `lib${PACKAGES[n % PACKAGES.length]}${Math.floor(n / PACKAGES.length) % 50}`;
      const version = `${(n % 9) + 1}.${n % 23}.${n % 7}-${(n % 4) + 1}ubuntu${n % 3}`;
      await output(
        `Get:${n + 1} http://azure.archive.ubuntu.com/ubuntu jammy-updates/main amd64 ${pkg} amd64 ${version} [${(n * 37) % 2400} kB]`,
      );
      await output(`Preparing to unpack .../${pkg}_${version}_amd64.deb ...`);
      await output(`Unpacking ${pkg} (${version}) ...`);
      await output(`Setting up ${pkg} (${version}) ...`);
      if (n % 40 === 0) {
        clock += 1000;
        await err(
          `packer-provisioner-shell plugin: ${packerTime(clock)} [INFO] RPC client: Communicator ended with: 0`,
        );
        await say(
          `W: https://packages.contoso.example/apt/dists/jammy/InRelease: Key is stored in legacy trusted.gpg keyring`,
        );
      }
      if (n % 500 === 0) await output("debconf: unable to initialize frontend: Dialog");
    }
    clock += 60_000;
    if (last) {
      await say("E: Unable to locate package azure-clii");
      await say("Script exited with non-zero exit status: 100. Allowed exit codes are: [0]");
      await err("[INFO] (telemetry) ending shell");
      await say("Provisioning step had errors: Running the cleanup provisioner, if present...");
      await write(
        `${OPID} PACKER OUT Build 'azure-arm' errored after 42 minutes 7 seconds: Script exited with non-zero exit status: 100. Allowed exit codes are: [0]`,
      );
      await write(`${OPID} PACKER OUT ==> Builds finished but no artifacts were created.`);
      await write(`${OPID} PACKER END`);
    } else {
      await err("[INFO] (telemetry) ending shell");
    }
  }
  out.end(batch.join(""));
  await once(out, "finish");
  return lines;
}

const PACKAGES = ["ssl", "curl", "xml2", "yaml", "pcre", "zstd", "icu", "gnutls", "krb5", "nghttp"];

function packerTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .slice(0, 19)
    .replace("-", "/")
    .replace("-", "/")
    .replace("T", " ");
}

if (process.argv[2] === "--child") {
  await child(process.argv[3], Number(process.argv[4] ?? 5));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  await main(Number(process.argv[2] ?? 5));
}
