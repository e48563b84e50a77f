import type { BenchOptions, Figure, Suite } from "./common.js";
import { writeResult } from "./common.js";

/** Runs one suite on its own (`npx tsx bench/<suite>.ts [--quick] [--runs N]`). */
export async function runStandalone(
  suite: Suite,
  options: BenchOptions,
  table: (figures: Figure[]) => string,
): Promise<void> {
  const log = (line: string) => process.stderr.write(`[${suite.name}] ${line}\n`);
  const figures = await suite.run(options, log);
  process.stdout.write(table(figures));
  const file = await writeResult(`${suite.name}.json`, {
    command: `npx tsx bench/${suite.name}.ts`,
    node: process.version,
    date: new Date().toISOString(),
    options,
    figures,
  });
  process.stdout.write(`wrote ${file}\n`);
}
