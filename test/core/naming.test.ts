import type { RunContext } from "../../src/core/host.js";
import { ARM_NAME, runNames } from "../../src/core/naming.js";

const ctx: RunContext = {
  repository: "contoso/golden-images",
  runId: "9876543210",
  runAttempt: "1",
  runNumber: "7",
  commitSha: "abc",
  runUrl: "https://github.com/contoso/golden-images/actions/runs/9876543210/attempts/1",
  stepKey: "build/bake",
  workspace: "/ws",
};

describe("run-specific names", () => {
  test("are stable for one step and follow Image Builder's naming rule", () => {
    const a = runNames(ctx, "target");
    const b = runNames({ ...ctx }, "target");
    expect(a.templateName).toBe(b.templateName);
    expect(a.templateName).toMatch(/^bake-golden-images-9876543210-1-[0-9a-f]{6}$/);
    for (const kind of ["gallery", "managed", "vhd"] as const)
      expect(a.runOutputName(kind)).toMatch(ARM_NAME);
    expect(a.stagingPrefix).toMatch(/^contoso\/golden-images\/9876543210-1\/[0-9a-f]{6}\/$/);
  });

  test("differ across attempts, runs, steps and targets", () => {
    const base = runNames(ctx, "target").templateName;
    expect(runNames({ ...ctx, runAttempt: "2" }, "target").templateName).not.toBe(base);
    expect(runNames({ ...ctx, runId: "9876543211" }, "target").templateName).not.toBe(base);
    expect(runNames({ ...ctx, stepKey: "build/bake-2" }, "target").templateName).not.toBe(base);
    expect(runNames(ctx, "other target").templateName).not.toBe(base);
  });

  test("stay within 64 characters for very long repository names", () => {
    const names = runNames(
      { ...ctx, repository: `org/${"very-long-repository-name-".repeat(6)}` },
      "t",
    );
    expect(names.templateName.length).toBeLessThanOrEqual(54);
    expect(names.runOutputName("gallery")).toMatch(ARM_NAME);
    expect(names.runOutputName("gallery") + "99").toMatch(ARM_NAME);
  });

  test("provenance tags tie resources to the repository, commit and run", () => {
    expect(runNames(ctx, "t").provenanceTags).toMatchObject({
      "bake.repository": "contoso/golden-images",
      "bake.commit": "abc",
      "bake.run-url": ctx.runUrl,
      "bake.run-id": "9876543210",
      "bake.run-attempt": "1",
    });
  });
});
