/**
 * The secret scan of everything the test suite captures. Each bundle or CLI process a test
 * runs records its output (local-ci hands it to recordCapture, installed by
 * secret-scan-capture.ts), and each emulator records the secrets it issues, as files in one
 * directory per jest run (workers are separate processes, so nothing is kept in memory); the
 * global teardown then looks for every known secret and for secret-shaped text in every output,
 * after masking what the step itself registered as secret, as the runner and the agent do.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SECRET_SCAN_DIR_ENV } from "../../local-azure/issued-secrets.js";
import {
  SCAN_RESULT_FILE,
  scanOutput,
  type CapturedOutput,
  type ScanResult,
} from "../../local-ci/secret-scan.js";

export { SECRET_SCAN_DIR_ENV };
export * from "../../local-ci/secret-scan.js";

/** Environment variables whose values are secrets a test hands to a process. */
const SECRET_ENV = /(SECRET|ACCESSTOKEN|REQUEST_TOKEN|PASSWORD|SERVICEPRINCIPALKEY)/i;

let counter = 0;

function scanDir(): string | undefined {
  return process.env[SECRET_SCAN_DIR_ENV] || undefined;
}

function currentTest(): { testPath?: string; testName?: string } {
  const state = (
    globalThis as { expect?: { getState?: () => { testPath?: string; currentTestName?: string } } }
  ).expect?.getState?.();
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
  return {
    testPath: state?.testPath && path.relative(root, state.testPath),
    testName: state?.currentTestName,
  };
}

/** Records one process's output (and the secrets in its environment) for the end-of-run scan. */
export function recordCapture(label: string, text: string, env: Record<string, string> = {}): void {
  const dir = scanDir();
  if (!dir) return;
  const secrets = Object.entries(env)
    .filter(([k, v]) => SECRET_ENV.test(k) && v.length >= 8)
    .map(([, v]) => v);
  const output: CapturedOutput = { label, ...currentTest(), text };
  try {
    writeFileSync(
      path.join(dir, `out-${process.pid}-${++counter}.json`),
      JSON.stringify({ output, secrets }),
    );
  } catch {
    // The directory is gone: the run is over.
  }
}

/** Scans every output recorded in `dir` for every secret recorded there. */
export function scanDirectory(dir: string): ScanResult {
  const outputs: CapturedOutput[] = [];
  const secrets = new Set<string>();
  for (const file of readdirSync(dir)) {
    const text = readFileSync(path.join(dir, file), "utf8");
    if (file.startsWith("secrets-")) {
      for (const line of text.split("\n")) if (line) secrets.add(JSON.parse(line) as string);
    } else if (file.startsWith("out-")) {
      const record = JSON.parse(text) as { output: CapturedOutput; secrets: string[] };
      outputs.push(record.output);
      for (const s of record.secrets) secrets.add(s);
    }
  }
  const findings = outputs.flatMap((o) => scanOutput(o, secrets));
  return { outputs: outputs.length, secrets: secrets.size, findings };
}

export function summaryLine(result: ScanResult): string {
  return `secret scan: ${result.outputs} outputs, ${result.secrets} known secrets, ${result.findings.length} found`;
}

/** A fresh scan directory for one run, under the system's temp directory. */
export function newScanDir(runId = `${Date.now()}-${process.pid}`): string {
  const dir = path.join(tmpdir(), "bake-secret-scan", runId);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function describeFindings(result: ScanResult): string {
  const list = result.findings.map((f) => `  ${f.kind} in ${f.where}: ${f.excerpt}`).join("\n");
  return `${summaryLine(result)}:\n${list}`;
}

/**
 * Scans the run's directory, removes it, and writes the figures to SCAN_RESULT_FILE with the
 * run's scope (the whole suite, or the test paths it was limited to).
 */
export function finishScan(dir: string, scope: string): ScanResult {
  const result = scanDirectory(dir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(SCAN_RESULT_FILE), { recursive: true });
  writeFileSync(
    SCAN_RESULT_FILE,
    JSON.stringify({ at: new Date().toISOString(), scope, ...result }, null, 2),
  );
  return result;
}
