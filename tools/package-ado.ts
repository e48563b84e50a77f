/**
 * `npm run package:ado`: the Azure DevOps extension (.vsix) that carries the BakeAzureImage
 * task, made offline with tfx-cli from the committed task.json and dist/ado.
 *
 *   npm run package:ado                      # .build/ado-extension/<publisher>.<id>-<version>.vsix
 *   npm run package:ado -- --out DIR         # somewhere else
 *   npm run package:ado -- --record          # after a version bump: record the task's contract
 *
 * Azure Pipelines agents cache a task by its version, so a task whose inputs, outputs,
 * handlers or code changed must ship under a new version, or agents keep running the old
 * code. tools/package-ado.contract.json records the task version together with a hash of
 * everything the agent gets; a test fails when the hash moved but the version did not, and
 * `--record` refuses to record a new hash under an already recorded version.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync, crc32 } from "node:zlib";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Folder of the task inside the extension; vss-extension.json names it in `properties.name`. */
export const TASK_FOLDER = "BakeAzureImage";
export const CONTRACT_FILE = "tools/package-ado.contract.json";
export const DEFAULT_OUT = ".build/ado-extension";

interface TaskJson {
  id: string;
  name: string;
  version: { Major: number; Minor: number; Patch: number };
  inputs: unknown[];
  outputVariables: unknown[];
  execution: Record<string, { target: string }>;
  [k: string]: unknown;
}

export interface TaskContract {
  version: string;
  sha256: string;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, "utf8")) as T;

export function taskVersion(task: TaskJson): string {
  return `${task.version.Major}.${task.version.Minor}.${task.version.Patch}`;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

/**
 * What an agent gets for this task: task.json without its version, and every file of dist/ado.
 * Any change an agent could notice changes the hash.
 */
export function taskContract(root = ROOT): TaskContract {
  const task = readJson<TaskJson>(path.join(root, "task.json"));
  const hash = createHash("sha256");
  hash.update(`task.json\0${JSON.stringify({ ...task, version: undefined })}\0`);
  const dist = path.join(root, "dist/ado");
  for (const file of filesUnder(dist)) {
    const content = createHash("sha256")
      .update(readFileSync(path.join(dist, file)))
      .digest("hex");
    hash.update(`dist/ado/${file}\0${content}\0`);
  }
  return { version: taskVersion(task), sha256: hash.digest("hex") };
}

export function recordedContract(root = ROOT): TaskContract {
  return readJson<TaskContract>(path.join(root, CONTRACT_FILE));
}

/** Why the committed task cannot ship as it is, or undefined when it can. */
export function contractProblem(current: TaskContract, recorded: TaskContract): string | undefined {
  if (current.sha256 === recorded.sha256 && current.version === recorded.version) return undefined;
  if (current.version === recorded.version)
    return `The BakeAzureImage task (task.json or dist/ado) changed, but its version is still ${current.version}: agents that cached ${current.version} would keep the old task. Bump "version" in package.json, run \`npm run gen:metadata && npm run build\`, then \`npm run package:ado -- --record\`.`;
  return `task.json is version ${current.version} but ${CONTRACT_FILE} records ${recorded.version}: run \`npm run package:ado -- --record\`.`;
}

// A 128×128 icon drawn here, so no binary lives in the repository: three image layers on blue.
function png(size: number, pixel: (x: number, y: number) => [number, number, number, number]) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++)
      Buffer.from(pixel(x, y)).copy(raw, y * (size * 4 + 1) + 1 + x * 4);
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

export function icon(size = 128): Buffer {
  const s = size / 128;
  const corner = 20 * s;
  return png(size, (x, y) => {
    const cx = Math.max(corner - x, 0, x - (size - 1 - corner));
    const cy = Math.max(corner - y, 0, y - (size - 1 - corner));
    if (cx * cx + cy * cy > corner * corner) return [0, 0, 0, 0];
    // Three stacked rhombi (a layered image), white on Azure blue.
    for (const [i, top] of [30, 52, 74].entries()) {
      const dy = Math.abs(y - (top + 12) * s);
      const dx = Math.abs(x - 64 * s);
      if (dx / (40 * s) + dy / (12 * s) <= 1)
        return i === 0 ? [255, 255, 255, 255] : [200, 228, 250, 255];
    }
    return [0, 120, 212, 255];
  });
}

/** The extension's folder, as tfx packs it: the manifest, its assets and the task folder. */
export function stage(dir: string, root = ROOT): { manifest: string; version: string } {
  const task = readJson<TaskJson>(path.join(root, "task.json"));
  const version = taskVersion(task);
  const manifest = readJson<Record<string, unknown>>(path.join(root, "vss-extension.json"));
  rmSync(dir, { recursive: true, force: true });
  const taskDir = path.join(dir, TASK_FOLDER);
  mkdirSync(path.join(dir, "images"), { recursive: true });
  mkdirSync(taskDir, { recursive: true });
  cpSync(path.join(root, "task.json"), path.join(taskDir, "task.json"));
  // dist/ado/package.json ({"type": "module"}) travels too: it makes Node load the bundle as ESM.
  cpSync(path.join(root, "dist/ado"), path.join(taskDir, "dist/ado"), { recursive: true });
  writeFileSync(path.join(taskDir, "icon.png"), icon(32));
  writeFileSync(path.join(dir, "images/icon.png"), icon(128));
  cpSync(path.join(root, "extension/overview.md"), path.join(dir, "overview.md"));
  const file = path.join(dir, "vss-extension.json");
  // The extension ships under the task's version, so one number moves both.
  writeFileSync(file, `${JSON.stringify({ ...manifest, version }, null, 2)}\n`);
  return { manifest: file, version };
}

/** Runs tfx-cli (no network: `extension create` only reads and zips) and returns the .vsix path. */
export function packageExtension(outDir: string, root = ROOT): string {
  const staged = path.join(outDir, "root");
  const { manifest } = stage(staged, root);
  const tfx = path.join(root, "node_modules/tfx-cli/_build/tfx-cli.js");
  const out = execFileSync(
    process.execPath,
    [
      tfx,
      "extension",
      "create",
      "--root",
      staged,
      "--manifests",
      manifest,
      "--output-path",
      outDir,
      "--no-prompt",
      "--json",
    ],
    { encoding: "utf8", cwd: root, env: { ...process.env, NO_COLOR: "1" } },
  );
  const { path: vsix } = JSON.parse(out.slice(out.indexOf("{"))) as { path: string };
  return vsix;
}

function main(argv: string[]): void {
  if (argv.includes("--record")) {
    const current = taskContract();
    let recorded: TaskContract | undefined;
    try {
      recorded = recordedContract();
    } catch {
      recorded = undefined;
    }
    if (recorded && recorded.version === current.version && recorded.sha256 !== current.sha256) {
      console.error(contractProblem(current, recorded));
      process.exit(1);
    }
    writeFileSync(path.join(ROOT, CONTRACT_FILE), `${JSON.stringify(current, null, 2)}\n`);
    console.log(`recorded task ${current.version} (${current.sha256.slice(0, 12)}…)`);
    return;
  }
  const at = argv.indexOf("--out");
  const outDir = path.resolve(ROOT, at >= 0 && argv[at + 1] ? argv[at + 1]! : DEFAULT_OUT);
  const problem = contractProblem(taskContract(), recordedContract());
  if (problem) console.warn(`warning: ${problem}`);
  const vsix = packageExtension(outDir);
  const size = readFileSync(vsix).length;
  console.log(`${path.relative(process.cwd(), vsix)} (${(size / 1024).toFixed(0)} KiB)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  main(process.argv.slice(2));
