/**
 * Staging throughput and memory: `npx tsx bench/staging.ts`.
 *
 * Artifacts of 10 MB, 200 MB and 1 GiB (random bytes, written to a temp directory in chunks,
 * never held in memory) and a directory of 2,000 small text files go to the local Azure's
 * Azurite twice per run, each time from a fresh process: once through the product's staging
 * (ArtifactPreparer: checksum, and a tar.gz for the directory; BlobStaging.upload with the
 * service principal's token) and once as a bare `BlockBlobClient.uploadFile` of the same
 * source bytes (every file of the directory in turn), alternating which goes first. A fresh
 * local Azure per run keeps Azurite's in-memory store from growing across runs. Targets: the
 * product at least 0.9 times as fast as the bare upload (10 MB: at most 50 ms more than it);
 * the product's peak RSS 150 MB or less at every size.
 */
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startLocalAzure } from "../local-azure/harness.js";
import {
  median,
  ms,
  parseArgs,
  round,
  table,
  timedSpawn,
  bundledChild,
  type Figure,
  type Suite,
} from "./support/common.js";
import { accessOf } from "./support/local.js";
import type { StagingChildInput, StagingChildResult } from "./support/staging-child.js";
import { runStandalone } from "./support/standalone.js";

const TARGET_RATIO = 0.9;
/** Small uploads take about 100 ms either way: their ratio is noise, their difference is not. */
const TARGET_EXTRA_MS = 50;
const SMALL_BYTES = 10 * 1024 * 1024;
const TARGET_RSS_MB = 150;
const CHILD = fileURLToPath(new URL("./support/staging-child.ts", import.meta.url));
const MiB = 1024 * 1024;

interface Case {
  label: string;
  /** Bytes of the source (sum of the files for a directory). */
  bytes: number;
  files?: number;
  runs: number;
}

async function writeRandomFile(file: string, bytes: number): Promise<void> {
  const chunk = randomBytes(4 * MiB);
  const out = createWriteStream(file);
  for (let written = 0; written < bytes; written += chunk.length) {
    const part = written + chunk.length <= bytes ? chunk : chunk.subarray(0, bytes - written);
    if (!out.write(part)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

/** `count` small text files (0.5 to 8 KB) in 20 directories; returns their total size. */
function writeSmallFiles(dir: string, count: number): number {
  let total = 0;
  for (let i = 0; i < count; i++) {
    const sub = path.join(dir, `dir-${String(i % 20).padStart(2, "0")}`);
    mkdirSync(sub, { recursive: true });
    const size = 512 + ((i * 7919) % (7 * 1024 + 512));
    const text = randomBytes(Math.ceil((size * 3) / 4))
      .toString("base64")
      .slice(0, size);
    writeFileSync(path.join(sub, `file-${i}.conf`), text);
    total += size;
  }
  return total;
}

export const staging: Suite = {
  name: "staging",
  description: "staging throughput against a bare uploadFile, and peak RSS",
  async run(options, log) {
    const big = options.quick ? 2 : Math.min(options.runs, 3);
    const cases: Case[] = [
      { label: "10 MB", bytes: 10 * MiB, runs: options.runs },
      { label: "200 MB", bytes: 200 * MiB, runs: options.quick ? 2 : Math.min(options.runs, 4) },
      ...(options.quick ? [] : [{ label: "1 GiB", bytes: 1024 * MiB, runs: big }]),
      {
        label: "2,000 small files",
        bytes: 0,
        files: options.quick ? 500 : 2000,
        runs: options.runs,
      },
    ];
    const dir = mkdtempSync(path.join(tmpdir(), "bench-staging-"));
    const figures: Figure[] = [];
    try {
      for (const c of cases) {
        const source = path.join(dir, c.files ? "small-files" : `artifact-${c.bytes}.bin`);
        if (c.files) {
          mkdirSync(source);
          c.bytes = writeSmallFiles(source, c.files);
          c.label = `${c.files.toLocaleString("en-US")} small files`;
        } else {
          await writeRandomFile(source, c.bytes);
        }
        const product: StagingChildResult[] = [];
        const bare: StagingChildResult[] = [];
        for (let run = 0; run < c.runs; run++) {
          const az = await startLocalAzure({
            storageMemoryLimitBytes: 2 * c.bytes + 256 * MiB,
          });
          try {
            const info = az.storageAccounts()[az.defaults.storageAccount]!;
            const account = {
              id: info.resourceId,
              name: info.name,
              blobEndpoint: `${info.blobEndpoint}/`,
            };
            const once_ = async (mode: "product" | "bare") => {
              const input: StagingChildInput = {
                access: accessOf(az),
                account,
                container: az.defaults.container,
                mode,
                source,
                isDirectory: Boolean(c.files),
                prefix: `bench/${mode}/`,
              };
              const result = await timedSpawn(process.execPath, [await bundledChild(CHILD)], {
                env: {
                  PATH: process.env.PATH ?? "",
                  NODE_EXTRA_CA_CERTS: az.caCertPath,
                  BENCH_STAGING: JSON.stringify(input),
                },
              });
              if (result.exitCode !== 0)
                throw new Error(`the ${mode} upload of ${c.label} failed:\n${result.stderr}`);
              return JSON.parse(result.stdout.trim().split("\n").at(-1)!) as StagingChildResult;
            };
            const order: Array<"product" | "bare"> =
              run % 2 === 0 ? ["product", "bare"] : ["bare", "product"];
            for (const mode of order) (mode === "product" ? product : bare).push(await once_(mode));
          } finally {
            await az.stop();
          }
          log(
            `${c.label} run ${run + 1}: product ${ms(product.at(-1)!.ms)} (peak RSS ${product.at(-1)!.maxRssMb.toFixed(0)} MB), bare ${ms(bare.at(-1)!.ms)} (peak RSS ${bare.at(-1)!.maxRssMb.toFixed(0)} MB)`,
          );
        }
        rmSync(source, { recursive: true, force: true });
        const ratios = product.map((p, i) => bare[i]!.ms / p.ms);
        const ratio = median(ratios);
        const productMs = median(product.map((p) => p.ms));
        const bareMs = median(bare.map((b) => b.ms));
        const rss = median(product.map((p) => p.maxRssMb));
        const prepareMs = median(product.map((p) => p.prepareMs));
        const uploadOnly = product.map((p, i) => bare[i]!.ms / (p.ms - p.prepareMs));
        const id = c.files ? "small-files" : c.label.replace(/\s+/g, "").toLowerCase();
        const details = {
          sourceBytes: c.bytes,
          files: c.files ?? 1,
          uploadedBytes: product[0]!.bytes,
          productMsRuns: product.map((p) => round(p.ms)),
          productPrepareMsRuns: product.map((p) => round(p.prepareMs)),
          bareMsRuns: bare.map((b) => round(b.ms)),
          ratioRuns: ratios.map((r) => round(r, 3)),
          uploadOnlyRatioRuns: uploadOnly.map((r) => round(r, 3)),
          uploadOnlyRatio: round(median(uploadOnly), 3),
          productMaxRssMbRuns: product.map((p) => round(p.maxRssMb)),
          bareMaxRssMbRuns: bare.map((b) => round(b.maxRssMb)),
          childBaselineRssMb: round(median(product.map((p) => p.baselineRssMb))),
        };
        const mbps = (msValue: number) => ((c.bytes / MiB / msValue) * 1000).toFixed(0);
        const extraMs = median(product.map((p, i) => p.ms - bare[i]!.ms));
        const small = !c.files && c.bytes <= SMALL_BYTES;
        figures.push(
          small
            ? {
                suite: "staging",
                id: `staging.${id}.extra`,
                figure: `staging ${c.label}: time beyond a bare uploadFile`,
                value: round(extraMs),
                unit: "ms",
                measured: `${ms(extraMs)} more (${ms(productMs)}, of it checksum ${ms(prepareMs)}; bare ${ms(bareMs)}; ratio ${ratio.toFixed(2)}x)`,
                target: `<= ${TARGET_EXTRA_MS} ms more`,
                met: extraMs <= TARGET_EXTRA_MS,
                details: {
                  ...details,
                  extraMsRuns: product.map((p, i) => round(p.ms - bare[i]!.ms)),
                },
              }
            : {
                suite: "staging",
                id: `staging.${id}.speed`,
                figure: `staging ${c.label}: speed / bare uploadFile`,
                value: round(ratio, 3),
                unit: "x",
                measured: `${ratio.toFixed(2)}x (${ms(productMs)}, of it checksum/archive ${ms(prepareMs)}; bare ${ms(bareMs)}; ${mbps(productMs)} vs ${mbps(bareMs)} MB/s)`,
                target: `>= ${TARGET_RATIO}x`,
                met: ratio >= TARGET_RATIO,
                details,
              },
          {
            suite: "staging",
            id: `staging.${id}.rss`,
            figure: `staging ${c.label}: peak RSS`,
            value: round(rss),
            unit: "MB",
            measured: `${rss.toFixed(0)} MB (bare: ${median(bare.map((b) => b.maxRssMb)).toFixed(0)} MB)`,
            target: `<= ${TARGET_RSS_MB} MB`,
            met: rss <= TARGET_RSS_MB,
          },
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  await runStandalone(staging, parseArgs(process.argv.slice(2)), table);
}
