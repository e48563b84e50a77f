/**
 * Cold start of each bundle under Node 20 and Node 24: `npx tsx bench/cold-start.ts`.
 *
 * Each bundle runs its cheapest real path, a dry run (inputs read and validated, template
 * rendered and set as output, no credentials, no network), as a fresh process with the
 * environment its CI system gives it; `node -e 0` of the same binary runs in the same loop,
 * interleaved, so the difference is what the bundle itself costs. Target: the whole process,
 * spawn to exit, in 250 ms or less.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import {
  adoStepEnvironment,
  CI_PATH,
  githubStepEnvironment,
  nodeBinary,
  scratchDir,
  type BundleHost,
  type NodeMajor,
} from "../local-ci/run-bundle.js";
import {
  ensureNode24,
  median,
  ms,
  parseArgs,
  ROOT,
  round,
  table,
  timedSpawn,
  type Figure,
  type Suite,
} from "./support/common.js";
import { runStandalone } from "./support/standalone.js";

const TARGET_MS = 250;

const DRY_RUN_INPUTS: Record<string, string> = {
  "dry-run": "true",
  "resource-group": "rg-images",
  location: "westeurope",
  source: "Canonical:ubuntu-24_04-lts:server:latest",
  identity:
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-images/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-image-builder",
  "inline-script": "echo hello",
  "managed-image-id":
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-images/providers/Microsoft.Compute/images/bench",
};

function stepEnv(host: BundleHost, scratch: string): Record<string, string> {
  const env =
    host === "github"
      ? githubStepEnvironment(DRY_RUN_INPUTS, { workspace: ROOT, scratch }).env
      : adoStepEnvironment(DRY_RUN_INPUTS, { workspace: ROOT, scratch, serviceConnection: null });
  return { PATH: CI_PATH, ...env };
}

/** Spawn-to-exit time of one dry run of a bundle; throws when the dry run did not render. */
export async function timeDryRun(host: BundleHost, major: NodeMajor): Promise<number> {
  const scratch = scratchDir();
  try {
    const result = await timedSpawn(
      nodeBinary(major),
      [path.join(ROOT, "dist", host, "index.js")],
      {
        env: stepEnv(host, scratch),
        timeoutMs: 30_000,
      },
    );
    const rendered =
      result.exitCode === 0 &&
      (host === "github" || /task\.setvariable variable=template/.test(result.stdout));
    if (!rendered)
      throw new Error(
        `the ${host} bundle's dry run failed under Node ${major} (exit ${result.exitCode}):\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`,
      );
    return result.wallMs;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export const coldStart: Suite = {
  name: "cold-start",
  description: "cold start of each bundle (dry run) under Node 20 and 24, against node -e 0",
  async run(options, log) {
    await ensureNode24(log);
    const majors: NodeMajor[] = ["20", "24"];
    const hosts: BundleHost[] = ["github", "ado"];
    const runs = Math.max(options.runs * 2, 5);
    const samples = new Map<string, number[]>();
    const add = (key: string, v: number) => samples.set(key, [...(samples.get(key) ?? []), v]);
    // One warm-up round (page cache), not counted.
    for (let round_ = -1; round_ < runs; round_++) {
      for (const major of majors) {
        const node = nodeBinary(major);
        const base = await timedSpawn(node, ["-e", "0"], { env: { PATH: CI_PATH } });
        if (round_ >= 0) add(`node${major}`, base.wallMs);
        for (const host of hosts) {
          const wallMs = await timeDryRun(host, major);
          if (round_ >= 0) add(`${host}${major}`, wallMs);
        }
      }
    }
    const figures: Figure[] = [];
    for (const major of majors) {
      const base = median(samples.get(`node${major}`)!);
      for (const host of hosts) {
        const runsMs = samples.get(`${host}${major}`)!;
        const value = median(runsMs);
        figures.push({
          suite: "cold-start",
          id: `cold-start.${host}.node${major}`,
          figure: `cold start, ${host === "github" ? "GitHub" : "ADO"} bundle, Node ${major}`,
          value: round(value),
          unit: "ms",
          measured: `${ms(value)} (node -e 0: ${ms(base)}, bundle +${ms(value - base)})`,
          target: `<= ${TARGET_MS} ms`,
          met: value <= TARGET_MS,
          details: {
            runsMs: runsMs.map((v) => round(v)),
            nodeOnlyMs: round(base),
            nodeOnlyRunsMs: samples.get(`node${major}`)!.map((v) => round(v)),
            bundleMinusNodeMs: round(value - base),
          },
        });
      }
    }
    return figures;
  },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  await runStandalone(coldStart, parseArgs(process.argv.slice(2)), table);
}
