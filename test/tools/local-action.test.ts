/**
 * GitHub's own local runner, `@github/local-action`, runs the action from source: it imports
 * src/github/run.ts, calls its run() with inputs from a .env file and its own stand-in for
 * @actions/core, and prints the outputs it was given. A dry run needs no Azure.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT } from "../../local-ci/run-bundle.js";

const SUBSCRIPTION = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-images";

test("npx @github/local-action runs a dry run from source and sees its outputs", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "local-action-"));
  try {
    const workspace = path.join(dir, "repo");
    mkdirSync(workspace);
    const env = path.join(dir, ".env");
    writeFileSync(
      env,
      [
        "INPUT_RESOURCE-GROUP=rg-images",
        "INPUT_LOCATION=westeurope",
        "INPUT_SOURCE=Canonical:ubuntu-24_04-lts:server:latest",
        `INPUT_IDENTITY=${SUBSCRIPTION}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-image-builder`,
        "INPUT_INLINE-SCRIPT=echo hello",
        `INPUT_MANAGED-IMAGE-ID=${SUBSCRIPTION}/providers/Microsoft.Compute/images/golden`,
        "INPUT_DRY-RUN=true",
        `GITHUB_WORKSPACE=${workspace}`,
        "GITHUB_REPOSITORY=contoso/golden-images",
        "GITHUB_RUN_ID=77",
        "GITHUB_RUN_ATTEMPT=1",
        "GITHUB_SHA=0123456789abcdef0123456789abcdef01234567",
        "",
      ].join("\n"),
    );
    const run = spawnSync(
      process.execPath,
      [
        path.join(ROOT, "node_modules", "@github", "local-action", "bin", "local-action.js"),
        "run",
        ROOT,
        "src/github/run.ts",
        env,
      ],
      { cwd: ROOT, encoding: "utf8", timeout: 120_000, env: { ...process.env, CI: "true" } },
    );
    expect(run.stderr).not.toMatch(/TypeError|Cannot read properties/);
    expect(run.status).toBe(0);
    // The tool's own table of what the action set with core.setOutput.
    const outputs = run.stdout.slice(run.stdout.indexOf("Action Outputs"));
    expect(outputs).toMatch(/'template-name'\s*│\s*'bake-golden-images-77-1-[0-9a-f]{6}'/);
    expect(outputs).toMatch(/'template'\s*│\s*'\{"location":"westeurope"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
