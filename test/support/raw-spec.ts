import { describe, test } from "@jest/globals";
import { specAtHand, specDirectory } from "../../tools/spec/load-spec.js";

/**
 * The raw Image Builder spec folder (with its x-ms-examples), when it is at hand. A lone clone
 * has only the committed generated/, so the tests that read the raw files skip there.
 */
export const RAW_SPEC_DIR = specAtHand();

/**
 * `describe` when the raw spec is at hand; otherwise one skipped test whose name says why,
 * and that reason printed once (jest has no skip-with-reason of its own).
 */
export function describeWithRawSpec(name: string, body: (specDir: string) => void): void {
  if (RAW_SPEC_DIR) {
    const dir = RAW_SPEC_DIR;
    describe(name, () => body(dir));
    return;
  }
  const reason = `skipped: Image Builder spec not found at ${specDirectory()}; set BAKE_IMAGEBUILDER_SPEC_DIR`;
  process.stderr.write(`${name}: ${reason}\n`);
  test.skip(`${name}: ${reason}`, () => {});
}
