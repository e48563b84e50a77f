import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { expectedMetadata, ROOT } from "../../tools/metadata.js";
import { camelCase, INPUTS } from "../../src/core/inputs/catalog.js";

const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

describe("action.yml, task.json and the README", () => {
  test.each(Object.entries(expectedMetadata()))(
    "%s is what `npm run gen:metadata` makes",
    (file, expected) => {
      expect(read(file)).toBe(expected);
    },
  );

  test("declare the same inputs, each in its host's spelling", () => {
    const action = parse(read("action.yml")) as {
      inputs: Record<string, unknown>;
      runs: { using: string; main: string };
    };
    const task = JSON.parse(read("task.json")) as {
      inputs: Array<{ name: string }>;
      execution: Record<string, { target: string }>;
      postjobexecution: Record<string, { target: string }>;
    };
    const readme = read("README.md");
    const shared = INPUTS.filter((i) => !i.hosts);
    for (const input of shared) {
      expect(Object.keys(action.inputs)).toContain(input.name);
      expect(task.inputs.map((i) => i.name)).toContain(camelCase(input.name));
      expect(readme).toContain(`| \`${input.name}\` | \`${camelCase(input.name)}\` |`);
    }
    expect(Object.keys(action.inputs)).toHaveLength(
      INPUTS.filter((i) => !i.hosts || i.hosts.includes("github")).length,
    );
    expect(task.inputs).toHaveLength(
      INPUTS.filter((i) => !i.hosts || i.hosts.includes("ado")).length,
    );
    expect(action.runs).toEqual({
      using: "node24",
      main: "dist/github/index.js",
      post: "dist/github/index.js",
      "post-if": "always()",
    });
    expect(Object.keys(task.execution)).toEqual(["Node24", "Node20_1"]);
    expect(task.postjobexecution).toEqual({
      Node24: { target: "dist/ado/post.js", argumentFormat: "" },
      Node20_1: { target: "dist/ado/post.js", argumentFormat: "" },
    });
  });
});

describe("src/core", () => {
  test("imports nothing from a CI system's library", () => {
    const dir = path.join(ROOT, "src/core");
    const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) =>
      f.endsWith(".ts"),
    );
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((f) =>
      /from "(@actions\/|azure-pipelines-task-lib)/.test(readFileSync(path.join(dir, f), "utf8")),
    );
    expect(offenders).toEqual([]);
  });
});
