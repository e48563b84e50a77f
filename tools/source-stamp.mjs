// The fingerprint of everything the bundles are built from. The build writes it beside the
// bundles, and the test suite compares it before running them: the end-to-end tests run
// dist/, so without this an edit to src/ would be tested against yesterday's bundles.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** Relative to the repository root; folders are walked. */
export const STAMPED = [
  "src",
  "generated",
  "package-lock.json",
  "tsconfig.json",
  "tsconfig.build.json",
  "tools/build-bundles.mjs",
];
export const STAMP_FILE = path.join("dist", "source-stamp.txt");

function filesUnder(root, rel) {
  const full = path.join(root, rel);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [rel];
  return readdirSync(full).flatMap((name) => filesUnder(root, path.posix.join(rel, name)));
}

export function sourceStamp(root) {
  const hash = createHash("sha256");
  for (const file of STAMPED.flatMap((rel) => filesUnder(root, rel)).sort()) {
    // Line endings are normalised so a checkout with CRLF stamps the same as one with LF.
    const text = readFileSync(path.join(root, file), "utf8").replace(/\r\n/g, "\n");
    hash.update(`${file}\0${text}\0`);
  }
  return hash.digest("hex");
}

/** The stamp dist/ was built from, or undefined when it has none. */
export function builtStamp(root) {
  const file = path.join(root, STAMP_FILE);
  return existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
}
