/**
 * Transient faults of every Azure service the run talks to, injected by the local Azure:
 * the build still ends with the right outputs, nothing is left behind, each incident is told
 * once in the log, and a lost answer to POST run never starts a second build.
 */
import { startLocalAzure, type LocalAzure } from "../../local-azure/harness.js";
import type { FaultRule } from "../../local-azure/scenario.js";
import { expectConformant } from "../../local-azure/sdk-clients.js";
import { runStep, type HostKind, type StepResult } from "../../local-ci/ci-step.js";
import {
  baseInputs,
  stagedBlobs as stagedBlobsOf,
  stepAgainst,
} from "../../local-ci/local-azure-step.js";

let az: LocalAzure;

beforeAll(async () => {
  az = await startLocalAzure({ templateGetRetryAfterMs: 100 });
});
afterAll(async () => {
  await az?.stop();
});
afterEach(() => {
  az.scenario.faults = [];
  expectConformant(az);
});

const stagedBlobs = () => stagedBlobsOf(az);

let since = 0;

async function buildWith(host: HostKind, faults: FaultRule[]): Promise<StepResult> {
  since = az.requestLog.length;
  az.scenario.faults = faults;
  const result = await runStep(stepAgainst(az, host, { ...baseInputs(az), vhd: "true" }));
  return result;
}

function hits(name: string): number {
  return az.requestLog.slice(since).filter((r) => r.fault === name).length;
}

async function expectCleanSuccess(result: StepResult): Promise<void> {
  expect(result.errors).toEqual([]);
  expect(result.exitCode).toBe(0);
  expect(result.outputs["run-status"]).toBe("Succeeded");
  expect(result.outputs["run-outputs"]).toContain(".vhd");
  const name = result.outputs["template-name"]!;
  expect(az.imageTemplate(az.defaults.resourceGroup, name)).toBeUndefined();
  const step = JSON.parse(result.outputs.template!).tags["bake.step"] as string;
  expect((await stagedBlobs()).filter((b) => b.includes(`/${step}/`))).toEqual([]);
}

function runsStarted(result: StepResult): number {
  const name = result.outputs["template-name"]!;
  const entry = az.templateHistory().find((h) => h.template.name === name);
  return entry?.runsStarted ?? 0;
}

test.each<HostKind>(["github", "ado"])(
  "throttling on %s, with and without Retry-After, is waited out and told once per incident",
  async (host) => {
    const result = await buildWith(host, [
      {
        name: "throttle-get",
        target: "arm",
        method: "GET",
        path: /\/imageTemplates\/[^/]+$/,
        status: 429,
        count: 3,
      },
      {
        name: "throttle-put",
        target: "arm",
        method: "PUT",
        path: /\/imageTemplates\//,
        status: 429,
        retryAfterSeconds: 1,
        count: 2,
      },
    ]);
    await expectCleanSuccess(result);
    expect(hits("throttle-get")).toBe(3);
    expect(hits("throttle-put")).toBe(2);
    const told = result.log.filter((l) => / answered 429 to /.test(l));
    expect(told.length).toBeGreaterThanOrEqual(1);
    expect(told.length).toBeLessThanOrEqual(2);
    expect(runsStarted(result)).toBe(1);
  },
);

test("5xx and resets of Resource Manager, storage and Entra ID are retried", async () => {
  const result = await buildWith("github", [
    {
      name: "arm-503",
      target: "arm",
      method: "GET",
      path: /\/imageTemplates\//,
      status: 503,
      count: 2,
    },
    {
      name: "arm-502",
      target: "arm",
      method: "PUT",
      path: /\/imageTemplates\//,
      status: 502,
      count: 1,
    },
    {
      name: "arm-reset",
      target: "arm",
      method: "GET",
      path: /storageAccounts/,
      reset: true,
      count: 1,
    },
    {
      name: "upload-500",
      target: "storage",
      method: "PUT",
      path: /\/bake-staging\//,
      status: 500,
      count: 2,
    },
    {
      name: "upload-reset",
      target: "storage",
      method: "PUT",
      path: /\/bake-staging\//,
      reset: true,
      count: 1,
      skip: 2,
    },
    {
      name: "log-503",
      target: "storage",
      method: "GET",
      path: /\/packerlogs\//,
      status: 503,
      count: 2,
    },
    { name: "token-504", target: "entra", method: "POST", path: /\/token$/, status: 504, count: 1 },
  ]);
  await expectCleanSuccess(result);
  for (const name of ["arm-502", "arm-reset", "upload-reset", "log-503"])
    expect({ name, hit: hits(name) > 0 }).toEqual({ name, hit: true });
  expect(hits("arm-503")).toBe(2);
  expect(hits("upload-500")).toBe(2);
  expect(hits("token-504")).toBe(1);
  expect(runsStarted(result)).toBe(1);
});

test.each<HostKind>(["github", "ado"])(
  "a lost answer to POST run on %s does not start a second build",
  async (host) => {
    const result = await buildWith(host, [
      {
        name: "run-answer-lost",
        target: "arm",
        method: "POST",
        path: /\/run$/,
        reset: true,
        afterHandling: true,
        count: 1,
      },
    ]);
    await expectCleanSuccess(result);
    expect(hits("run-answer-lost")).toBe(1);
    expect(runsStarted(result)).toBe(1);
  },
);

test("a run refused with 503 before it started is started once, after checking", async () => {
  const result = await buildWith("github", [
    { name: "run-503", target: "arm", method: "POST", path: /\/run$/, status: 503, count: 1 },
  ]);
  await expectCleanSuccess(result);
  expect(runsStarted(result)).toBe(1);
  const posts = az.requestLog.filter(
    (r) =>
      r.method === "POST" &&
      r.path.endsWith("/run") &&
      r.path.includes(result.outputs["template-name"]!),
  );
  expect(posts).toHaveLength(2);
});

test("a script that fails inside the build is not retried", async () => {
  az.scenario.customizers[1] = { exitCode: 3, errorOutput: ["boom"] };
  try {
    const result = await buildWith("github", []);
    expect(result.exitCode).not.toBe(0);
    expect(runsStarted(result)).toBe(1);
    expect(result.log.some((l) => /trying again/.test(l))).toBe(false);
  } finally {
    delete az.scenario.customizers[1];
  }
});
