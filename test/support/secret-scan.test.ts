import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { IssuedSecrets } from "../../local-azure/issued-secrets.js";
import {
  recordCapture,
  scanDirectory,
  scanOutput,
  SECRET_SCAN_DIR_ENV,
  shownLines,
  summaryLine,
} from "./secret-scan.js";
import { ROOT, runNode } from "../../local-ci/run-bundle.js";

/** A directory of its own, so planted secrets never reach the suite's real scan. */
let dir: string;
let suiteDir: string | undefined;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "secret-scan-test-"));
  suiteDir = process.env[SECRET_SCAN_DIR_ENV];
  process.env[SECRET_SCAN_DIR_ENV] = dir;
});
afterEach(() => {
  if (suiteDir === undefined) delete process.env[SECRET_SCAN_DIR_ENV];
  else process.env[SECRET_SCAN_DIR_ENV] = suiteDir;
  rmSync(dir, { recursive: true, force: true });
});

const TOKEN =
  "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tIn0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";

test("finds a secret an emulator issued in the output of a process a test ran, and says where", async () => {
  const secrets = new IssuedSecrets();
  secrets.add("emu~5f0c2b7e-planted-client-secret");
  await runNode(["-e", "console.log('signing in with emu~5f0c2b7e-planted-client-secret')"]);
  await runNode(["-e", "console.log('nothing to see')"]);
  const result = scanDirectory(dir);
  expect(result.outputs).toBe(2);
  expect(result.secrets).toBe(1);
  expect(result.findings).toEqual([
    {
      kind: "known secret",
      where: expect.stringMatching(/secret-scan\.test\.ts .* node -e .*, line 1$/),
      excerpt: "signing in with emu~5f…(34 chars)",
    },
  ]);
  expect(summaryLine(result)).toBe("secret scan: 2 outputs, 1 known secrets, 1 found");
});

test("knows the secrets handed to a process in its environment", () => {
  recordCapture("a step", "the secret is hunter2-is-my-password", {
    AZURE_CLIENT_SECRET: "hunter2-is-my-password",
    AZURE_CLIENT_ID: "not-a-secret-client-id",
  });
  recordCapture("another step", "client not-a-secret-client-id");
  const result = scanDirectory(dir);
  expect(result.secrets).toBe(1);
  expect(result.findings.map((f) => f.where)).toEqual([
    expect.stringMatching(/^test\/support\/secret-scan\.test\.ts › knows .* › a step, line 1$/),
  ]);
});

test("finds secret-shaped text nobody registered: JWTs, SAS signatures, client_secret", () => {
  const text = [
    `token ${TOKEN}`,
    "GET https://acct.blob.core.windows.net/c/b.sh?sv=2025-01-05&sig=AbCdEf0123456789%3D",
    "body client_secret=s3cr3t-value&grant_type=client_credentials",
    "-----BEGIN PRIVATE KEY-----",
    "https://acct.blob.core.windows.net/c/b.sh (no query string)",
  ].join("\n");
  expect(scanOutput({ label: "x", text }, []).map((f) => f.kind)).toEqual([
    "JWT",
    "SAS signature",
    "client_secret",
    "private key",
  ]);
});

test("ignores what the step masked itself, as the runner and the agent do", () => {
  const text = [
    `::add-mask::${TOKEN}`,
    `GitHub shows *** for ${TOKEN}`,
    "##vso[task.setsecret]sv=2025&sig=AbCdEf0123456789",
    "Azure Pipelines shows ?sv=2025&sig=AbCdEf0123456789",
  ].join("\n");
  expect(shownLines(text)).toEqual(["GitHub shows *** for ***", "Azure Pipelines shows ?***"]);
  expect(scanOutput({ label: "x", text }, [TOKEN])).toEqual([]);
  // Before the mask command, the runner could not mask it.
  const early = `leaked ${TOKEN}\n::add-mask::${TOKEN}`;
  expect(scanOutput({ label: "x", text: early }, [TOKEN])).toHaveLength(1);
});

test("records nothing outside a scan", () => {
  delete process.env[SECRET_SCAN_DIR_ENV];
  recordCapture("a step", "output");
  expect(readdirSync(dir)).toEqual([]);
});

describe("the suite's global teardown", () => {
  const teardown = (env: Record<string, string>) =>
    spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        "const m = await import('./test/support/secret-scan-teardown.mjs'); await m.default({});",
      ],
      { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8" },
    );

  test("fails the run and says where when a captured output holds a secret", () => {
    const secrets = new IssuedSecrets();
    secrets.add("ado_0123456789abcdef-planted-token");
    recordCapture(
      "ado step",
      "##vso[task.debug]System.AccessToken=ado_0123456789abcdef-planted-token",
    );
    const result = path.join(dir, "..", `${path.basename(dir)}-result.json`);
    const run = teardown({ [SECRET_SCAN_DIR_ENV]: dir, BAKE_SECRET_SCAN_RESULT: result });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("secret scan: 1 outputs, 1 known secrets, 1 found");
    expect(run.stderr).toContain("known secret in test/support/secret-scan.test.ts");
    expect(JSON.parse(readFileSync(result, "utf8"))).toMatchObject({ outputs: 1, secrets: 1 });
    rmSync(result, { force: true });
  });

  test("passes and prints the figures when nothing shows", () => {
    recordCapture("github step", "Built /subscriptions/…/versions/1.0.0", {
      AZURE_CLIENT_SECRET: "never-printed-secret",
    });
    const result = path.join(dir, "..", `${path.basename(dir)}-result.json`);
    const run = teardown({ [SECRET_SCAN_DIR_ENV]: dir, BAKE_SECRET_SCAN_RESULT: result });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("secret scan: 1 outputs, 1 known secrets, 0 found");
    rmSync(result, { force: true });
  });
});
