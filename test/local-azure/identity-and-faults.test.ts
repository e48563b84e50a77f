import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import {
  ClientAssertionCredential,
  ClientSecretCredential,
  WorkloadIdentityCredential,
} from "@azure/identity";
import type { TokenCredential } from "@azure/core-auth";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { decodeJwt } from "../../local-azure/jwt.js";
import { startLocalAzure, type LocalAzure } from "../../local-azure/harness.js";
import {
  FAST_POLL,
  blobServiceClient,
  expectConformant,
  imageBuilderClient,
  secretCredential,
} from "../../local-azure/sdk-clients.js";

async function fetchJson(
  az: LocalAzure,
  url: string,
  init: { method?: string; headers: Record<string, string> },
): Promise<any> {
  const { request } = await import("node:https");
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: init.method ?? "GET", headers: init.headers, ca: az.caCertPem },
      (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve(JSON.parse(body)));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("Entra ID, federated sources and faults", () => {
  let az: LocalAzure;
  beforeAll(async () => {
    az = await startLocalAzure();
  });
  afterAll(async () => {
    await az?.stop();
  });
  afterEach(() => {
    az.scenario.faults = [];
    expectConformant(az);
  });

  const list = async (credential: TokenCredential | undefined) => {
    const out = [];
    for await (const t of imageBuilderClient(
      az,
      credential,
    ).virtualMachineImageTemplates.listByResourceGroup(az.defaults.resourceGroup))
      out.push(t);
    return out;
  };

  it("issues JWTs whose claims ARM and Azurite accept", async () => {
    const cred = new ClientSecretCredential(
      az.tenantId,
      az.servicePrincipal.clientId,
      az.servicePrincipal.clientSecret,
      { authorityHost: az.authorityHost, disableInstanceDiscovery: true, ...az.clientOptions },
    );
    const arm = decodeJwt((await cred.getToken(`${az.armAudience}/.default`)).token)!.payload;
    expect(arm).toMatchObject({
      iss: `https://sts.windows.net/${az.tenantId}/`,
      aud: az.armAudience,
      tid: az.tenantId,
      oid: az.servicePrincipal.objectId,
    });
    expect(typeof arm.nbf).toBe("number");
    const storage = decodeJwt(
      (await cred.getToken("https://storage.azure.com/.default")).token,
    )!.payload;
    expect(storage.aud).toBe("https://storage.azure.com");
    expect(await list(cred)).toEqual([]);
    const containers = [];
    for await (const c of blobServiceClient(
      az,
      `${az.storageOrigin}/${az.defaults.storageAccount}`,
      cred,
    ).listContainers())
      containers.push(c.name);
    expect(containers).toContain(az.defaults.container);
  });

  it("names Resource Manager's audience as Azure Stack Hub does, and holds tokens to it", async () => {
    expect(new URL(az.armAudience).origin).not.toBe(az.armEndpoint);
    expect(
      await fetchJson(az, `${az.armEndpoint}/metadata/endpoints?api-version=2015-01-01`, {
        headers: {},
      }),
    ).toMatchObject({
      authentication: { loginEndpoint: `${az.authorityHost}/`, audiences: [az.armAudience] },
    });
    const cred = secretCredential(az);
    // Entra has no resource principal named by the endpoint's URL.
    await expect(cred.getToken(`${az.armEndpoint}/.default`)).rejects.toThrow(
      /AADSTS500011: The resource principal named https:\/\/127\.0\.0\.1:\d+ was not found/,
    );
    // A token Entra issues for another resource is refused by Resource Manager, in its words.
    const storageToken = (await cred.getToken("https://storage.azure.com/.default")).token;
    expect(
      await fetchJson(
        az,
        `${az.armEndpoint}/subscriptions/${az.subscriptionId}/resourcegroups?api-version=2021-04-01`,
        { headers: { authorization: `Bearer ${storageToken}` } },
      ),
    ).toEqual({
      error: {
        code: "InvalidAuthenticationTokenAudience",
        message: `The access token has been obtained for wrong audience or resource 'https://storage.azure.com'. It should exactly match with one of the allowed audiences '${az.armAudience}'.`,
      },
    });
  });

  it("refuses a wrong secret and an unknown client with Entra's error shape", async () => {
    const wrong = new ClientSecretCredential(az.tenantId, az.servicePrincipal.clientId, "nope", {
      authorityHost: az.authorityHost,
      disableInstanceDiscovery: true,
      ...az.clientOptions,
    });
    await expect(wrong.getToken(`${az.armAudience}/.default`)).rejects.toThrow(/AADSTS7000215/);
    const unknown = new ClientSecretCredential(
      az.tenantId,
      "00000000-0000-0000-0000-000000000001",
      "x",
      { authorityHost: az.authorityHost, disableInstanceDiscovery: true, ...az.clientOptions },
    );
    await expect(unknown.getToken(`${az.armAudience}/.default`)).rejects.toThrow(/AADSTS700016/);
    const tokenCalls = az.requestLog.filter(
      (r) => r.surface === "entra" && r.path.endsWith("/token") && r.status === 400,
    );
    expect(tokenCalls.length).toBeGreaterThanOrEqual(2);
  });

  it("runs GitHub's OIDC flow end to end (ClientAssertionCredential)", async () => {
    const cred = new ClientAssertionCredential(
      az.tenantId,
      az.github.clientId,
      async () => {
        const url = `${az.env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=${encodeURIComponent(az.github.audience)}`;
        const body = await fetchJson(az, url, {
          headers: { Authorization: `Bearer ${az.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
        });
        return body.value as string;
      },
      { authorityHost: az.authorityHost, disableInstanceDiscovery: true, ...az.clientOptions },
    );
    expect(await list(cred)).toEqual([]);
    const refused = new ClientAssertionCredential(
      az.tenantId,
      az.github.clientId,
      async () => {
        const body = await fetchJson(
          az,
          `${az.env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=wrong-audience`,
          { headers: { Authorization: `Bearer ${az.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` } },
        );
        return body.value as string;
      },
      { authorityHost: az.authorityHost, disableInstanceDiscovery: true, ...az.clientOptions },
    );
    await expect(refused.getToken(`${az.armAudience}/.default`)).rejects.toThrow(/AADSTS70021/);
  });

  it("runs Azure DevOps' OIDC flow end to end (WorkloadIdentityCredential with a token file)", async () => {
    const url = `${az.env.SYSTEM_OIDCREQUESTURI}?api-version=7.1&serviceConnectionId=${az.ado.serviceConnectionId}`;
    const { oidcToken } = await fetchJson(az, url, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${az.env.SYSTEM_ACCESSTOKEN}`,
        "Content-Type": "application/json",
      },
    });
    expect(decodeJwt(oidcToken)!.payload).toMatchObject({
      iss: az.ado.issuer,
      sub: az.ado.subject,
      aud: "api://AzureADTokenExchange",
    });
    const dir = mkdtempSync(path.join(os.tmpdir(), "ado-oidc-"));
    try {
      const tokenFile = path.join(dir, "token");
      writeFileSync(tokenFile, oidcToken);
      const cred = new WorkloadIdentityCredential({
        tenantId: az.tenantId,
        clientId: az.ado.clientId,
        tokenFilePath: tokenFile,
        authorityHost: az.authorityHost,
        disableInstanceDiscovery: true,
        ...az.clientOptions,
      });
      expect(await list(cred)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("throttles with a 429 burst and Retry-After, which the SDK waits out", async () => {
    az.scenario.faults.push({
      name: "throttle",
      target: "arm",
      method: "GET",
      path: "/imageTemplates",
      status: 429,
      retryAfterSeconds: 0,
      count: 2,
    });
    expect(await list(undefined)).toEqual([]);
    const gets = az.requestLog.filter(
      (r) => r.operationId === "VirtualMachineImageTemplates_ListByResourceGroup",
    );
    expect(gets.slice(-3).map((g) => g.status)).toEqual([429, 429, 200]);
  });

  it("resets connections and serves 5xx from storage, which the storage SDK retries", async () => {
    az.scenario.faults.push({
      name: "reset",
      target: "arm",
      path: "/imageTemplates",
      reset: true,
      count: 1,
    });
    expect(await list(undefined)).toEqual([]);
    expect(az.requestLog.some((r) => r.fault === "reset" && r.status === 0)).toBe(true);
    az.scenario.faults.push({
      name: "busy",
      target: "storage",
      method: "GET",
      status: 503,
      retryAfterSeconds: 0,
      count: 1,
    });
    const blob = new (await import("@azure/storage-blob")).BlobServiceClient(
      `${az.storageOrigin}/${az.defaults.storageAccount}`,
      new ClientSecretCredential(
        az.tenantId,
        az.servicePrincipal.clientId,
        az.servicePrincipal.clientSecret,
        { authorityHost: az.authorityHost, disableInstanceDiscovery: true, ...az.clientOptions },
      ),
      { ...az.clientOptions, retryOptions: { maxTries: 3, retryDelayInMs: 10 } },
    );
    const props = await blob.getProperties();
    expect(props).toBeDefined();
    const storage = az.requestLog.filter((r) => r.surface === "storage");
    expect(storage.map((r) => r.status)).toEqual(expect.arrayContaining([503, 200]));
  });

  it.each([
    { lost: "a 503", fault: { status: 503 }, seen: { statusCode: 503, code: "ServerBusy" } },
    { lost: "a reset", fault: { reset: true }, seen: { code: "ECONNRESET" } },
  ])(
    "loses storage's answer with $lost after the write happened (afterHandling)",
    async ({ lost, fault, seen }) => {
      const name = `lost-${lost.replace(/\W/g, "")}.txt`;
      az.scenario.faults.push({
        name: "answer-lost",
        target: "storage",
        method: "PUT",
        path: name,
        afterHandling: true,
        count: 1,
        ...fault,
      });
      const container = blobServiceClient(
        az,
        `${az.storageOrigin}/${az.defaults.storageAccount}`,
      ).getContainerClient(az.defaults.container);
      await expect(container.getBlockBlobClient(name).upload("written", 7)).rejects.toMatchObject(
        seen,
      );
      const stored = await container.getBlockBlobClient(name).downloadToBuffer();
      expect(stored.toString()).toBe("written");
      const puts = az.requestLog.filter((r) => r.method === "PUT" && r.path.endsWith(name));
      expect(puts.map((r) => r.fault)).toEqual(["answer-lost"]);
    },
  );

  it("expires tokens mid-run: ARM answers 401 ExpiredAuthenticationToken, and a fresh token works", async () => {
    const cred = new ClientSecretCredential(
      az.tenantId,
      az.servicePrincipal.clientId,
      az.servicePrincipal.clientSecret,
      { authorityHost: az.authorityHost, disableInstanceDiscovery: true, ...az.clientOptions },
    );
    const client = imageBuilderClient(az, cred);
    await client.virtualMachineImageTemplates
      .get(az.defaults.resourceGroup, "none")
      .catch(() => undefined);
    az.expireTokens();
    await expect(
      client.virtualMachineImageTemplates.get(az.defaults.resourceGroup, "none"),
    ).rejects.toMatchObject({ statusCode: 401, code: "ExpiredAuthenticationToken" });
    await new Promise((r) => setTimeout(r, 1100));
    const fresh = imageBuilderClient(az);
    await expect(
      fresh.virtualMachineImageTemplates.get(az.defaults.resourceGroup, "none"),
    ).rejects.toMatchObject({ statusCode: 404 });
  });

  it("slows long-running operations down on request", async () => {
    az.scenario.timeline.provisionMs = 400;
    az.scenario.faults.push({ name: "slow", target: "arm", path: "/operations/", latencyMs: 50 });
    const started = Date.now();
    const client = imageBuilderClient(az);
    await (
      await client.virtualMachineImageTemplates.beginCreateOrUpdate(
        az.defaults.resourceGroup,
        "slow",
        {
          location: az.location,
          identity: {
            type: "UserAssigned",
            userAssignedIdentities: { [az.defaults.identityId]: {} },
          },
          source: {
            type: "PlatformImage",
            publisher: "canonical",
            offer: "ubuntu-24_04-lts",
            sku: "server",
            version: "latest",
          },
          distribute: [
            {
              type: "ManagedImage",
              imageId: `/subscriptions/${az.subscriptionId}/resourceGroups/rg/providers/Microsoft.Compute/images/x`,
              location: "westus2",
              runOutputName: "m",
            },
          ],
        } as any,
        FAST_POLL,
      )
    ).pollUntilDone();
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(az.requestLog.filter((r) => r.fault === "slow").length).toBeGreaterThan(1);
  });
});
