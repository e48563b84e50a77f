/**
 * `bake-azure-image logs` as a user runs it: the built CLI bundle, as a process.
 * Rebuild it after changing src with `node tools/build-bundles.mjs cli`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT } from "../../local-ci/run-bundle.js";
import { fixturePath } from "./fixtures.js";

const CLI = path.join(ROOT, "dist", "cli", "index.js");

function run(...args: string[]) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run node tools/build-bundles.mjs cli`);
  const result = spawnSync(process.execPath, [CLI, "logs", ...args], { encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("bake-azure-image logs", () => {
  it("--json prints the analysis of a failed build as one object", () => {
    const { code, stdout, stderr } = run(fixturePath("windows-powershell-failure"), "--json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const analysis = JSON.parse(stdout);
    expect(Object.keys(analysis).sort()).toEqual(["failure", "status", "timeline"]);
    expect(analysis.status).toBe("failed");
    // Without the template, steps are numbered in order and named from the log.
    expect(analysis.failure.step).toEqual({
      index: 1,
      name: "C:\\Windows\\Temp\\script-6f1d2c0e-8a43-4b8e-9d1e-5e2f7c3b9a10.ps1",
      type: "PowerShell",
      sourceFile: null,
      deprovisioning: false,
    });
    expect(analysis.failure.reason).toContain("The system cannot find the file specified.");
    expect(analysis.failure.excerpt).toContain(
      "At C:\\Windows\\Temp\\script-6f1d2c0e-8a43-4b8e-9d1e-5e2f7c3b9a10.ps1:12 char:1",
    );
    expect(analysis.timeline).toHaveLength(2);
    for (const entry of analysis.timeline) {
      expect(entry).toEqual(
        expect.objectContaining({
          type: "PowerShell",
          name: expect.any(String),
          start: expect.stringMatching(/^2026-11-24T\d\d:\d\d:\d\dZ$/),
          end: expect.stringMatching(/^2026-11-24T\d\d:\d\d:\d\dZ$/),
          durationSeconds: expect.any(Number),
        }),
      );
    }
    expect(analysis.timeline.map((e: { status: string }) => e.status)).toEqual([
      "succeeded",
      "failed",
    ]);
  });

  it("--json of a successful build has no failure, and exits 0", () => {
    const { code, stdout } = run("--json", fixturePath("success-several-customizers"));
    expect(code).toBe(0);
    const analysis = JSON.parse(stdout);
    expect(analysis.status).toBe("succeeded");
    expect(analysis.failure).toBeNull();
    expect(analysis.timeline).toHaveLength(5);
  });

  it("names customizers from a rendered template given with --template", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "logs-cli-"));
    try {
      const template = path.join(dir, "template.json");
      writeFileSync(
        template,
        JSON.stringify({
          location: "westeurope",
          properties: {
            customize: [
              { type: "Shell", name: "harden", scriptUri: "https://x/harden.sh" },
              { type: "Shell", name: "firewall", inline: ["ufw default deny incoming"] },
            ],
          },
        }),
      );
      const { code, stdout } = run(
        fixturePath("deprovision-failure"),
        "--json",
        "--template",
        template,
      );
      expect(code).toBe(0);
      const analysis = JSON.parse(stdout);
      expect(analysis.timeline.map((e: { name: string | null }) => e.name)).toEqual([
        "harden",
        "firewall",
        null,
      ]);
      expect(analysis.failure.step).toMatchObject({ index: null, deprovisioning: true });
      expect(analysis.failure.phase).toBe("deprovisioning");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("prints a readable report without --json", () => {
    const { code, stdout } = run(fixturePath("timeout-deadline"));
    expect(code).toBe(0);
    expect(stdout).toContain("Build status: failed");
    expect(stdout).toContain("Failed in:    customizer 2 '/tmp/script_6620.sh' (Shell)");
    expect(stdout).toMatch(/Reason: +.*context deadline exceeded/);
    expect(stdout).toContain("  | Building initial module for 6.5.0-1025-azure");
    expect(stdout).toMatch(
      /\n {2}2 +\/tmp\/script_6620\.sh +Shell +06:09:30 +07:04:59 +55m 29s +failed\n/,
    );
  });

  it("fails with a clear message for a file it cannot read", () => {
    const missing = run(path.join(ROOT, "no-such-customization.log"), "--json");
    expect(missing.code).not.toBe(0);
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toContain("no-such-customization.log: no such file.");

    const directory = run(ROOT);
    expect(directory.code).not.toBe(0);
    expect(directory.stderr).toContain("it is a directory, not a file.");

    const usage = run();
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("Usage: bake-azure-image logs");
  });
});
