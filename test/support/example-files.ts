/**
 * The workflow and pipeline files of examples/, read the way GitHub and Azure Pipelines read
 * them: the inputs the bake step passes, with `${{ … }}` and `$(…)` expressions resolved from
 * a context the test gives. An expression the context does not know is an error, so a test
 * never runs an example with a value it did not choose.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { camelCase, INPUTS } from "../../src/core/inputs/catalog.js";
import { ROOT } from "../../local-ci/run-bundle.js";

type Map_ = Record<string, any>;

export const load = (file: string): Map_ =>
  parse(readFileSync(path.join(ROOT, file), "utf8")) as Map_;

/** `${{ expr }}` (GitHub, Azure Pipelines templates) and `$(name)` (Azure Pipelines macros). */
export function resolve(value: unknown, context: Record<string, string>): string {
  const one = (expr: string) => {
    const v = context[expr.trim()];
    if (v === undefined) throw new Error(`no value for the expression "${expr.trim()}"`);
    return v;
  };
  // `a || b`, as GitHub evaluates it: the first that is not empty, else the last.
  const lookup = (expr: string) => {
    const values = expr.split("||").map(one);
    return values.find((v) => v !== "") ?? values[values.length - 1]!;
  };
  return String(value)
    .replace(/\$\{\{(.*?)\}\}/g, (_, e: string) => lookup(e))
    .replace(/\$\(([\w.]+)\)/g, (_, e: string) => lookup(e));
}

export function resolveAll(map: Map_, context: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, resolve(v, context)]));
}

/** The `with:` of step `bake` in job `bake` of a GitHub workflow. */
export function workflowBakeStep(file: string): Map_ {
  const step = (load(file).jobs.bake.steps as Map_[]).find((s) => s.id === "bake");
  if (!step) throw new Error(`${file} has no step with id bake in job bake`);
  return step.with as Map_;
}

const KEBAB = new Map(INPUTS.map((i) => [camelCase(i.name), i.name]));

/** The inputs of the BakeAzureImage step named bake, in the core's kebab-case spelling. */
export function pipelineBakeInputs(file: string): Map_ {
  const step = (load(file).steps as Map_[]).find(
    (s) => typeof s.task === "string" && s.task.startsWith("BakeAzureImage@") && s.name === "bake",
  );
  if (!step) throw new Error(`${file} has no BakeAzureImage step named bake`);
  return Object.fromEntries(
    Object.entries(step.inputs as Map_).map(([k, v]) => {
      const kebab = KEBAB.get(k);
      if (!kebab) throw new Error(`${file}: ${k} is not an input of the task`);
      return [kebab, v];
    }),
  );
}

/**
 * What the action gets when a caller's job runs .github/workflows/build-image.yml: the
 * caller's `with:` and `secrets:` (resolved with `context`), the reusable workflow's defaults
 * for the rest, then the bake step's `with:` resolved against them.
 */
export function reusableWorkflowInputs(
  callerWith: Record<string, string>,
  callerSecrets: Record<string, string>,
): Record<string, string> {
  const reusable = load(".github/workflows/build-image.yml");
  const call = reusable.on.workflow_call as Map_;
  const context: Record<string, string> = {};
  for (const [name, spec] of Object.entries(call.inputs as Map_))
    context[`inputs.${name}`] = callerWith[name] ?? String(spec.default ?? "");
  for (const name of Object.keys(call.secrets as Map_))
    context[`secrets.${name}`] = callerSecrets[name] ?? "";
  // The called workflow's own job token, which GitHub hands every job.
  context["github.token"] = "ghs_the-called-workflows-job-token";
  const step = (reusable.jobs.bake.steps as Map_[]).find((s) => s.id === "bake")!;
  return resolveAll(step.with as Map_, context);
}
