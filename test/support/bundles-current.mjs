// Jest global setup, first step: the end-to-end tests run dist/, so dist/ must be the build of
// today's sources. When it is not, the bundles are rebuilt before any test runs, and the
// suite says so; a benchmark that points BAKE_DIST_DIR at another build is left alone.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { builtStamp, sourceStamp } from "../../tools/source-stamp.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export function ensureBundlesCurrent() {
  if (process.env.BAKE_DIST_DIR) return;
  if (builtStamp(root) === sourceStamp(root)) return;
  process.stderr.write("\ndist/ was not built from today's src/: rebuilding the bundles first.\n");
  execFileSync(process.execPath, [path.join(root, "tools", "build-bundles.mjs")], {
    cwd: root,
    stdio: ["ignore", process.stderr, process.stderr],
  });
}
