/**
 * action.yml, task.json and the README's input and output tables, made from the one
 * catalogue in src/core/inputs/catalog.ts. `npm run gen:metadata` writes them; a test
 * fails when the committed files differ from what this makes.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import {
  camelCase,
  INPUTS,
  OUTPUTS,
  inputsFor,
  type InputSpec,
} from "../src/core/inputs/catalog.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TASK_ID = "ca993e5f-b0e4-44c1-86b5-4d3f6fc51e9b";
const NAME = "Bake Azure VM Image";
const DESCRIPTION =
  "Build an Azure VM image with Azure VM Image Builder from your repository's scripts and template, with the pipeline's own identity, and output the image version IDs.";

function packageVersion(): { Major: number; Minor: number; Patch: number } {
  const { version } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    version: string;
  };
  const [Major, Minor, Patch] = version.split(".").map(Number) as [number, number, number];
  return { Major, Minor, Patch };
}

export function actionYml(): string {
  const inputs: Record<string, Record<string, unknown>> = {};
  for (const i of inputsFor("github")) {
    inputs[i.name] = { description: i.description, required: Boolean(i.required) };
    if (i.default !== undefined) inputs[i.name]!.default = i.default;
  }
  const outputs = Object.fromEntries(OUTPUTS.map((o) => [o.name, { description: o.description }]));
  const doc = {
    name: NAME,
    description: DESCRIPTION,
    author: "bake-azure-image",
    branding: { icon: "package", color: "blue" },
    inputs,
    outputs,
    runs: {
      using: "node24",
      main: "dist/github/index.js",
      post: "dist/github/index.js",
      "post-if": "always()",
    },
  };
  return `# Generated from src/core/inputs/catalog.ts by \`npm run gen:metadata\`. Do not edit.\n${stringify(doc, { lineWidth: 0 })}`;
}

const GROUPS: Record<NonNullable<InputSpec["group"]>, string> = {
  azure: "Azure",
  image: "Image definition",
  customize: "Customization",
  distribute: "Distribution",
  build: "Build",
  staging: "Staging of local files",
  run: "Run",
};

function adoInput(i: InputSpec): Record<string, unknown> {
  const label = i.name
    .split("-")
    .map((w, n) => (n === 0 ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join(" ")
    .replace(/\bid\b/g, "ID")
    .replace(/\bvm\b/gi, "VM")
    .replace(/\bos\b/gi, "OS")
    .replace(/\bgb\b/gi, "GB");
  const out: Record<string, unknown> = {
    name: camelCase(i.name),
    type: i.adoType,
    label: i.name === "azure-subscription" ? "Azure subscription" : label,
    required: Boolean(i.required),
    helpMarkDown: i.description,
  };
  if (i.default !== undefined) out.defaultValue = i.default;
  if (i.group) out.groupName = i.group;
  if (i.visibleRule) out.visibleRule = i.visibleRule;
  if (i.options)
    out.options = Object.fromEntries(i.options.map((o) => [o, o === "" ? "Infer" : o]));
  return out;
}

export function taskJson(): string {
  const inputs = inputsFor("ado");
  const usedGroups = [...new Set(inputs.map((i) => i.group).filter(Boolean))] as Array<
    keyof typeof GROUPS
  >;
  const doc = {
    $schema:
      "https://raw.githubusercontent.com/Microsoft/azure-pipelines-task-lib/master/tasks.schema.json",
    id: TASK_ID,
    name: "BakeAzureImage",
    friendlyName: NAME,
    description: DESCRIPTION,
    helpMarkDown: "See the bake-azure-image README for inputs, outputs and required roles.",
    category: "Deploy",
    author: "bake-azure-image",
    version: packageVersion(),
    minimumAgentVersion: "3.232.1",
    instanceNameFormat: "Bake Azure VM image in $(resourceGroup)",
    groups: usedGroups.map((g) => ({
      name: g,
      displayName: GROUPS[g],
      isExpanded: g === "azure" || g === "image",
    })),
    inputs: inputs.map(adoInput),
    outputVariables: OUTPUTS.map((o) => ({ name: camelCase(o.name), description: o.description })),
    execution: {
      Node24: { target: "dist/ado/index.js", argumentFormat: "" },
      Node20_1: { target: "dist/ado/index.js", argumentFormat: "" },
    },
    // Runs after the job's steps, a cancelled one too: removes what the main execution left.
    postjobexecution: {
      Node24: { target: "dist/ado/post.js", argumentFormat: "" },
      Node20_1: { target: "dist/ado/post.js", argumentFormat: "" },
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

const escapeCell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function readmeTables(): string {
  const rows = INPUTS.map((i) => {
    const gh = !i.hosts || i.hosts.includes("github") ? `\`${i.name}\`` : "";
    const ado =
      !i.hosts || i.hosts.includes("ado")
        ? `\`${camelCase(i.name)}\``
        : (i.adoNote ?? `from ${i.adoSource ?? "the service connection"}`);
    const def =
      i.default !== undefined && i.default !== ""
        ? `\`${i.default}\``
        : i.required
          ? "required"
          : "";
    return `| ${gh} | ${ado} | ${escapeCell(i.description)} | ${def} |`;
  });
  const outputs = OUTPUTS.map(
    (o) => `| \`${o.name}\` | \`${camelCase(o.name)}\` | ${escapeCell(o.description)} |`,
  );
  return [
    "<!-- inputs:start (generated by `npm run gen:metadata`) -->",
    "| GitHub input | Azure Pipelines input | Description | Default |",
    "|---|---|---|---|",
    ...rows,
    "",
    "| GitHub output | Azure Pipelines output variable | Description |",
    "|---|---|---|",
    ...outputs,
    "<!-- inputs:end -->",
  ].join("\n");
}

const TABLES = /<!-- inputs:start[^]*?<!-- inputs:end -->/;

export function readmeWithTables(readme: string): string {
  if (!TABLES.test(readme))
    throw new Error("README.md has no <!-- inputs:start --> … <!-- inputs:end --> block");
  return readme.replace(TABLES, readmeTables());
}

/** Every generated file with the content it should have. */
export function expectedMetadata(): Record<string, string> {
  return {
    "action.yml": actionYml(),
    "task.json": taskJson(),
    "README.md": readmeWithTables(readFileSync(path.join(ROOT, "README.md"), "utf8")),
  };
}
