// Jest global teardown: scans everything the run captured and fails the run, naming where, if
// any secret shows. The figures also go to bench/results/secret-scan.json for the reliability
// report (npm run reliability).
import { tsImport } from "tsx/esm/api";

export default async function teardown(globalConfig) {
  const scan = await tsImport("./secret-scan.ts", import.meta.url);
  const dir = process.env[scan.SECRET_SCAN_DIR_ENV];
  if (!dir) return;
  const pattern = globalConfig?.testPathPattern;
  const result = scan.finishScan(dir, pattern ? `tests matching ${pattern}` : "whole suite");
  console.log(`\n${scan.summaryLine(result)}`);
  if (result.findings.length) throw new Error(scan.describeFindings(result));
}
