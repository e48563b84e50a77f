/**
 * Runs a bundle as one step of a CI job, the way the GitHub runner or the Azure Pipelines
 * agent does: inputs in the environment, workflow commands read from stdout, secrets masked
 * from what a person sees. Used by the end-to-end tests and by `npm run demo`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { camelCase, OUTPUTS } from "../../src/core/inputs/catalog.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export type HostKind = "github" | "ado";

export interface StepOptions {
  host: HostKind;
  /** kebab-case inputs; each host gets them in its own spelling. */
  inputs: Record<string, string>;
  /** Extra environment (the local Azure's, a run context). */
  env?: Record<string, string>;
  /** The node binary; the machine's own by default. */
  node?: string;
  workspace?: string;
  /** For the GitHub post step: the state the main step saved. */
  phase?: "main" | "post";
  state?: string;
  /** Called for each line a person would see, as it comes. */
  onLine?: (line: string) => void;
}

export interface StepResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** What a person sees in the job log: commands consumed, secrets masked. */
  log: string[];
  /** Everything the process wrote, unprocessed, for leak scans. */
  raw: string;
  outputs: Record<string, string>;
  errors: string[];
  warnings: string[];
  secrets: string[];
  /** GITHUB_STATE written by the step (GitHub only). */
  state: string;
  summary: string;
  durationMs: number;
}

export interface RunningStep {
  child: ChildProcess;
  /** Resolves when a line matching `pattern` has been seen. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  result: Promise<StepResult>;
}

const GITHUB_CONTEXT = {
  GITHUB_ACTIONS: "true",
  GITHUB_REPOSITORY: "contoso/golden-images",
  GITHUB_RUN_ID: "4242",
  GITHUB_RUN_ATTEMPT: "1",
  GITHUB_RUN_NUMBER: "17",
  GITHUB_SHA: "5f0c6e1d2a3b4c5d6e7f8091a2b3c4d5e6f70819",
  GITHUB_SERVER_URL: "https://github.com",
  GITHUB_JOB: "bake",
  GITHUB_ACTION: "bake",
};

const ADO_CONTEXT = {
  TF_BUILD: "True",
  BUILD_REPOSITORY_NAME: "golden-images",
  SYSTEM_TEAMPROJECT: "Platform",
  SYSTEM_COLLECTIONURI: "https://dev.azure.com/contoso/",
  BUILD_BUILDID: "901",
  BUILD_BUILDNUMBER: "20261123.1",
  SYSTEM_JOBATTEMPT: "1",
  SYSTEM_JOBID: "8d5bc0a4-0000-0000-0000-000000000001",
  BUILD_SOURCEVERSION: "5f0c6e1d2a3b4c5d6e7f8091a2b3c4d5e6f70819",
};

/** The agent escapes command data; secrets are registered in that form. */
function unescapeAdo(value: string): string {
  return value
    .replace(/%AZP25/g, "%")
    .replace(/%0D/g, "\r")
    .replace(/%0A/g, "\n")
    .replace(/%5D/g, "]")
    .replace(/%3B/g, ";");
}

function parseGitHubFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) out[m[1]!] = m[3]!;
  return out;
}

export function startStep(options: StepOptions): RunningStep {
  const scratch = mkdtempSync(path.join(tmpdir(), "bake-step-"));
  const workspace = options.workspace ?? ROOT;
  const env: Record<string, string> = { PATH: process.env.PATH ?? "" };
  const files = {
    output: path.join(scratch, "output"),
    state: path.join(scratch, "state"),
    summary: path.join(scratch, "summary.md"),
  };
  if (options.host === "github") {
    for (const f of Object.values(files)) writeFileSync(f, "");
    Object.assign(env, GITHUB_CONTEXT, {
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: files.output,
      GITHUB_STATE: files.state,
      GITHUB_STEP_SUMMARY: files.summary,
    });
    for (const [k, v] of Object.entries(parseGitHubFile(options.state ?? "")))
      env[`STATE_${k}`] = v;
    for (const [k, v] of Object.entries(options.inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  } else {
    Object.assign(env, ADO_CONTEXT, {
      BUILD_SOURCESDIRECTORY: workspace,
      AGENT_TEMPDIRECTORY: scratch,
    });
    for (const [k, v] of Object.entries(options.inputs))
      env[`INPUT_${camelCase(k).toUpperCase()}`] = v;
  }
  Object.assign(env, options.env ?? {});

  const started = Date.now();
  const child = spawn(
    options.node ?? process.execPath,
    [path.join(ROOT, "dist", options.host, "index.js")],
    { cwd: workspace, env },
  );
  let raw = "";
  const log: string[] = [];
  const secrets: string[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  const adoOutputs: Record<string, string> = {};
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  const mask = (text: string) => secrets.reduce((t, s) => (s ? t.split(s).join("***") : t), text);

  const consume = (line: string) => {
    const secret =
      /^::add-mask::(.*)$/.exec(line)?.[1] ?? /^##vso\[task\.setsecret\](.*)$/.exec(line)?.[1];
    if (secret !== undefined) {
      secrets.push(options.host === "ado" ? unescapeAdo(secret) : secret);
      return;
    }
    const variable = /^##vso\[task\.setvariable variable=([^;]+);[^\]]*\](.*)$/.exec(line);
    if (variable) {
      adoOutputs[variable[1]!] = unescapeAdo(variable[2]!);
      return;
    }
    const ghIssue = /^::(error|warning|notice)(?: [^:]*)?::(.*)$/.exec(line);
    const adoIssue = /^##vso\[task\.logissue type=(error|warning)[^\]]*\](.*)$/.exec(line);
    const issue = ghIssue ?? adoIssue;
    if (issue)
      (issue[1] === "error" ? errors : warnings).push(
        mask(options.host === "ado" ? unescapeAdo(issue[2]!) : issue[2]!),
      );
    if (
      /^##vso\[task\.(debug|setprogress|complete|uploadsummary)/.test(line) ||
      line.startsWith("::debug::")
    )
      return;
    const shown = mask(line);
    log.push(shown);
    options.onLine?.(shown);
    for (const w of [...waiters]) {
      if (w.pattern.test(shown)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(shown);
      }
    }
  };
  for (const stream of [child.stdout, child.stderr]) {
    let rest = "";
    stream.on("data", (chunk: Buffer) => {
      raw += chunk.toString();
      const lines = (rest + chunk.toString()).split("\n");
      rest = lines.pop() ?? "";
      lines.forEach(consume);
    });
    stream.on("end", () => rest && consume(rest));
  }

  const result = new Promise<StepResult>((resolve) => {
    child.on("close", (exitCode, signal) => {
      const read = (f: string) => {
        try {
          return readFileSync(f, "utf8");
        } catch {
          return "";
        }
      };
      // Outputs are keyed by their kebab-case name for both hosts, so tests can compare them.
      const byCamel = new Map(OUTPUTS.map((o) => [camelCase(o.name), o.name]));
      const outputs =
        options.host === "github"
          ? parseGitHubFile(read(files.output))
          : Object.fromEntries(
              Object.entries(adoOutputs).map(([k, v]) => [byCamel.get(k) ?? k, v]),
            );
      const summary = options.host === "github" ? read(files.summary) : "";
      resolve({
        exitCode,
        signal,
        log,
        raw,
        outputs,
        errors,
        warnings,
        secrets,
        state: read(files.state),
        summary,
        durationMs: Date.now() - started,
      });
    });
  });

  return {
    child,
    result,
    waitForLine: (pattern, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const seen = log.find((l) => pattern.test(l));
        if (seen) return resolve(seen);
        const timer = setTimeout(
          () => reject(new Error(`no log line matched ${pattern} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({ pattern, resolve: (l) => (clearTimeout(timer), resolve(l)) });
      }),
  };
}

export function runStep(options: StepOptions): Promise<StepResult> {
  return startStep(options).result;
}
