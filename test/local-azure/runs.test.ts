import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { BlobSASPermissions, generateBlobSASQueryParameters } from "@azure/storage-blob";
import { createHash } from "node:crypto";
import { startLocalAzure, type LocalAzure } from "../../local-azure/harness.js";
import {
  FAST_POLL,
  armGet,
  blobServiceClient,
  expectConformant,
  imageBuilderClient,
  linuxTemplate,
} from "../../local-azure/sdk-clients.js";

describe("runs: failures, cancel, downloads", () => {
  let az: LocalAzure;
  let n = 0;
  beforeAll(async () => {
    az = await startLocalAzure();
  });
  afterAll(async () => {
    await az?.stop();
  });
  afterEach(() => {
    az.scenario.customizers = {};
    az.scenario.faults = [];
    az.scenario.timeline.customizerMs = 150;
    az.scenario.timeline.cancelMs = 30_000;
    expectConformant(az);
  });

  async function create(
    customize: unknown[],
    extra: Record<string, unknown> = {},
  ): Promise<string> {
    const name = `run-${++n}`;
    await (
      await imageBuilderClient(az).virtualMachineImageTemplates.beginCreateOrUpdate(
        az.defaults.resourceGroup,
        name,
        linuxTemplate(az, customize, extra),
        FAST_POLL,
      )
    ).pollUntilDone();
    return name;
  }

  async function runToEnd(name: string): Promise<unknown> {
    const poller = await imageBuilderClient(az).virtualMachineImageTemplates.beginRun(
      az.defaults.resourceGroup,
      name,
      FAST_POLL,
    );
    return poller.pollUntilDone().then(
      () => undefined,
      (e: unknown) => e,
    );
  }

  /** Uploads a script with the user's own OAuth identity and returns its plain URL. */
  async function stage(name: string, content: string): Promise<string> {
    const container = blobServiceClient(
      az,
      `${az.storageOrigin}/${az.defaults.storageAccount}`,
    ).getContainerClient(az.defaults.container);
    await container.getBlockBlobClient(name).upload(content, Buffer.byteLength(content));
    return container.getBlockBlobClient(name).url;
  }

  /** A user-delegation SAS: key over OAuth, no account key anywhere. */
  async function sas(url: string, expiresInMs: number, permissions = "r"): Promise<string> {
    const service = blobServiceClient(az, `${az.storageOrigin}/${az.defaults.storageAccount}`);
    const startsOn = new Date(Date.now() - 60_000);
    const expiresOn = new Date(Date.now() + expiresInMs);
    const key = await service.getUserDelegationKey(startsOn, new Date(Date.now() + 3600_000));
    const blobName = decodeURIComponent(new URL(url).pathname.split("/").slice(3).join("/"));
    const q = generateBlobSASQueryParameters(
      // storage-blob 12.32 signs sv=2026-04-06 by default, a string-to-sign Azurite 3.35 cannot check yet.
      {
        containerName: az.defaults.container,
        blobName,
        permissions: BlobSASPermissions.parse(permissions),
        startsOn,
        expiresOn,
        version: "2025-11-05",
      },
      key,
      az.defaults.storageAccount,
    );
    return `${url}?${q.toString()}`;
  }

  it("publishes the distributor's artifactTags on the gallery image version, as Image Builder does", async () => {
    const name = `run-${++n}`;
    const template = linuxTemplate(az, [{ type: "Shell", name: "hi", inline: ["echo hi"] }]);
    template.distribute[0].galleryImageId = `${az.defaults.galleryImageId}/versions/7.1.${n}`;
    template.distribute[0].artifactTags = { "bake.fingerprint": "abc123", team: "platform" };
    await (
      await imageBuilderClient(az).virtualMachineImageTemplates.beginCreateOrUpdate(
        az.defaults.resourceGroup,
        name,
        template,
        FAST_POLL,
      )
    ).pollUntilDone();
    expect(await runToEnd(name)).toBeUndefined();
    const version = await armGet(
      az,
      imageBuilderClient(az),
      `${az.armEndpoint}${az.defaults.galleryImageId}/versions/7.1.${n}?api-version=2024-03-03`,
    );
    expect((version.json as { tags?: Record<string, string> }).tags).toEqual({
      "bake.fingerprint": "abc123",
      team: "platform",
    });
  });

  it("fails a run when customizer 2 exits non-zero, with the service's message and log", async () => {
    az.scenario.customizers[1] = {
      exitCode: 3,
      output: ["installing nginx"],
      errorOutput: ["E: Unable to locate package nginx-full"],
    };
    const name = await create([
      { type: "Shell", name: "ok", inline: ["echo ok"] },
      { type: "Shell", name: "breaks", inline: ["apt-get install nginx-full"] },
      { type: "Shell", name: "never", inline: ["echo never"] },
    ]);
    const err = await runToEnd(name);
    expect(err).toBeInstanceOf(Error);
    const t = await imageBuilderClient(az).virtualMachineImageTemplates.get(
      az.defaults.resourceGroup,
      name,
    );
    expect(t.lastRunStatus).toMatchObject({ runState: "Failed", runSubState: "Customizing" });
    const message = t.lastRunStatus!.message!;
    expect(message).toMatch(
      /^Failed in building\/customizing image: Failed while waiting for packerizer: .*Packer build command has failed: exit status 1\./,
    );
    const location =
      /Image Build log location: (https:\/\/\S+\/packerlogs\/([0-9a-f-]{36})\/customization\.log)\. OperationId: ([0-9a-f-]{36})\./.exec(
        message,
      );
    expect(location).not.toBeNull();
    const log = (await az.customizationLog(az.defaults.resourceGroup, name))!;
    expect(log.startsWith(`[${location![3]}] `)).toBe(true);
    expect(log).toContain("PACKER OUT     azure-arm: installing nginx");
    expect(log).toContain("PACKER OUT ==> azure-arm: E: Unable to locate package nginx-full");
    expect(log).toContain(
      "Script exited with non-zero exit status: 3. Allowed exit codes are: [0]",
    );
    expect(log).toMatch(
      /PACKER OUT Build 'azure-arm' errored after .*: Script exited with non-zero exit status: 3/,
    );
    expect(log).not.toContain("echo never");
    expect(log.match(/\(telemetry\) Starting provisioner shell/g)).toHaveLength(2);
    const outputs = [];
    for await (const o of imageBuilderClient(az).virtualMachineImageTemplates.listRunOutputs(
      az.defaults.resourceGroup,
      name,
    ))
      outputs.push(o);
    expect(outputs).toEqual([]);
  });

  it("runs PowerShell customizers with PowerShell-style errors", async () => {
    az.scenario.customizers[0] = {
      exitCode: 1,
      errorOutput: ["Install-WindowsFeature : The role was not found"],
    };
    const name = await create([
      { type: "PowerShell", name: "ps", inline: ["Install-WindowsFeature Web-Foo"] },
    ]);
    await runToEnd(name);
    const log = (await az.customizationLog(az.defaults.resourceGroup, name))!;
    expect(log).toMatch(
      /Provisioning with powershell script: C:\\Windows\\Temp\\script-[0-9a-f-]+\.ps1/,
    );
    expect(log).toContain("+ CategoryInfo          : NotSpecified");
    expect(log).toContain("(telemetry) ending powershell");
  });

  it("cancels a running build: Canceling, then Canceled", async () => {
    az.scenario.timeline.customizerMs = 2000;
    az.scenario.timeline.cancelMs = 300;
    const name = await create([{ type: "Shell", name: "slow", inline: ["sleep 600"] }]);
    const client = imageBuilderClient(az);
    const run = await client.virtualMachineImageTemplates.beginRun(
      az.defaults.resourceGroup,
      name,
      FAST_POLL,
    );
    const ended = run.pollUntilDone().then(
      () => "succeeded",
      () => "failed",
    );
    while (
      (await client.virtualMachineImageTemplates.get(az.defaults.resourceGroup, name)).lastRunStatus
        ?.runSubState !== "Customizing"
    ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    // A second run while this one is in progress is refused.
    await expect(
      client.virtualMachineImageTemplates.beginRun(az.defaults.resourceGroup, name, FAST_POLL),
    ).rejects.toMatchObject({ statusCode: 409 });
    const cancel = await client.virtualMachineImageTemplates.beginCancel(
      az.defaults.resourceGroup,
      name,
      FAST_POLL,
    );
    expect(
      (await client.virtualMachineImageTemplates.get(az.defaults.resourceGroup, name)).lastRunStatus
        ?.runState,
    ).toBe("Canceling");
    await cancel.pollUntilDone();
    expect(await ended).toBe("failed");
    const t = await client.virtualMachineImageTemplates.get(az.defaults.resourceGroup, name);
    expect(t.lastRunStatus?.runState).toBe("Canceled");
    expect(await az.customizationLog(az.defaults.resourceGroup, name)).toContain(
      "Build was cancelled.",
    );
    expect(
      az.requestLog.some(
        (r) => r.operationId === "VirtualMachineImageTemplates_Cancel" && r.status === 202,
      ),
    ).toBe(true);
    // Nothing to cancel any more.
    await expect(
      client.virtualMachineImageTemplates.beginCancel(az.defaults.resourceGroup, name, FAST_POLL),
    ).rejects.toMatchObject({ statusCode: 409 });
  });

  it("downloads a script through a valid SAS and checks sha256Checksum", async () => {
    const script = "#!/bin/bash\necho staged\n";
    const url = await sas(await stage("ok/setup.sh", script), 3600_000);
    const sha = createHash("sha256").update(script).digest("hex");
    const name = await create([
      { type: "Shell", name: "staged", scriptUri: url, sha256Checksum: sha },
    ]);
    expect(await runToEnd(name)).toBeUndefined();
    const fetches = az.serviceRequestLog.filter(
      (r) => r.path.endsWith("/ok/setup.sh") && r.method === "GET",
    );
    expect(fetches.map((f) => [f.auth, f.status])).toEqual([["userDelegationSas", 200]]);
    const log = (await az.customizationLog(az.defaults.resourceGroup, name))!;
    expect(log).toContain(`Downloading external file (${url.split("?")[0]})`);
    expect(log).not.toContain("sig=");
    // The product side never touched an account key.
    expect(
      az.requestLog.filter(
        (r) => r.surface === "storage" && (r.auth === "sharedKey" || r.auth === "accountSas"),
      ),
    ).toEqual([]);
  });

  it("fails the run when the SAS has expired, is forged, or the checksum differs", async () => {
    const plain = await stage("bad/setup.sh", "echo hi\n");
    const expired = await sas(plain, -1000);
    const forged = (await sas(plain, 3600_000)).replace(/sig=[^&]+/, "sig=AAAA");
    for (const [uri, expected] of [
      [expired, /403 (AuthenticationFailed|AuthorizationFailure)/],
      [forged, /403 (AuthenticationFailed|AuthorizationFailure)/],
    ] as const) {
      const name = await create([{ type: "Shell", name: "dl", scriptUri: uri }]);
      await runToEnd(name);
      const t = az.imageTemplate(az.defaults.resourceGroup, name)!;
      expect(t.lastRunStatus).toMatchObject({ runState: "Failed", runSubState: "Building" });
      expect(t.lastRunStatus!.message).toMatch(expected);
      expect(t.lastRunStatus!.message).toContain("Image Build log location: ");
      expect(t.lastRunStatus!.message).not.toContain("sig=");
    }
    const name = await create([
      {
        type: "Shell",
        name: "dl",
        scriptUri: await sas(plain, 3600_000),
        sha256Checksum: "0".repeat(64),
      },
    ]);
    await runToEnd(name);
    expect(az.imageTemplate(az.defaults.resourceGroup, name)!.lastRunStatus!.message).toMatch(
      /sha256Checksum .* does not match/,
    );
  });

  it("fetches a plain blob URI only when the template's identity was granted read on the container", async () => {
    const plain = await stage("identity/setup.sh", "echo via identity\n");
    const denied = await create([{ type: "Shell", name: "dl", scriptUri: plain }]);
    await runToEnd(denied);
    expect(az.imageTemplate(az.defaults.resourceGroup, denied)!.lastRunStatus!.message).toMatch(
      /403 AuthorizationPermissionMismatch/,
    );

    az.seed.grantBlobRead(
      az.defaults.identityId,
      az.defaults.storageAccount,
      az.defaults.container,
    );
    const allowed = await create([{ type: "Shell", name: "dl", scriptUri: plain }]);
    expect(await runToEnd(allowed)).toBeUndefined();
    const fetch = az.serviceRequestLog.filter(
      (r) => r.path.endsWith("/identity/setup.sh") && r.status === 200,
    );
    expect(fetch.map((f) => f.auth)).toEqual(["bearer"]);
  });

  it("answers a retried POST run (first answer lost to a 500) the way ARM does: the run is already in progress", async () => {
    az.scenario.timeline.customizerMs = 1000;
    const name = await create([{ type: "Shell", name: "x", inline: ["true"] }]);
    az.scenario.faults.push({
      name: "lost run answer",
      target: "arm",
      method: "POST",
      path: /\/run$/,
      status: 500,
      afterHandling: true,
      count: 1,
    });
    const err = await imageBuilderClient(az)
      .virtualMachineImageTemplates.beginRun(az.defaults.resourceGroup, name, FAST_POLL)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 409 });
    const posts = az.requestLog.filter(
      (r) => r.method === "POST" && r.path.endsWith(`/${name}/run`),
    );
    expect(posts.map((p) => [p.status, p.fault])).toEqual([
      [500, "lost run answer"],
      [409, undefined],
    ]);
    expect(az.imageTemplate(az.defaults.resourceGroup, name)!.lastRunStatus!.runState).toBe(
      "Running",
    );
    await az.runFinished(az.defaults.resourceGroup, name);
  });
});
