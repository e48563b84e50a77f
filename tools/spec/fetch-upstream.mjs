// `node tools/spec/fetch-upstream.mjs <folder> [--from <base URL>]`: downloads the exact Image
// Builder spec files that generated/ was derived from (each at its recorded upstream commit,
// checked against its recorded SHA-256) into <folder>, laid out as `npm run gen` expects, so a
// CI job without the spec beside the repository still proves generated/ current and runs the
// tests that read the raw spec. Plain Node, so it runs before `npm ci`.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const DOCUMENT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../generated/imagebuilder-2025-10-01.operations.json",
);

const args = process.argv.slice(2);
const fromAt = args.indexOf("--from");
const base = fromAt === -1 ? "https://raw.githubusercontent.com" : args[fromAt + 1];
const target = args.find((a, i) => !a.startsWith("--") && (fromAt === -1 || i !== fromAt + 1));
if (!target || !base) {
  console.error("usage: node tools/spec/fetch-upstream.mjs <folder> [--from <base URL>]");
  process.exit(2);
}

const { source } = JSON.parse(readFileSync(DOCUMENT, "utf8"));
for (const file of source.files) {
  if (!file.upstreamPath || !file.commit) {
    console.error(`fetch-upstream: no upstream path or commit recorded for ${file.file}.`);
    process.exit(1);
  }
  const url = `${base}/${source.repository}/${file.commit}/${file.upstreamPath}`;
  const response = await fetch(url);
  if (!response.ok) {
    console.error(`fetch-upstream: ${url} answered ${response.status}.`);
    process.exit(1);
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (sha256 !== file.sha256) {
    console.error(`fetch-upstream: ${url} has SHA-256 ${sha256}, not the recorded ${file.sha256}.`);
    process.exit(1);
  }
  const to = path.join(target, file.file);
  mkdirSync(path.dirname(to), { recursive: true });
  writeFileSync(to, bytes);
}
console.log(`fetch-upstream: ${source.files.length} files from ${source.repository} in ${target}.`);
