/**
 * Finding secrets in what a step printed: every known secret, and text shaped like one, in the
 * lines a person would read once the runner or agent has masked what the step registered. The
 * test suite scans everything it captured with it (test/support/secret-scan.ts), the reliability
 * report the builds it runs.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

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

/** Text that is a secret whoever issued it. */
export const SECRET_PATTERNS: Array<{ name: string; pattern: RegExp }> = [
  { name: "JWT", pattern: /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/ },
  { name: "SAS signature", pattern: /\bsig=(?!\*\*\*)[\w%+/=-]{8,}/ },
  { name: "client_secret", pattern: /\bclient_secret=(?!\*\*\*)[^\s&"']{4,}/ },
  { name: "private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
];

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

/** Where the last scan's figures are kept for the reliability report (gitignored). */
export const SCAN_RESULT_FILE =
  process.env.BAKE_SECRET_SCAN_RESULT ??
  path.join(
    path.dirname(fileURLToPath(import.meta.url)),
    "..",
    "bench",
    "results",
    "secret-scan.json",
  );
