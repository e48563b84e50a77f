/**
 * `npm run package:ado` makes the Azure DevOps extension a user installs: the .vsix must hold
 * the task exactly as built (task.json, its handlers, dist/ado with the package.json that
 * makes Node load it as ESM), the task folder the manifest names, and a task that runs.
 * The task's version must move whenever what an agent downloads moves.
 */
import { execFileSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import yauzl from "yauzl";
import { camelCase, inputsFor, OUTPUTS } from "../../src/core/inputs/catalog.js";
import {
  contractProblem,
  recordedContract,
  taskContract,
  TASK_FOLDER,
} from "../../tools/package-ado.js";
import {
  adoStepEnvironment,
  parseVsoCommands,
  ROOT,
  runNode,
  scratchDir,
} from "../../local-ci/run-bundle.js";

/** Every file entry of a zip, read in-process. */
function unzip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const entries = new Map<string, Buffer>();
      zip.on("entry", (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith("/")) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on("end", () => resolve(entries));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}

const work = mkdtempSync(path.join(tmpdir(), "package-ado-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const builtTask = JSON.parse(readFileSync(path.join(ROOT, "task.json"), "utf8"));
const version = `${builtTask.version.Major}.${builtTask.version.Minor}.${builtTask.version.Patch}`;

describe("npm run package:ado", () => {
  let vsix: string;
  let entries: Map<string, Buffer>;
  let stdout: string;
  beforeAll(async () => {
    stdout = execFileSync(
      process.execPath,
      [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "tools/package-ado.ts", "--out", work],
      { cwd: ROOT, encoding: "utf8" },
    );
    vsix = path.join(work, `bake-azure-image.bake-azure-image-${version}.vsix`);
    entries = await unzip(vsix);
  }, 60_000);

  const text = (name: string) => {
    const entry = entries.get(name);
    if (!entry) throw new Error(`${name} is not in the package: ${[...entries.keys()].join(", ")}`);
    return entry.toString("utf8");
  };

  test("writes <publisher>.<extension>-<task version>.vsix and says where", () => {
    expect(stdout).toContain(`bake-azure-image.bake-azure-image-${version}.vsix`);
    expect(readFileSync(vsix).subarray(0, 2).toString("latin1")).toBe("PK");
  });

  test("the extension manifest names the task folder that holds task.json", () => {
    const manifest = JSON.parse(text("extension.vsomanifest"));
    const tasks = manifest.contributions.filter(
      (c: any) => c.type === "ms.vss-distributed-task.task",
    );
    expect(tasks).toHaveLength(1);
    expect(tasks[0].targets).toEqual(["ms.vss-distributed-task.tasks"]);
    expect(tasks[0].properties.name).toBe(TASK_FOLDER);
    expect(entries.has(`${tasks[0].properties.name}/task.json`)).toBe(true);
    expect(text("extension.vsixmanifest")).toMatch(
      new RegExp(`<Identity [^>]*Id="bake-azure-image"[^>]*Version="${version}"`),
    );
  });

  test("the packaged task.json is the built one: its inputs, outputs and handlers", () => {
    const task = JSON.parse(text(`${TASK_FOLDER}/task.json`));
    expect(task).toEqual(builtTask);
    expect(task.inputs.map((i: any) => i.name)).toEqual(
      inputsFor("ado").map((i) => camelCase(i.name)),
    );
    expect(task.outputVariables.map((o: any) => o.name)).toEqual(
      OUTPUTS.map((o) => camelCase(o.name)),
    );
    expect(Object.keys(task.execution)).toEqual(["Node24", "Node20_1"]);
    expect(Object.keys(task.postjobexecution)).toEqual(["Node24", "Node20_1"]);
    for (const handler of Object.values<{ target: string }>({
      ...task.execution,
      ...Object.fromEntries(
        Object.entries<{ target: string }>(task.postjobexecution).map(([k, v]) => [`post-${k}`, v]),
      ),
    }))
      expect(entries.has(`${TASK_FOLDER}/${handler.target}`)).toBe(true);
  });

  test("dist/ado travels byte for byte, with the package.json that marks it ESM", () => {
    const dist = path.join(ROOT, "dist/ado");
    const packaged = [...entries.keys()]
      .filter((n) => n.startsWith(`${TASK_FOLDER}/dist/ado/`))
      .map((n) => n.slice(`${TASK_FOLDER}/dist/ado/`.length))
      .sort();
    const built = readdirSync(dist, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(dist, path.join(e.parentPath, e.name)))
      .sort();
    expect(packaged).toEqual(built);
    for (const file of built)
      expect(
        entries.get(`${TASK_FOLDER}/dist/ado/${file}`)!.equals(readFileSync(path.join(dist, file))),
      ).toBe(true);
    expect(JSON.parse(text(`${TASK_FOLDER}/dist/ado/package.json`))).toEqual({ type: "module" });
  });

  test("carries a 128×128 PNG icon and the marketplace overview", () => {
    const png = entries.get("images/icon.png")!;
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([128, 128]);
    expect(text("overview.md")).toContain("BakeAzureImage@");
  });

  test("the task unpacked from the .vsix runs on the agent as an ES module (dry run)", async () => {
    const taskDir = path.join(work, "unpacked");
    for (const [name, data] of entries) {
      if (!name.startsWith(`${TASK_FOLDER}/`)) continue;
      const file = path.join(taskDir, name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, data);
    }
    const scratch = scratchDir();
    try {
      const env = adoStepEnvironment(
        {
          "resource-group": "rg-images",
          location: "westeurope",
          source: "Canonical:ubuntu-24_04-lts:server:latest",
          identity: "id-image-builder",
          "inline-script": "echo hello",
          vhd: "true",
          "dry-run": "true",
        },
        { workspace: ROOT, scratch },
      );
      const handler = builtTask.execution.Node20_1.target as string;
      const result = await runNode([path.join(taskDir, TASK_FOLDER, handler)], { env });
      const outputs = parseVsoCommands(result.stdout).filter(
        (c) => c.command === "task.setvariable" && c.properties.isOutput === "true",
      );
      expect(result.stderr).not.toMatch(/SyntaxError|Cannot use import statement/);
      expect(result.exitCode).toBe(0);
      const template = outputs.find((c) => c.properties.variable === "template");
      expect(JSON.parse(template!.message).properties.distribute[0].type).toBe("VHD");
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe("the task's version", () => {
  test("was bumped whenever what an agent downloads changed (tools/package-ado.contract.json)", () => {
    const current = taskContract();
    expect(contractProblem(current, recordedContract())).toBeUndefined();
    expect(recordedContract()).toEqual(current);
  });

  describe("the contract hash", () => {
    const copy = path.join(work, "root-copy");
    beforeAll(() => {
      mkdirSync(copy, { recursive: true });
      cpSync(path.join(ROOT, "task.json"), path.join(copy, "task.json"));
      cpSync(path.join(ROOT, "dist/ado"), path.join(copy, "dist/ado"), { recursive: true });
    });
    const edit = (file: string, change: (s: string) => string) =>
      writeFileSync(path.join(copy, file), change(readFileSync(path.join(copy, file), "utf8")));

    test("moves with the bundle's code, and then a same-version task is refused", () => {
      const before = taskContract(copy);
      expect(before).toEqual(taskContract());
      edit("dist/ado/package.json", (s) => s.replace("module", "commonjs"));
      const after = taskContract(copy);
      expect(after.sha256).not.toBe(before.sha256);
      expect(contractProblem(after, before)).toMatch(/changed, but its version is still/);
    });

    test("moves with an input's definition but not with the version alone", () => {
      const before = taskContract(copy);
      edit("task.json", (s) => s.replace('"Major": 0', '"Major": 7'));
      const bumped = taskContract(copy);
      expect(bumped.sha256).toBe(before.sha256);
      expect(bumped.version).not.toBe(before.version);
      edit("task.json", (s) => s.replace('"required": true', '"required": false'));
      expect(taskContract(copy).sha256).not.toBe(before.sha256);
      // A changed task under a new version ships, once recorded.
      expect(contractProblem(taskContract(copy), taskContract(copy))).toBeUndefined();
      expect(contractProblem(taskContract(copy), before)).toMatch(/package:ado -- --record/);
    });
  });
});
