/**
 * The secret scan of everything the test suite captures. Each bundle or CLI process a test
 * runs records its output, and each emulator records the secrets it issues, as files in one
 * directory per jest run (workers are separate processes, so nothing is kept in memory); the
 * global teardown then looks for every known secret and for secret-shaped text in every output,
 * after masking what the step itself registered as secret, as the runner and the agent do.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SECRET_SCAN_DIR_ENV } from "../emulator/issued-secrets.js";

export { SECRET_SCAN_DIR_ENV };

export interface CapturedOutput {
  /** What produced it: the command line, a host and a step. */
  label: string;
  /** The test file and test that ran it, when run under jest. */
  testPath?: string;
  testName?: string;
  /** stdout then stderr, unprocessed. */
  text: string;
}

export interface Finding {
  /** `known secret` or the pattern's name. */
  kind: string;
  /** The label, test and line number of the output. */
  where: string;
  /** The line, with the secret itself cut short. */
  excerpt: string;
}

export interface ScanResult {
  outputs: number;
  secrets: number;
  findings: Finding[];
}

/** Environment variables whose values are secrets a test hands to a process. */
const SECRET_ENV = /(SECRET|ACCESSTOKEN|REQUEST_TOKEN|PASSWORD|SERVICEPRINCIPALKEY)/i;

/** Text that is a secret whoever issued it. */
export const SECRET_PATTERNS: Array<{ name: string; pattern: RegExp }> = [
  { name: "JWT", pattern: /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/ },
  { name: "SAS signature", pattern: /\bsig=(?!\*\*\*)[\w%+/=-]{8,}/ },
  { name: "client_secret", pattern: /\bclient_secret=(?!\*\*\*)[^\s&"']{4,}/ },
  { name: "private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
];

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

/**
 * What a person reads: the lines of `text` without the commands that register secrets, each
 * masked with every secret registered before it (GitHub's add-mask, Azure Pipelines' setsecret).
 */
export function shownLines(text: string): string[] {
  const registered: string[] = [];
  const shown: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const gh = /^::add-mask::(.*)$/.exec(line);
    const ado = /##vso\[task\.setsecret\](.*)$/.exec(line);
    const value = gh?.[1] ?? ado?.[1];
    if (value !== undefined) {
      if (value) registered.push(value);
      continue;
    }
    shown.push(registered.reduce((l, s) => l.split(s).join("***"), line));
  }
  return shown;
}

function cut(line: string, secret: string): string {
  const short = `${secret.slice(0, 6)}…(${secret.length} chars)`;
  const at = line.indexOf(secret);
  const shown = at === -1 ? line : line.slice(0, at) + short + line.slice(at + secret.length);
  return shown.length > 240 ? `${shown.slice(0, 240)}…` : shown;
}

/** Finds known secrets and secret-shaped text in one captured output. */
export function scanOutput(output: CapturedOutput, secrets: Iterable<string>): Finding[] {
  const known = [...secrets].filter((s) => s.length >= 8);
  const findings: Finding[] = [];
  const origin = [output.testPath, output.testName, output.label].filter(Boolean).join(" › ");
  shownLines(output.text).forEach((line, i) => {
    const where = `${origin}, line ${i + 1}`;
    // A PEM key spans lines: any one of its lines is enough.
    const hit = known.find(
      (s) =>
        line.includes(s) ||
        (s.includes("\n") &&
          s
            .split("\n")
            .some((part) => part.length >= 40 && !part.startsWith("-----") && line.includes(part))),
    );
    if (hit) {
      findings.push({ kind: "known secret", where, excerpt: cut(line, hit) });
      return;
    }
    for (const { name, pattern } of SECRET_PATTERNS) {
      const m = pattern.exec(line);
      if (m) {
        findings.push({ kind: name, where, excerpt: cut(line, m[0].slice(4)) });
        return;
      }
    }
  });
  return findings;
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

/** Where the last scan's figures are kept for the reliability report (gitignored). */
export const SCAN_RESULT_FILE =
  process.env.BAKE_SECRET_SCAN_RESULT ??
  path.join(
    path.dirname(fileURLToPath(import.meta.url)),
    "..",
    "..",
    "bench",
    "results",
    "secret-scan.json",
  );

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
