import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startLocalAzure, type LocalAzure } from "../../local-azure/harness.js";
import { expectConformant } from "../../local-azure/sdk-clients.js";
import {
  ROOT,
  runStep,
  startStep,
  type HostKind,
  type StepResult,
} from "../../local-ci/ci-step.js";
import { makeWorkspace, removeWorkspace, type NodeMajor } from "../../local-ci/run-bundle.js";
import {
  baseInputs,
  stagedBlobs as stagedBlobsOf,
  stepAgainst,
} from "../../local-ci/local-azure-step.js";

const sha256 = (file: string) =>
  createHash("sha256")
    .update(readFileSync(path.join(ROOT, file)))
    .digest("hex");

let az: LocalAzure;

beforeAll(async () => {
  az = await startLocalAzure({ templateGetRetryAfterMs: 100 });
});
afterAll(async () => {
  await az?.stop();
});
afterEach(() => expectConformant(az));

const stagedBlobs = () => stagedBlobsOf(az);

function templateLeft(result: StepResult): boolean {
  return (
    az.imageTemplate(az.defaults.resourceGroup, result.outputs["template-name"]!) !== undefined
  );
}

/** What a person could read in the job log, or a later step in the outputs, must hold no secret. */
function expectNoSecretShown(result: StepResult): void {
  expect(result.secrets.length).toBeGreaterThan(0);
  const shown = [
    ...result.log,
    ...Object.values(result.outputs),
    ...result.errors,
    ...result.warnings,
    result.summary,
  ].join("\n");
  for (const secret of result.secrets) expect(shown).not.toContain(secret);
  expect(shown).not.toMatch(/[?&]sig=/);
  expect(shown).not.toMatch(/eyJ[\w-]{10,}\.eyJ[\w-]{10,}\./);
}

describe.each<[HostKind, NodeMajor]>([
  ["github", "20"],
  ["ado", "20"],
  ["github", "24"],
  ["ado", "24"],
])("a successful build on %s under Node %s", (host, node) => {
  let result: StepResult;
  const since = { requests: 0 };
  beforeAll(async () => {
    since.requests = az.requestLog.length;
    const d = az.defaults;
    result = await runStep(
      stepAgainst(
        az,
        host,
        {
          ...baseInputs(az),
          "gallery-image-id": d.galleryImageId,
          "image-version": `2.0.${Math.floor(Math.random() * 1e6)}`,
          "replication-regions": `${az.location}, eastus`,
          "managed-image-id": `/subscriptions/${az.subscriptionId}/resourceGroups/${d.resourceGroup}/providers/Microsoft.Compute/images/golden-${host}-${node}`,
          vhd: "true",
        },
        { node },
      ),
    );
  });

  test("succeeds and outputs every artifact, the gallery version first", () => {
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const o = result.outputs;
    expect(o["run-status"]).toBe("Succeeded");
    expect(o["image-version-id"]).toMatch(
      new RegExp(`^${az.defaults.galleryImageId}/versions/2\\.0\\.\\d+$`),
    );
    const ids = JSON.parse(o["image-version-ids"]!) as string[];
    expect(ids).toHaveLength(3);
    expect(ids[0]).toBe(o["image-version-id"]);
    expect(ids[1]).toMatch(/\/providers\/Microsoft\.Compute\/images\/golden-/);
    expect(ids[2]).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/.+\.vhd$/);
    const runOutputs = JSON.parse(o["run-outputs"]!) as Record<
      string,
      { artifactId: string | null; artifactUri: string | null }
    >;
    expect(Object.keys(runOutputs).sort()).toEqual([
      `${o["template-name"]}-gallery`,
      `${o["template-name"]}-managed`,
      `${o["template-name"]}-vhd`,
    ]);
    expect(o["template-id"]).toBe(
      `/subscriptions/${az.subscriptionId}/resourceGroups/${az.defaults.resourceGroup}/providers/Microsoft.VirtualMachineImages/imageTemplates/${o["template-name"]}`,
    );
    expect(o["staging-resource-group"]).toMatch(
      new RegExp(
        `/resourceGroups/IT_${az.defaults.resourceGroup}_${o["template-name"]}_[0-9a-f-]{36}$`,
      ),
    );
    expect(o["source-image-version"]).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test("gave Image Builder the staged scripts with their checksums, in two regions", () => {
    const template = JSON.parse(result.outputs.template!) as {
      properties: {
        customize: Array<{ sha256Checksum: string; scriptUri: string }>;
        distribute: Array<{ targetRegions?: Array<{ name: string }> }>;
      };
    };
    expect(template.properties.customize.map((c) => c.sha256Checksum)).toEqual([
      sha256("examples/linux-gallery/scripts/01-packages.sh"),
      sha256("examples/linux-gallery/scripts/02-harden.sh"),
    ]);
    expect(template.properties.customize[0]!.scriptUri).not.toContain("?");
    expect(template.properties.distribute[0]!.targetRegions).toEqual([
      { name: az.location },
      { name: "eastus" },
    ]);
  });

  test("logs progress and leaves no template and no staged blob", async () => {
    expect(result.log.some((l) => /^\[\d+s\] Running \/ Customizing$/.test(l))).toBe(true);
    expect(templateLeft(result)).toBe(false);
    const step = JSON.parse(result.outputs.template!).tags["bake.step"] as string;
    expect((await stagedBlobs()).filter((b) => b.includes(`/${step}/`))).toEqual([]);
  });

  test("never used an account key, and showed no secret", () => {
    const mine = az.requestLog.slice(since.requests);
    expect(mine.filter((r) => r.auth === "sharedKey" || r.auth === "accountSas")).toEqual([]);
    expect(mine.some((r) => r.path.includes("/oauth2/v2.0/token"))).toBe(true);
    expectNoSecretShown(result);
  });
});

describe("the staged files' SAS", () => {
  test("is read-only, per blob, and expires no later than the build timeout plus 30 minutes", async () => {
    const before = az.serviceRequestLog.length;
    const started = Date.now();
    const result = await runStep(
      stepAgainst(az, "github", { ...baseInputs(az), vhd: "true", "build-timeout-minutes": "60" }),
    );
    expect(result.exitCode).toBe(0);
    const downloads = az.serviceRequestLog
      .slice(before)
      .filter((r) => r.method === "GET" && r.path.includes("/examples/linux-gallery/scripts/"));
    expect(downloads).toHaveLength(2);
    for (const d of downloads) {
      expect(d.auth).toBe("userDelegationSas");
      expect(d.query).toMatchObject({ sp: "r", sr: "b", spr: "https" });
      expect(Date.parse(d.query.se!)).toBeLessThanOrEqual(started + (60 + 30) * 60_000 + 5_000);
      expect(Date.parse(d.query.se!)).toBeGreaterThan(started + 60 * 60_000);
    }
  });
});

describe("a failing build", () => {
  const failing = () => {
    az.scenario.customizers[1] = {
      exitCode: 2,
      output: ["Applying hardening"],
      errorOutput: ["sed: can't read /etc/ssh/sshd_config: No such file or directory"],
    };
  };
  afterEach(() => {
    delete az.scenario.customizers[1];
  });

  test.each<HostKind>(["github", "ado"])(
    "fails the %s step with the service's message and leaves nothing",
    async (host) => {
      failing();
      const result = await runStep(stepAgainst(az, host, { ...baseInputs(az), vhd: "true" }));
      expect(result.exitCode).not.toBe(0);
      expect(result.errors).toHaveLength(1);
      // One annotation: the failing customizer, the lines that say why, then the service's message.
      expect(result.errors[0]).toMatch(
        /^(Image build failed: )?The build failed in customizer 2 'examples\/linux-gallery\/scripts\/02-harden\.sh' \(Shell\): /,
      );
      expect(result.errors[0]).toContain(
        "sed: can't read /etc/ssh/sshd_config: No such file or directory",
      );
      expect(result.errors[0]).toContain("Image Builder: Failed in building/customizing image");
      const lines = result.errors[0]!.split("\n")
        .map((l) => l.trim())
        .filter(Boolean);
      expect(lines.filter((l) => l.includes("exited with non-zero exit status"))).toHaveLength(1);
      if (host === "github")
        expect(result.raw).toMatch(
          /^::error title=Image build failed,file=examples\/linux-gallery\/scripts\/02-harden\.sh/m,
        );
      else
        expect(result.raw).toMatch(
          /^##vso\[task\.logissue type=error;sourcepath=examples\/linux-gallery\/scripts\/02-harden\.sh/m,
        );
      expect(result.summary).toContain("```mermaid");
      expect(result.summary).toContain("02-harden.sh");
      expect(result.errors[0]).not.toMatch(/\?s[vt]=|sig=/);
      expect(result.outputs["run-status"]).toBe("Failed");
      expect(templateLeft(result)).toBe(false);
      expectNoSecretShown(result);
    },
  );

  test("with keep-on-failure leaves exactly the template and the staged files", async () => {
    failing();
    const result = await runStep(
      stepAgainst(az, "github", { ...baseInputs(az), vhd: "true", "keep-on-failure": "true" }),
    );
    expect(result.exitCode).not.toBe(0);
    expect(templateLeft(result)).toBe(true);
    const step = JSON.parse(result.outputs.template!).tags["bake.step"] as string;
    const kept = (await stagedBlobs()).filter((b) => b.includes(`/${step}/`));
    expect(kept.map((b) => b.split(`/${step}/`)[1]).sort()).toEqual([
      "examples/linux-gallery/scripts/01-packages.sh",
      "examples/linux-gallery/scripts/02-harden.sh",
    ]);
    expect(result.log.some((l) => l.startsWith("keep-on-failure: kept image template"))).toBe(true);
  });
});

describe("cancellation", () => {
  test.each<HostKind>(["github", "ado"])(
    "SIGINT during Customizing on %s cancels the build, removes the template, exits within 10 s",
    async (host) => {
      az.scenario.customizers[0] = { durationMs: 60_000 };
      // A build that stops at once: the main step removes everything itself (a slow stop is
      // handed to the post phase: documented-behaviour.test.ts).
      az.scenario.timeline.cancelMs = 150;
      try {
        const options = stepAgainst(az, host, { ...baseInputs(az), vhd: "true" });
        const step = startStep(options);
        await step.waitForLine(/Running \/ Customizing$/, 30_000);
        const before = az.requestLog.length;
        const signalled = Date.now();
        step.child.kill("SIGINT");
        const result = await step.result;
        expect(Date.now() - signalled).toBeLessThan(10_000);
        expect(result.exitCode).not.toBe(0);
        expect(
          az.requestLog
            .slice(before)
            .some((r) => r.method === "POST" && r.path.endsWith("/cancel")),
        ).toBe(true);
        // The runner and the agent always run the post phase after a cancelled main step. On a
        // busy machine the main step's few seconds may end before Image Builder has stopped,
        // and then the post phase removes the template: the job as a whole always does.
        await runStep({
          ...options,
          ...(host === "github"
            ? { state: result.state }
            : { taskVariables: result.taskVariables }),
        });
        const name = result.outputs["template-name"]!;
        expect(az.imageTemplate(az.defaults.resourceGroup, name)).toBeUndefined();
        expect(result.errors[0]).toContain("cancelled");
      } finally {
        delete az.scenario.customizers[0];
        az.scenario.timeline.cancelMs = 30_000;
      }
    },
  );
});

describe("a partly successful build", () => {
  test("fails the step with the service's message but still outputs what was made", async () => {
    az.scenario.distributionFailures.push({ region: "eastus" });
    try {
      const result = await runStep(
        stepAgainst(az, "ado", {
          ...baseInputs(az),
          "gallery-image-id": az.defaults.galleryImageId,
          "replication-regions": `${az.location}, eastus`,
          vhd: "true",
        }),
      );
      expect(result.exitCode).not.toBe(0);
      expect(result.errors).toEqual([
        expect.stringMatching(/^The build partially succeeded: .*eastus/),
      ]);
      expect(result.outputs["run-status"]).toBe("PartiallySucceeded");
      expect(result.outputs["image-version-id"]).toMatch(/\.vhd$/);
      expect(JSON.parse(result.outputs["image-version-ids"]!)).toHaveLength(1);
      expect(templateLeft(result)).toBe(false);
    } finally {
      az.scenario.distributionFailures.length = 0;
    }
  });
});

describe("staged files read through the template's identity", () => {
  test("work when the identity may read the container, and no SAS is made", async () => {
    az.seed.grantBlobRead(
      az.defaults.identityId,
      az.defaults.storageAccount,
      az.defaults.container,
    );
    const before = { client: az.requestLog.length, service: az.serviceRequestLog.length };
    const result = await runStep(
      stepAgainst(az, "github", { ...baseInputs(az), vhd: "true", "staging-access": "identity" }),
    );
    expect(result.errors).toEqual([]);
    expect(
      az.requestLog
        .slice(before.client)
        .some((r) => r.query.restype === "service" && r.query.comp === "userdelegationkey"),
    ).toBe(false);
    const downloads = az.serviceRequestLog
      .slice(before.service)
      .filter((r) => r.method === "GET" && r.path.includes("/examples/linux-gallery/scripts/"));
    expect(downloads.map((d) => d.auth)).toEqual(["bearer", "bearer"]);
  });

  test("fail the build the way Image Builder does when the identity may not read them", async () => {
    const account = "bakenoaccess";
    await az.seed.storageAccount(account, az.defaults.resourceGroup, {
      containers: [az.defaults.container],
    });
    const result = await runStep(
      stepAgainst(az, "github", {
        ...baseInputs(az),
        vhd: "true",
        "staging-access": "identity",
        "staging-storage-account": account,
      }),
    );
    expect(result.exitCode).not.toBe(0);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^The build failed in the preparation phase: Failed to download external file .*403 AuthorizationPermissionMismatch/,
      ),
    ]);
  });
});

describe("a large file", () => {
  test("is hashed while it uploads, and Image Builder gets its true checksum", async () => {
    const big = Buffer.alloc(9 * 1024 * 1024, "golden image payload\n");
    const workspace = makeWorkspace({ "setup/install.sh": "echo install\n" });
    writeFileSync(path.join(workspace, "setup", "payload.bin"), big);
    try {
      const result = await runStep(
        stepAgainst(
          az,
          "github",
          {
            ...baseInputs(az),
            scripts: "setup/install.sh",
            files: "setup/payload.bin => /tmp/payload.bin",
            vhd: "true",
          },
          { workspace },
        ),
      );
      expect(result.errors).toEqual([]);
      const expected = createHash("sha256").update(big).digest("hex");
      const template = JSON.parse(result.outputs.template!);
      const file = template.properties.customize.find((c: { type: string }) => c.type === "File");
      expect(file.sha256Checksum).toBe(expected);
      expect(result.log).toContain(`setup/payload.bin: ${big.length} bytes, sha256 ${expected}`);
    } finally {
      removeWorkspace(workspace);
    }
  });
});

describe("the build log in the job log", () => {
  const outcome = { exitCode: 0, output: ["Setting up unattended-upgrades (2.9.1+nmu4ubuntu1)"] };

  test("streams customization.log while the build runs, one group per customizer, without Packer's own chatter", async () => {
    az.scenario.customizers[0] = outcome;
    try {
      const result = await runStep(stepAgainst(az, "github", { ...baseInputs(az), vhd: "true" }));
      expect(result.errors).toEqual([]);
      const log = result.log.join("\n");
      const groups = result.log.filter((l) => l.startsWith("::group::"));
      const first = "::group::Customizer 1 'examples/linux-gallery/scripts/01-packages.sh' (Shell)";
      expect(groups).toContain(first);
      expect(groups).toContain(
        "::group::Customizer 2 'examples/linux-gallery/scripts/02-harden.sh' (Shell)",
      );
      expect(groups).toContain("::group::Deprovisioning (Shell)");
      // The customizer's own output is inside its group, and the group is closed after it.
      const start = result.log.indexOf(first);
      const end = result.log.indexOf("::endgroup::", start);
      expect(result.log.slice(start, end)).toContain(
        "Setting up unattended-upgrades (2.9.1+nmu4ubuntu1)",
      );
      expect(result.log.slice(start + 1, end).some((l) => l.startsWith("::group::"))).toBe(false);
      expect(log).not.toContain("(telemetry) Starting provisioner");
      expect(log).not.toMatch(/^\[[0-9a-f-]{8,}\] /m);
    } finally {
      delete az.scenario.customizers[0];
    }
  });

  test("reads each byte of the log about once, however often it is polled", async () => {
    az.scenario.customizers[0] = {
      ...outcome,
      output: Array.from({ length: 400 }, (_, i) => `Unpacking package ${i} of 400 ...`),
    };
    // A failed build kept for debugging keeps its log, to compare with what was downloaded.
    az.scenario.customizers[1] = { exitCode: 2 };
    const before = az.requestLog.length;
    try {
      const inputs = { ...baseInputs(az), vhd: "true", "log-level": "quiet" };
      const result = await runStep(
        stepAgainst(az, "github", { ...inputs, "keep-on-failure": "true" }),
      );
      expect(result.errors).toHaveLength(1);
      const outputs = result.outputs;
      const log = await az.customizationLog(az.defaults.resourceGroup, outputs["template-name"]!);
      const size = Buffer.byteLength(log ?? "");
      expect(size).toBeGreaterThan(20_000);
      const reads = az.requestLog
        .slice(before)
        .filter((r) => r.method === "GET" && /\/packerlogs\/.+\/customization\.log$/.test(r.path));
      expect(reads.length).toBeGreaterThan(1);
      const downloaded = reads.reduce((sum, r) => sum + (r.responseBytes ?? 0), 0);
      expect(downloaded).toBeGreaterThanOrEqual(size);
      expect(downloaded).toBeLessThanOrEqual(size * 1.05);
      // However often the log is read, its account is looked up through Resource Manager once.
      const lookups = az.requestLog
        .slice(before)
        .filter((r) =>
          /\/resourceGroups\/IT_[^/]+\/providers\/Microsoft\.Storage\/storageAccounts$/.test(
            r.path,
          ),
        );
      expect(lookups).toHaveLength(1);
    } finally {
      delete az.scenario.customizers[0];
      delete az.scenario.customizers[1];
    }
  });

  test("says once which role is missing when the pipeline may not read the log, and builds on", async () => {
    az.scenario.faults.push({
      name: "no-log-access",
      target: "storage",
      method: "GET",
      path: /\/packerlogs\//,
      status: 403,
    });
    try {
      const result = await runStep(stepAgainst(az, "ado", { ...baseInputs(az), vhd: "true" }));
      expect(result.exitCode).toBe(0);
      expect(result.errors).toEqual([]);
      expect(result.warnings).toEqual([
        expect.stringMatching(
          /^The build log \(customization\.log\) cannot be read: the pipeline's identity needs Storage Blob Data Reader on \/subscriptions\/.+\/resourceGroups\/IT_rg-images_bake-.+\. The build goes on without its log\.$/,
        ),
      ]);
      expect(result.outputs["run-status"]).toBe("Succeeded");
      expect(
        az.requestLog.filter((r) => r.fault === "no-log-access").length,
      ).toBeGreaterThanOrEqual(1);
    } finally {
      az.scenario.faults = az.scenario.faults.filter((f) => f.name !== "no-log-access");
    }
  });

  test("shows Packer's own lines at log-level verbose, and nothing at quiet", async () => {
    az.scenario.customizers[0] = outcome;
    try {
      const verbose = await runStep(
        stepAgainst(az, "ado", { ...baseInputs(az), vhd: "true", "log-level": "verbose" }),
      );
      expect(verbose.log.join("\n")).toContain("[INFO] (telemetry) Starting provisioner shell");
      const quiet = await runStep(
        stepAgainst(az, "ado", { ...baseInputs(az), vhd: "true", "log-level": "quiet" }),
      );
      expect(quiet.errors).toEqual([]);
      expect(quiet.log.join("\n")).not.toContain("Setting up unattended-upgrades");
    } finally {
      delete az.scenario.customizers[0];
    }
  });
});
