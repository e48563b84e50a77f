/**
 * `npm run bench [-- --quick] [-- --runs N] [-- --only cold-start,overhead,...]`: every
 * performance figure against the local Azure, one table, bench/results/bench.json.
 *
 * A report, not a test: it exits 0 when a target is missed (1 only when a suite could not
 * run). Each figure is the median of several runs, and each ratio is taken within one run,
 * as this machine's speed varies. `--quick` (BENCH_QUICK=1) uses fewer runs and smaller
 * inputs: a check that the suites work, not figures to quote.
 */
import { armLoad } from "./arm-load.js";
import { cacheHit } from "./cache-hit.js";
import { coldStart } from "./cold-start.js";
import { logs } from "./logs.js";
import { overhead } from "./overhead.js";
import { staging } from "./staging.js";
import { ms, parseArgs, table, writeResult, type Figure, type Suite } from "./support/common.js";

const SUITES: Suite[] = [coldStart, overhead, cacheHit, armLoad, staging, logs];

async function main(): Promise<void> {
  const { only, ...options } = parseArgs(process.argv.slice(2));
  const unknown = (only ?? []).filter((name) => !SUITES.some((s) => s.name === name));
  if (unknown.length)
    throw new Error(
      `unknown suite(s) ${unknown.join(", ")}; known: ${SUITES.map((s) => s.name).join(", ")}`,
    );
  const chosen = only ? SUITES.filter((s) => only.includes(s.name)) : SUITES;
  const started = performance.now();
  const figures: Figure[] = [];
  const failures: Array<{ suite: string; error: string }> = [];
  process.stderr.write(
    `bake-azure-image benchmarks (${options.quick ? "quick, " : ""}${options.runs} runs a figure): ${chosen.map((s) => s.name).join(", ")}\n`,
  );
  for (const suite of chosen) {
    const t0 = performance.now();
    process.stderr.write(`\n== ${suite.name}: ${suite.description}\n`);
    try {
      figures.push(...(await suite.run(options, (line) => process.stderr.write(`  ${line}\n`))));
    } catch (error) {
      const message = (error as Error).stack ?? String(error);
      failures.push({ suite: suite.name, error: message });
      process.stderr.write(`  FAILED: ${message}\n`);
    }
    process.stderr.write(`  (${ms(performance.now() - t0)})\n`);
  }
  const text = table(figures);
  process.stdout.write(`\n${text}`);
  const withTarget = figures.filter((f) => f.met !== null);
  const met = withTarget.filter((f) => f.met).length;
  process.stdout.write(
    `\n${met} of ${withTarget.length} targets met${failures.length ? `; suites that failed: ${failures.map((f) => f.suite).join(", ")}` : ""}; ${ms(performance.now() - started)} in all.\n`,
  );
  const file = await writeResult("bench.json", {
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    node: process.version,
    date: new Date().toISOString(),
    options,
    suites: chosen.map((s) => s.name),
    table: text,
    met: { met, of: withTarget.length },
    figures,
    failures,
  });
  process.stdout.write(`wrote ${file}\n`);
  if (failures.length) process.exitCode = 1;
}

await main();
