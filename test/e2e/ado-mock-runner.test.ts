/**
 * The Azure Pipelines task under azure-pipelines-task-lib's own test harness, MockTestRunner,
 * which runs a mock-run script (test/e2e/ado-mock/*.mjs) and reads the agent commands it
 * writes. The scripts run the bundled dist/ado/index.js with its real task library.
 */
import path from "node:path";
import { MockTestRunner } from "azure-pipelines-task-lib/mock-test.js";
import { commandFromString } from "azure-pipelines-task-lib/taskcommand.js";
import { ROOT } from "../../local-ci/run-bundle.js";

const SCRIPTS = path.join(ROOT, "test", "e2e", "ado-mock");

interface Command {
  command: string;
  properties: Record<string, string>;
  message: string;
}

async function run(script: string): Promise<{ tr: MockTestRunner; commands: Command[] }> {
  const tr = new MockTestRunner(path.join(SCRIPTS, script), path.join(ROOT, "task.json"));
  // Without a node path the runner downloads the Node version task.json asks for.
  tr.nodePath = process.execPath;
  await tr.runAsync();
  const commands = tr.stdout
    .split(/\r?\n/)
    .filter((line) => line.startsWith("##vso["))
    .map((line) => commandFromString(line) as unknown as Command);
  return { tr, commands };
}

/**
 * Error issues as the agent counts them. MockTestRunner.errorIssues only collects
 * `task.issue`; the task writes the documented `task.logissue`, so both are read here.
 */
function errorIssues(tr: MockTestRunner, commands: Command[]): string[] {
  return [
    ...tr.errorIssues,
    ...commands
      .filter((c) => c.command === "task.logissue" && c.properties.type === "error")
      .map((c) => c.message.trim()),
  ];
}

describe("a small dry run", () => {
  let tr: MockTestRunner;
  let commands: Command[];
  beforeAll(async () => {
    ({ tr, commands } = await run("dry-run-succeeds.mjs"));
  });

  test("succeeds without error or warning issues", () => {
    expect(errorIssues(tr, commands)).toEqual([]);
    expect(tr.warningIssues).toEqual([]);
    expect(tr.stderr).toBe("");
    expect(tr.succeeded).toBe(true);
  });

  test("sets the template and templateName output variables", () => {
    const outputs = Object.fromEntries(
      commands
        .filter((c) => c.command === "task.setvariable" && c.properties.isOutput === "true")
        .map((c) => [c.properties.variable, c.message]),
    );
    expect(Object.keys(outputs).sort()).toEqual(["template", "templateName"]);
    expect(outputs.templateName).toMatch(/^bake-golden-images-4711-1-[0-9a-f]{6}$/);
    const template = JSON.parse(outputs.template);
    expect(template.properties.customize).toEqual([
      { type: "Shell", name: "inline-script", inline: ["echo hello from the mock runner"] },
    ]);
    expect(template.properties.distribute.map((d: any) => d.type)).toEqual(["VHD"]);
    expect(template.tags).toMatchObject({ team: "platform", "bake.run-id": "4711" });
  });

  test("uploads a summary and does not touch the network", () => {
    expect(commands.some((c) => c.command === "task.uploadsummary")).toBe(true);
    expect(tr.stdout + tr.stderr).not.toContain("NETWORK-ACCESS-ATTEMPTED");
  });
});

describe.each([
  ["bad-disk-size-fails.mjs", "osDiskSizeGb", "'128GB' is not a whole number"],
  [
    "gallery-id-of-managed-image-fails.mjs",
    "galleryImageId",
    "is a Microsoft.Compute/images resource, not an Azure Compute Gallery image definition",
  ],
])("%s", (script, input, says) => {
  let tr: MockTestRunner;
  let commands: Command[];
  beforeAll(async () => {
    ({ tr, commands } = await run(script));
  });

  test("fails the task", () => {
    expect(tr.failed).toBe(true);
    expect(commands.filter((c) => c.command === "task.complete")).toEqual([
      expect.objectContaining({ properties: { result: "Failed" } }),
    ]);
  });

  test(`writes exactly one error issue, naming ${input}`, () => {
    const issues = errorIssues(tr, commands);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toContain(`Input '${input}'`);
    expect(issues[0]).toContain(says);
  });

  test("sets no output variable", () => {
    expect(commands.filter((c) => c.command === "task.setvariable")).toEqual([]);
    expect(tr.stdout + tr.stderr).not.toContain("NETWORK-ACCESS-ATTEMPTED");
  });
});
