/**
 * The bad-input figures: runs the catalogue of test/e2e/bad-inputs.test.ts (each case through
 * the real GitHub and Azure Pipelines bundles) with jest's JSON reporter, and counts the cases
 * whose every check passed: exactly one error annotation, naming the input, no network.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT } from "../../local-ci/run-bundle.js";

export interface BadInputFigures {
  /** Catalogue entries (one input mistake each). */
  cases: number;
  /** Case × host runs. */
  runs: number;
  /** Runs that failed with exactly one error annotation naming the input. */
  answered: number;
  failures: string[];
}

interface JestJson {
  testResults: Array<{
    assertionResults: Array<{ ancestorTitles: string[]; title: string; status: string }>;
  }>;
}

export function badInputFigures(): BadInputFigures {
  const dir = mkdtempSync(path.join(tmpdir(), "reliability-bad-inputs-"));
  const out = path.join(dir, "jest.json");
  try {
    spawnSync(
      process.execPath,
      [
        "--experimental-vm-modules",
        path.join(ROOT, "node_modules", "jest", "bin", "jest.js"),
        "test/e2e/bad-inputs.test.ts",
        "--json",
        `--outputFile=${out}`,
      ],
      {
        cwd: ROOT,
        stdio: "ignore",
        env: {
          ...process.env,
          NODE_NO_WARNINGS: "1",
          // This partial run's secret scan must not replace the whole suite's figures.
          BAKE_SECRET_SCAN_RESULT: path.join(dir, "secret-scan.json"),
        },
      },
    );
    const report = JSON.parse(readFileSync(out, "utf8")) as JestJson;
    const runs = new Map<string, boolean>();
    for (const file of report.testResults) {
      for (const a of file.assertionResults) {
        // Case blocks are titled "<host>: <case name>".
        const block = a.ancestorTitles[0] ?? "";
        if (!/^(github|ado): /.test(block)) continue;
        runs.set(block, (runs.get(block) ?? true) && a.status === "passed");
      }
    }
    const names = new Set([...runs.keys()].map((k) => k.replace(/^(github|ado): /, "")));
    const failures = [...runs].filter(([, ok]) => !ok).map(([k]) => k);
    return {
      cases: names.size,
      runs: runs.size,
      answered: runs.size - failures.length,
      failures,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
