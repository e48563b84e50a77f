// Bundles each host into dist/<host>/ with ncc. The output is deterministic, so CI can check
// that the committed dist/ is exactly what this produces.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ncc from "@vercel/ncc";
import { sourceStamp, STAMP_FILE } from "./source-stamp.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ALL_TARGETS = ["github", "ado", "cli"];
const targets = process.argv.slice(2).length ? process.argv.slice(2) : ALL_TARGETS;

// ncc bundles TypeScript as CommonJS; compiling first lets it see ES modules (top-level
// await, packages that only export "import").
execFileSync(
  process.execPath,
  [
    path.join(root, "node_modules/typescript/bin/tsc"),
    "-p",
    path.join(root, "tsconfig.build.json"),
  ],
  { stdio: "inherit" },
);

for (const target of targets) {
  const out = path.join(root, "dist", target);
  const { code, assets } = await ncc(path.join(root, ".build", "src", target, "main.js"), {
    minify: false,
    sourceMap: false,
    quiet: true,
    target: "es2022",
    license: "licenses.txt",
  });
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, "index.js"),
    target === "cli" ? `#!/usr/bin/env node\n${code}` : code,
    { mode: target === "cli" ? 0o755 : 0o644 },
  );
  for (const [name, asset] of Object.entries(assets ?? {})) {
    const file = path.join(out, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, asset.source, { mode: asset.permissions });
  }
  // Node decides ESM by the nearest package.json; the ADO agent copies dist/ado on its own.
  writeFileSync(path.join(out, "package.json"), `${JSON.stringify({ type: "module" }, null, 2)}\n`);
  // The task's postjobexecution handler: the same bundle, told apart by the file the agent runs.
  if (target === "ado") writeFileSync(path.join(out, "post.js"), 'import "./index.js";\n');
  console.log(
    `dist/${target}: ${(code.length / 1024).toFixed(0)} KiB, ${Object.keys(assets ?? {}).length} assets`,
  );
}
// Written last, and only for a whole build: a build that stopped half-way, or built one host,
// leaves the old stamp, and the suite rebuilds.
if (ALL_TARGETS.every((t) => targets.includes(t)))
  writeFileSync(path.join(root, STAMP_FILE), `${sourceStamp(root)}\n`);
