import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { builtStamp, sourceStamp, STAMP_FILE } from "../../tools/source-stamp.mjs";
import { ROOT } from "../../local-ci/run-bundle.js";

describe("the bundles' source stamp", () => {
  let tree: string;
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(tree, rel)), { recursive: true });
    writeFileSync(path.join(tree, rel), text);
  };
  beforeEach(() => {
    tree = mkdtempSync(path.join(tmpdir(), "stamp-"));
    write("src/core/run/real-run.ts", "export const a = 1;\n");
    write("package-lock.json", "{}\n");
  });
  afterEach(() => rmSync(tree, { recursive: true, force: true }));

  it("changes with an edit under src/, a new file, or the lock file", () => {
    const before = sourceStamp(tree);
    expect(sourceStamp(tree)).toBe(before);
    write("src/core/run/real-run.ts", "export const a = 2;\n");
    const edited = sourceStamp(tree);
    expect(edited).not.toBe(before);
    write("src/core/run/new-room.ts", "export {};\n");
    expect(sourceStamp(tree)).not.toBe(edited);
    const withFile = sourceStamp(tree);
    write("package-lock.json", '{"lockfileVersion":3}\n');
    expect(sourceStamp(tree)).not.toBe(withFile);
  });

  it("reads CRLF and LF checkouts alike", () => {
    const lf = sourceStamp(tree);
    write("src/core/run/real-run.ts", "export const a = 1;\r\n");
    expect(sourceStamp(tree)).toBe(lf);
  });

  it("is what the suite's setup left in dist/: the end-to-end tests run today's sources", () => {
    expect(builtStamp(ROOT)).toBe(sourceStamp(ROOT));
    expect(STAMP_FILE).toBe(path.join("dist", "source-stamp.txt"));
  });
});
