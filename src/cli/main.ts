import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { INPUTS } from "../core/inputs/catalog.js";
import { analyzeLogFile } from "../core/logs/log-analyzer.js";
import { customizersFromTemplate } from "../core/logs/template-customizers.js";
import { textReport } from "../core/logs/text-report.js";
import { runBake } from "../core/main.js";
import { CliHost } from "./host.js";

const LOGS_USAGE = `Usage: bake-azure-image logs <customization.log> [--json] [--template <template.json>]

Analyses a customization.log downloaded from Image Builder's staging storage account: the
build's status, which customizer failed and the lines that say why, and a timeline of the
customizers. --json prints it as one JSON object. --template names the customizers from a
rendered image template (the output of \`render\`).
`;

const USAGE = `Usage: bake-azure-image render [--inputs <file.yml>] [--<input> <value> ...]
       bake-azure-image logs <customization.log> [--json] [--template <template.json>]

Renders and validates the image template a run would submit, without touching Azure,
and prints it as JSON. Inputs are the action's: in a YAML file of input: value pairs
(--inputs), or as flags, which win; repeat a flag for multi-line inputs
(--scripts a.sh --scripts b.sh). Paths are relative to the current directory.

Inputs:
${INPUTS.filter((i) => !i.hosts || i.hosts.includes("github"))
  .map((i) => `  --${i.name.padEnd(26)} ${i.description}`)
  .join("\n")}
`;

/** YAML maps of input names to values, as a workflow's `with:` block would hold them. */
function readInputsFiles(files: string[]): Record<string, string> {
  const known = new Set(INPUTS.map((i) => i.name));
  const out: Record<string, string> = {};
  for (const file of files) {
    const doc: unknown = parse(readFileSync(file, "utf8"));
    if (!doc || typeof doc !== "object" || Array.isArray(doc))
      throw new Error(`${file} must hold a map of input names to values.`);
    for (const [name, value] of Object.entries(doc)) {
      if (!known.has(name))
        throw new Error(`${file}: '${name}' is not an input of bake-azure-image.`);
      out[name] = typeof value === "string" ? value : JSON.stringify(value);
    }
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  if (command === "logs") return logs(rest);
  if (command !== "render") {
    process.stderr.write(`error: unknown command '${command}'.\n\n${USAGE}`);
    return 2;
  }
  const options = {
    ...Object.fromEntries(INPUTS.map((i) => [i.name, { type: "string" as const, multiple: true }])),
    inputs: { type: "string" as const, multiple: true },
  };
  let values: Record<string, string[] | undefined>;
  try {
    ({ values } = parseArgs({ args: rest, options, strict: true, allowPositionals: false }) as {
      values: Record<string, string[] | undefined>;
    });
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  let inputs: Record<string, string>;
  try {
    inputs = readInputsFiles(values.inputs ?? []);
  } catch (error) {
    process.stderr.write(`error: --inputs: ${(error as Error).message}\n`);
    return 2;
  }
  for (const [name, list] of Object.entries(values))
    if (list && name !== "inputs") inputs[name] = list.join("\n");
  inputs["dry-run"] = "true";
  const host = new CliHost(inputs);
  await runBake(host);
  if (host.failed) return 1;
  process.stdout.write(
    `${JSON.stringify(JSON.parse(host.outputs.get("template") ?? "null"), null, 2)}\n`,
  );
  return 0;
}

async function logs(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        json: { type: "boolean" },
        template: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n\n${LOGS_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(LOGS_USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    process.stderr.write(`error: name one customization.log file.\n\n${LOGS_USAGE}`);
    return 2;
  }
  const file = positionals[0]!;
  let customizers;
  if (values.template) {
    try {
      customizers = customizersFromTemplate(JSON.parse(readFileSync(values.template, "utf8")));
    } catch (error) {
      process.stderr.write(`error: --template ${values.template}: ${readProblem(error)}\n`);
      return 1;
    }
  }
  let analysis;
  try {
    analysis = await analyzeLogFile(file, customizers);
  } catch (error) {
    process.stderr.write(`error: cannot read ${file}: ${readProblem(error)}\n`);
    return 1;
  }
  process.stdout.write(
    values.json ? `${JSON.stringify(analysis, null, 2)}\n` : textReport(analysis),
  );
  return 0;
}

/** "no such file" rather than "ENOENT: no such file or directory, open '…'". */
function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file.";
    case "EACCES":
    case "EPERM":
      return "permission denied.";
    case "EISDIR":
      return "it is a directory, not a file.";
    default:
      return (error as Error).message;
  }
}

process.exitCode = await main(process.argv.slice(2));
