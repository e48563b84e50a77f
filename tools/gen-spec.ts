/**
 * The files derived from the Image Builder spec, committed in generated/ so that a clone
 * builds, tests and demos without the spec:
 *   --write  (`npm run gen:spec`) regenerates them from the spec; the spec must be at hand.
 *   default  (`npm run gen`, run by build, test and check) verifies them against the spec when
 *            it is at hand, and otherwise says in one line that the committed copy is used.
 * The spec is looked for in ../shared/reference/imagebuilder-2025-10-01/ or
 * BAKE_IMAGEBUILDER_SPEC_DIR.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { renderTemplateValidator, TEMPLATE_VALIDATOR_FILE } from "./generate-template-validator.js";
import { loadSpec, specAtHand, specDirectory } from "./spec/load-spec.js";
import {
  buildOperationsDocument,
  GENERATED_DIR,
  OPERATIONS_DOCUMENT_FILE,
  type OperationsDocument,
} from "./spec/operations-document.js";
import { describeSource, specSources, type SpecFileSource } from "./spec/provenance.js";

const args = process.argv.slice(2);
const write = args.includes("--write");
const outAt = args.indexOf("--out");
const outDir = outAt === -1 ? GENERATED_DIR : path.resolve(args[outAt + 1] ?? "");
const shown = path.relative(process.cwd(), outDir) || ".";

function render(directory: string): Map<string, string> {
  const spec = loadSpec(directory);
  const examples = readdirSync(path.join(directory, "examples"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => `examples/${f}`);
  const sources = specSources(directory, [...spec.files.keys(), ...examples], committedSources());
  const main = sources.find((s) => s.file === "imagebuilder.json")!;
  if (!main.commit) {
    console.error(
      `gen: cannot tell which upstream commit ${path.join(directory, "imagebuilder.json")} is; the spec folder's README.md needs its row (\`saved as\` | \`upstream path\` | \`commit\`).`,
    );
    process.exit(1);
  }
  const document = buildOperationsDocument(spec, sources);
  return new Map([
    [TEMPLATE_VALIDATOR_FILE, renderTemplateValidator(spec, main)],
    [OPERATIONS_DOCUMENT_FILE, JSON.stringify(document, null, 2) + "\n"],
  ]);
}

function committedSources(): SpecFileSource[] {
  const file = path.join(outDir, OPERATIONS_DOCUMENT_FILE);
  if (!existsSync(file)) return [];
  return (JSON.parse(readFileSync(file, "utf8")) as OperationsDocument).source.files;
}

const directory = specAtHand();
if (!directory) {
  if (write) {
    console.error(
      `gen:spec: the Image Builder spec is not at ${specDirectory()}; set BAKE_IMAGEBUILDER_SPEC_DIR to its folder.`,
    );
    process.exit(1);
  }
  const missing = [TEMPLATE_VALIDATOR_FILE, OPERATIONS_DOCUMENT_FILE].filter(
    (f) => !existsSync(path.join(outDir, f)),
  );
  if (missing.length) {
    console.error(
      `gen: ${missing.join(", ")} missing from ${shown}/ and no Image Builder spec at ${specDirectory()} to make them; restore them with git, or set BAKE_IMAGEBUILDER_SPEC_DIR and run npm run gen:spec.`,
    );
    process.exit(1);
  }
  const main = committedSources().find((f) => f.file === "imagebuilder.json")!;
  console.log(
    `gen: Image Builder spec not at ${specDirectory()}; using the committed ${shown}/ (from ${describeSource(main)}).`,
  );
  process.exit(0);
}

const expected = render(directory);
if (write) {
  mkdirSync(outDir, { recursive: true });
  for (const [file, text] of expected) writeFileSync(path.join(outDir, file), text);
  console.log(`gen:spec: wrote ${[...expected.keys()].join(", ")} to ${shown}/ from ${directory}.`);
} else {
  const stale = [...expected].filter(([file, text]) => {
    const at = path.join(outDir, file);
    return !existsSync(at) || readFileSync(at, "utf8") !== text;
  });
  if (stale.length) {
    console.error(
      `gen: ${stale.map(([f]) => `${shown}/${f}`).join(", ")} ${stale.length === 1 ? "is" : "are"} not what the Image Builder spec at ${directory} and tools/ make; run \`npm run gen:spec\` and commit ${shown}/.`,
    );
    process.exit(1);
  }
  console.log(`gen: ${shown}/ is current with the Image Builder spec at ${directory}.`);
}
