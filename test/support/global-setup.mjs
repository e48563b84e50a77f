// Jest global setup: the bundles are today's build, then one secret-scan directory for this
// run, shared with every worker through the environment (workers start after this). Plain ESM
// loading the TypeScript through tsx, because jest loads global setup outside its module
// mapping.
import { tsImport } from "tsx/esm/api";
import { ensureBundlesCurrent } from "./bundles-current.mjs";

export default async function setup() {
  ensureBundlesCurrent();
  const scan = await tsImport("./secret-scan.ts", import.meta.url);
  process.env[scan.SECRET_SCAN_DIR_ENV] = scan.newScanDir();
}
