/**
 * A bundle as one live step of a CI job, for runs against the local Azure: the same
 * environment as run-bundle.ts gives, plus what a long step needs: lines as they come, a
 * process to signal, secrets masked the way the runner and agent mask them, and GitHub's
 * saved state for the post step. Used by the end-to-end tests and by `npm run demo`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { camelCase, OUTPUTS } from "../src/core/inputs/catalog.js";
import {
  adoStepEnvironment,
  CI_PATH,
  distDir,
  githubStepEnvironment,
  nodeBinary,
  parseGitHubCommandFile,
  parseVsoCommands,
  ROOT,
  scratchDir,
  type BundleHost,
  type NodeMajor,
} from "./run-bundle.js";
import { captureOutput } from "./output-capture.js";

export { ROOT };
export type HostKind = BundleHost;

export interface StepOptions {
  host: HostKind;
  /** kebab-case inputs; each host gets them in its own spelling. */
  inputs: Record<string, string>;
  /** Added to the run context (the local Azure's environment, a run id). */
  env?: Record<string, string>;
  node?: NodeMajor;
  workspace?: string;
  /** GitHub: the state file the main step wrote; its presence makes this the post step. */
  state?: string;
  /**
   * Azure Pipelines: the task variables the main execution set (task.settaskvariable); their
   * presence runs the task's postjobexecution handler with them, as the agent does.
   */
  taskVariables?: Record<string, string>;
  /** Each line a person would see, as it comes. */
  onLine?: (line: string) => void;
}

export interface StepResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** What a person sees in the job log: commands consumed, secrets masked. */
  log: string[];
  /** Everything the process wrote, unprocessed. */
  raw: string;
  /** Keyed by kebab-case name on both hosts. */
  outputs: Record<string, string>;
  errors: string[];
  warnings: string[];
  /** Values the step registered as secrets (add-mask / setsecret). */
  secrets: string[];
  /** GITHUB_STATE as the step left it. */
  state: string;
  /** Azure Pipelines: the task variables the step set, the latest value of each. */
  taskVariables: Record<string, string>;
  summary: string;
  durationMs: number;
}

export interface RunningStep {
  child: ChildProcess;
  /** Resolves with the first shown line matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  result: Promise<StepResult>;
}

const KEBAB_OUTPUT = new Map(OUTPUTS.map((o) => [camelCase(o.name), o.name]));

function read(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

export function startStep(options: StepOptions): RunningStep {
  const scratch = scratchDir();
  const workspace = options.workspace ?? ROOT;
  let githubFiles:
    { GITHUB_OUTPUT: string; GITHUB_STATE: string; GITHUB_STEP_SUMMARY: string } | undefined;
  let env: Record<string, string>;
  if (options.host === "github") {
    const built = githubStepEnvironment(options.inputs, { workspace, scratch, env: options.env });
    githubFiles = built.files;
    env = built.env;
    for (const [k, v] of Object.entries(parseGitHubCommandFile(options.state ?? "")))
      env[`STATE_${k}`] = v;
  } else {
    // The local Azure's environment carries its own service connection (ENDPOINT_*).
    env = adoStepEnvironment(options.inputs, {
      workspace,
      scratch,
      serviceConnection: null,
      env: options.env,
    });
    // The agent hands a task's variables to its later handlers as VSTS_TASKVARIABLE_<NAME>.
    for (const [k, v] of Object.entries(options.taskVariables ?? {}))
      env[`VSTS_TASKVARIABLE_${k.replace(/[. ]/g, "_").toUpperCase()}`] = v;
  }
  env.PATH = env.PATH ?? CI_PATH;

  const entry = options.host === "ado" && options.taskVariables ? "post.js" : "index.js";
  const started = Date.now();
  const child = spawn(nodeBinary(options.node), [path.join(distDir(), options.host, entry)], {
    cwd: workspace,
    env,
  });
  let raw = "";
  const log: string[] = [];
  const secrets: string[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  const adoOutputs: Record<string, string> = {};
  const taskVariables: Record<string, string> = {};
  const summaries: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  const mask = (text: string) => secrets.reduce((t, s) => (s ? t.split(s).join("***") : t), text);

  const consume = (line: string) => {
    const vso = line.startsWith("##vso[") ? parseVsoCommands(line)[0] : undefined;
    if (vso) {
      const { command, properties, message } = vso;
      if (command === "task.setsecret") secrets.push(message);
      else if (command === "task.setvariable" && properties.isOutput === "true")
        adoOutputs[properties.variable!] = message;
      else if (command === "task.uploadsummary") summaries.push(read(message));
      else if (command === "task.settaskvariable") taskVariables[properties.variable!] = message;
      else if (command === "task.logissue" || command === "task.issue")
        (properties.type === "error" ? errors : warnings).push(mask(message));
      return;
    }
    const mask_ = /^::add-mask::(.*)$/.exec(line);
    if (mask_) {
      secrets.push(mask_[1]!);
      return;
    }
    const issue = /^::(error|warning)(?: [^:]*)?::(.*)$/.exec(line);
    if (issue)
      (issue[1] === "error" ? errors : warnings).push(
        mask(issue[2]!.replace(/%0A/g, "\n").replace(/%0D/g, "\r").replace(/%25/g, "%")),
      );
    if (line.startsWith("::debug::")) return;
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
      const summary = githubFiles ? read(githubFiles.GITHUB_STEP_SUMMARY) : summaries.join("\n");
      captureOutput(
        `${options.host} step${options.state !== undefined || options.taskVariables ? " (post)" : ""}`,
        [raw, read(githubFiles?.GITHUB_OUTPUT ?? ""), summary].join("\n"),
        env,
      );
      const outputs = githubFiles
        ? parseGitHubCommandFile(read(githubFiles.GITHUB_OUTPUT))
        : Object.fromEntries(
            Object.entries(adoOutputs).map(([k, v]) => [KEBAB_OUTPUT.get(k) ?? k, v]),
          );
      resolve({
        exitCode,
        signal,
        log,
        raw,
        outputs,
        errors,
        warnings,
        secrets,
        state: githubFiles ? read(githubFiles.GITHUB_STATE) : "",
        taskVariables,
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
        waiters.push({
          pattern,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
      }),
  };
}

export function runStep(options: StepOptions): Promise<StepResult> {
  return startStep(options).result;
}
