import { describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT } from "../../local-ci/run-bundle.js";
import { describeWithRawSpec, RAW_SPEC_DIR } from "../support/raw-spec.js";

const DOCUMENT = "imagebuilder-2025-10-01.operations.json";
const VALIDATOR = "image-template-validator.ts";

/** `tsx tools/gen-spec.ts …` as npm runs it, with the spec folder of our choosing. */
function gen(args: string[], specDir: string): { code: number | null; out: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, BAKE_IMAGEBUILDER_SPEC_DIR: specDir };
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "tools/gen-spec.ts", ...args],
    { cwd: ROOT, env, encoding: "utf8" },
  );
  return { code: r.status, out: r.stdout + r.stderr };
}

function scratch(): string {
  return mkdtempSync(path.join(tmpdir(), "bake-gen-"));
}

function committedCopy(): string {
  const dir = scratch();
  cpSync(path.join(ROOT, "generated"), dir, { recursive: true });
  return dir;
}

describe("the committed files derived from the Image Builder spec", () => {
  const document = JSON.parse(readFileSync(path.join(ROOT, "generated", DOCUMENT), "utf8"));
  const main = document.source.files.find((f: { file: string }) => f.file === "imagebuilder.json");

  test("name the upstream repository, path and commit they were derived from", () => {
    expect(document.source.repository).toBe("Azure/azure-rest-api-specs");
    expect(main.upstreamPath).toBe(
      "specification/imagebuilder/resource-manager/Microsoft.VirtualMachineImages/ImageBuilder/stable/2025-10-01/imagebuilder.json",
    );
    expect(main.commit).toMatch(/^[0-9a-f]{40}$/);
    const header = readFileSync(path.join(ROOT, "generated", VALIDATOR), "utf8")
      .split("\n")
      .slice(0, 3)
      .join("\n");
    expect(header).toContain(`${main.upstreamPath}@${main.commit}`);
  });

  test("without the spec, `npm run gen` uses them and says so in one line", () => {
    const empty = scratch();
    const out = committedCopy();
    try {
      const r = gen(["--out", out], empty);
      expect(r.code).toBe(0);
      expect(r.out.trim().split("\n")).toEqual([
        `gen: Image Builder spec not at ${empty}; using the committed ${path.relative(ROOT, out)}/ (from Azure/azure-rest-api-specs ${main.upstreamPath}@${main.commit}).`,
      ]);
    } finally {
      rmSync(empty, { recursive: true });
      rmSync(out, { recursive: true });
    }
  });

  test("without the spec and without them, `npm run gen` fails and says how to get them back", () => {
    const empty = scratch();
    try {
      const r = gen(["--out", empty], empty);
      expect(r.code).toBe(1);
      expect(r.out).toContain(`${VALIDATOR}, ${DOCUMENT} missing`);
      expect(r.out).toContain("restore them with git");
    } finally {
      rmSync(empty, { recursive: true });
    }
  });

  test("`npm run gen:spec` without the spec fails and names BAKE_IMAGEBUILDER_SPEC_DIR", () => {
    const empty = scratch();
    try {
      const r = gen(["--write", "--out", empty], empty);
      expect(r.code).toBe(1);
      expect(r.out).toContain(
        `the Image Builder spec is not at ${empty}; set BAKE_IMAGEBUILDER_SPEC_DIR`,
      );
    } finally {
      rmSync(empty, { recursive: true });
    }
  });
});

describeWithRawSpec("the committed derived files against the raw spec", (specDir) => {
  test("`npm run gen:spec` makes exactly the committed files", () => {
    const out = scratch();
    try {
      expect(gen(["--write", "--out", out], specDir).code).toBe(0);
      for (const file of [VALIDATOR, DOCUMENT])
        expect(readFileSync(path.join(out, file), "utf8")).toBe(
          readFileSync(path.join(ROOT, "generated", file), "utf8"),
        );
    } finally {
      rmSync(out, { recursive: true });
    }
  });

  test("`npm run gen` refuses a stale copy and says to run `npm run gen:spec` and commit", () => {
    const out = committedCopy();
    try {
      const file = path.join(out, DOCUMENT);
      writeFileSync(
        file,
        readFileSync(file, "utf8").replace('"longRunning": true', '"longRunning": false'),
      );
      const r = gen(["--out", out], specDir);
      expect(r.code).toBe(1);
      expect(r.out).toContain(`${DOCUMENT} is not what the Image Builder spec at ${RAW_SPEC_DIR}`);
      expect(r.out).toContain("run `npm run gen:spec` and commit");
    } finally {
      rmSync(out, { recursive: true });
    }
  });
});
