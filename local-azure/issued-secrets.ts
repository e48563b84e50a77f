import { appendFileSync } from "node:fs";
import path from "node:path";

/**
 * Where the test suite's secret scan collects what it must never find in captured output
 * (set by the jest global setup; see test/support/secret-scan.ts).
 */
export const SECRET_SCAN_DIR_ENV = "BAKE_SECRET_SCAN_DIR";

/**
 * Every secret the emulator hands out: access tokens, federated assertions, client secrets,
 * the CI systems' request tokens, SAS signatures it was shown and its signing keys. Kept in
 * memory for the process that started the emulator and, during a test run, appended to the
 * shared scan directory so the end-of-suite scan knows them.
 */
export class IssuedSecrets {
  private readonly values = new Set<string>();

  add(value: string | undefined): void {
    if (!value || value.length < 8 || this.values.has(value)) return;
    this.values.add(value);
    const dir = process.env[SECRET_SCAN_DIR_ENV];
    if (!dir) return;
    try {
      appendFileSync(path.join(dir, `secrets-${process.pid}.jsonl`), `${JSON.stringify(value)}\n`);
    } catch {
      // The scan directory went away (the run is ending); the in-memory list still has it.
    }
  }

  list(): string[] {
    return [...this.values];
  }
}
