import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startLocalAzure, type LocalAzure } from "../../local-azure/harness.js";
import {
  FAST_POLL,
  armGet,
  blobServiceClient,
  expectConformant,
  imageBuilderClient,
  linuxTemplate,
  takeRequestViolations,
} from "../../local-azure/sdk-clients.js";

describe("image template lifecycle through the real SDK clients", () => {
  let az: LocalAzure;
  beforeAll(async () => {
    az = await startLocalAzure();
  });
  afterAll(async () => {
    await az?.stop();
  });
  afterEach(() => expectConformant(az));

  it("creates, runs, reports run outputs and deletes a template, with the log in the staging account", async () => {
    const client = imageBuilderClient(az);
    const rg = az.defaults.resourceGroup;
    const created = await (
      await client.virtualMachineImageTemplates.beginCreateOrUpdate(
        rg,
        "lifecycle",
        linuxTemplate(az, [{ type: "Shell", name: "hello", inline: ["echo hello"] }], {
          distribute: [
            {
              type: "SharedImage",
              galleryImageId: az.defaults.galleryImageId,
              runOutputName: "gallery",
              targetRegions: [{ name: "westus2" }],
              versioning: { scheme: "Latest", major: 3 },
            },
            {
              type: "ManagedImage",
              imageId: `/subscriptions/${az.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Compute/images/img1`,
              location: "westus2",
              runOutputName: "managed",
            },
            { type: "VHD", runOutputName: "vhd" },
          ],
        }),
        FAST_POLL,
      )
    ).pollUntilDone();
    expect(created.provisioningState).toBe("Succeeded");
    expect(created.exactStagingResourceGroup).toMatch(
      new RegExp(
        `^/subscriptions/${az.subscriptionId}/resourceGroups/IT_${rg}_lifecycle_[0-9a-f-]{36}$`,
      ),
    );

    // The staging group holds a storage account, discovered through ARM like in any custom cloud.
    const stagingRg = created.exactStagingResourceGroup!.split("/")[4]!;
    const accounts = await armGet(
      az,
      client,
      `${az.armEndpoint}/subscriptions/${az.subscriptionId}/resourceGroups/${stagingRg}/providers/Microsoft.Storage/storageAccounts?api-version=2023-05-01`,
    );
    const [account] = (
      accounts.json as {
        value: Array<{ name: string; properties: { primaryEndpoints: { blob: string } } }>;
      }
    ).value;
    expect(account!.properties.primaryEndpoints.blob).toBe(`${az.storageOrigin}/${account!.name}/`);

    const states: string[] = [];
    const poller = await client.virtualMachineImageTemplates.beginRun(rg, "lifecycle", FAST_POLL);
    const watching = (async () => {
      while (!poller.isDone()) {
        const t = await client.virtualMachineImageTemplates.get(rg, "lifecycle");
        const s = `${t.lastRunStatus?.runState}/${t.lastRunStatus?.runSubState}`;
        if (states[states.length - 1] !== s) states.push(s);
        await new Promise((r) => setTimeout(r, 15));
      }
    })();
    await poller.pollUntilDone();
    await watching;
    expect(states).toEqual(
      expect.arrayContaining([
        "Running/Queued",
        "Running/Building",
        "Running/Customizing",
        "Running/Distributing",
      ]),
    );
    const done = await client.virtualMachineImageTemplates.get(rg, "lifecycle");
    expect(done.lastRunStatus).toMatchObject({ runState: "Succeeded", message: "" });

    const outputs = [];
    for await (const o of client.virtualMachineImageTemplates.listRunOutputs(rg, "lifecycle"))
      outputs.push(o);
    expect(outputs.map((o) => [o.name, o.provisioningState])).toEqual([
      ["gallery", "Succeeded"],
      ["managed", "Succeeded"],
      ["vhd", "Succeeded"],
    ]);
    expect(outputs[0]!.artifactId).toBe(`${az.defaults.galleryImageId}/versions/3.0.1`);
    expect(outputs[1]!.artifactId).toMatch(/\/Microsoft\.Compute\/images\/img1$/);
    const one = await client.virtualMachineImageTemplates.getRunOutput(rg, "lifecycle", "vhd");
    expect(one.artifactUri).toMatch(
      new RegExp(`^${az.storageOrigin}/${account!.name}/vhds/lifecycle-[0-9a-f]{8}\\.vhd$`),
    );

    // The gallery version the run produced is readable through ARM.
    const version = await armGet(
      az,
      client,
      `${az.armEndpoint}${outputs[0]!.artifactId}?api-version=2023-07-03`,
    );
    expect(version.status).toBe(200);

    // customization.log, read with an OAuth token from the staging account via @azure/storage-blob.
    const blobs = blobServiceClient(az, `${az.storageOrigin}/${account!.name}`);
    const logs = [];
    for await (const b of blobs.getContainerClient("packerlogs").listBlobsFlat()) logs.push(b.name);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^[0-9a-f-]{36}\/customization\.log$/);
    const text = (
      await blobs.getContainerClient("packerlogs").getBlobClient(logs[0]!).downloadToBuffer()
    ).toString("utf8");
    const opId = /^\[([0-9a-f-]{36})\] /.exec(text)?.[1];
    expect(opId).toBeDefined();
    expect(
      text
        .split("\n")
        .filter(Boolean)
        .every((l) => l.startsWith(`[${opId}] `)),
    ).toBe(true);
    expect(text).toContain("PACKER ERR");
    expect(text).toMatch(
      /\(telemetry\) Starting provisioner shell\n.*Provisioning with shell script: .*\n.*azure-arm: \+ echo hello\n.*\(telemetry\) ending shell/,
    );
    expect(text).toContain("waagent -force -deprovision+user");
    expect(text).toMatch(/PACKER OUT Build 'azure-arm' finished after/);
    expect(text).toContain("Finalizing");

    await (
      await client.virtualMachineImageTemplates.beginDelete(rg, "lifecycle", FAST_POLL)
    ).pollUntilDone();
    await expect(client.virtualMachineImageTemplates.get(rg, "lifecycle")).rejects.toMatchObject({
      statusCode: 404,
      code: "ResourceNotFound",
    });
    const gone = await armGet(
      az,
      client,
      `${az.armEndpoint}/subscriptions/${az.subscriptionId}/resourceGroups/${stagingRg}?api-version=2021-04-01`,
    );
    expect(gone.status).toBe(404);
  });

  it("refuses a changed re-PUT with 409 and accepts an identical one", async () => {
    const client = imageBuilderClient(az);
    const rg = az.defaults.resourceGroup;
    const body = linuxTemplate(az, [{ type: "Shell", name: "a", inline: ["true"] }]);
    await (
      await client.virtualMachineImageTemplates.beginCreateOrUpdate(rg, "reput", body, FAST_POLL)
    ).pollUntilDone();
    const same = await (
      await client.virtualMachineImageTemplates.beginCreateOrUpdate(rg, "reput", body, FAST_POLL)
    ).pollUntilDone();
    expect(same.provisioningState).toBe("Succeeded");
    const changed = { ...body, customize: [{ type: "Shell", name: "a", inline: ["false"] }] };
    const err = await client.virtualMachineImageTemplates
      .beginCreateOrUpdate(rg, "reput", changed, FAST_POLL)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 409, code: "Conflict" });
    expect((err as Error).message).toContain(
      "Update/Upgrade of image templates is currently not supported",
    );
  });

  it("validates bodies: enums are case-sensitive and errors use ARM's shape", async () => {
    const client = imageBuilderClient(az);
    const body = linuxTemplate(az, [{ type: "shell", name: "lower-case type", inline: ["true"] }]);
    const err = await client.virtualMachineImageTemplates
      .beginCreateOrUpdate(az.defaults.resourceGroup, "badenum", body)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 400, code: "InvalidRequestContent" });
    expect(
      JSON.stringify((err as { details?: unknown }).details ?? (err as Error).message),
    ).toMatch(/customize\/0\/type|allowed values/);
    expect(takeRequestViolations(az).map((v) => v.operationId)).toEqual([
      "VirtualMachineImageTemplates_CreateOrUpdate",
    ]);
    expect(az.imageTemplate(az.defaults.resourceGroup, "badenum")).toBeUndefined();
  });

  it("answers ARM's 401 without a valid bearer token", async () => {
    const url = `${az.armEndpoint}/subscriptions/${az.subscriptionId}/resourceGroups/${az.defaults.resourceGroup}/providers/Microsoft.VirtualMachineImages/imageTemplates?api-version=2025-10-01`;
    const { request } = await import("node:https");
    const call = (headers: Record<string, string>) =>
      new Promise<{ status: number; body: string; challenge?: string }>((resolve, reject) => {
        const req = request(url, { ca: az.caCertPem, headers }, (res) => {
          let body = "";
          res.on("data", (c: Buffer) => (body += c.toString()));
          res.on("end", () =>
            resolve({
              status: res.statusCode!,
              body,
              challenge: res.headers["www-authenticate"],
            }),
          );
        });
        req.on("error", reject);
        req.end();
      });
    const missing = await call({});
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toEqual({
      error: {
        code: "AuthenticationFailed",
        message: "Authentication failed. The 'Authorization' header is missing.",
      },
    });
    expect(missing.challenge).toContain(`authorization_uri="${az.authorityHost}/${az.tenantId}"`);
    const forged = await call({
      Authorization: "Bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln",
    });
    expect(JSON.parse(forged.body).error.code).toBe("InvalidAuthenticationToken");
    expect(az.requestLog.filter((r) => r.surface === "arm" && r.status === 401)).toHaveLength(2);
  });
});
