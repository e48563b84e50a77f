/**
 * What the reliability report and the secret scan read from the emulator: runs that actually
 * started per template (a refused second POST run is not one), templates that outlive their
 * deletion in the history, short-lived federated assertions, and every secret it issued.
 */
import { afterAll, beforeAll, expect, it } from "@jest/globals";
import { request } from "node:https";
import { decodeJwt } from "../../local-azure/jwt.js";
import { startLocalAzure, type LocalAzure } from "../../local-azure/harness.js";
import { FAST_POLL, imageBuilderClient, linuxTemplate } from "../../local-azure/sdk-clients.js";

let az: LocalAzure;
beforeAll(async () => {
  az = await startLocalAzure({ oidcTokenLifetimeSeconds: 7 });
});
afterAll(async () => {
  await az?.stop();
});

it("counts the runs that started, not a POST run the service refused, and keeps deleted templates", async () => {
  const client = imageBuilderClient(az).virtualMachineImageTemplates;
  const rg = az.defaults.resourceGroup;
  await (
    await client.beginCreateOrUpdate(rg, "knobs-1", linuxTemplate(az, []), FAST_POLL)
  ).pollUntilDone();
  az.scenario.timeline.queuedMs = 2_000;
  az.scenario.timeline.cancelMs = 300;
  await client.beginRun(rg, "knobs-1", FAST_POLL);
  // A second POST while the first run is going on: 409, no run.
  await expect(client.beginRun(rg, "knobs-1", FAST_POLL)).rejects.toMatchObject({
    statusCode: 409,
  });
  const entry = () => az.templateHistory().find((h) => h.template.name === "knobs-1");
  expect(entry()?.runsStarted).toBe(1);
  expect(az.liveTemplates().map((t) => t.name)).toContain("knobs-1");
  await client.beginCancel(rg, "knobs-1", FAST_POLL).then((p) => p.pollUntilDone());
  await az.runFinished(rg, "knobs-1");
  await (await client.beginDelete(rg, "knobs-1", FAST_POLL)).pollUntilDone();
  expect(az.liveTemplates().map((t) => t.name)).not.toContain("knobs-1");
  expect(entry()?.runsStarted).toBe(1);
  expect(entry()?.template.lastRunStatus?.runState).toBe("Canceled");
});

function getJson(url: string, token: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { headers: { Authorization: `Bearer ${token}` }, ca: az.caCertPem },
      (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve(JSON.parse(body) as Record<string, unknown>));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

it("issues federated assertions with the scenario's lifetime, and knows every secret it issued", async () => {
  const url = `${az.github.requestUrl}&audience=${encodeURIComponent(az.github.audience)}`;
  const { value } = (await getJson(url, az.github.requestToken)) as { value: string };
  const claims = decodeJwt(value)!.payload;
  expect(claims.exp! - claims.iat!).toBe(7);
  const secrets = az.issuedSecrets();
  expect(secrets).toContain(value);
  expect(secrets).toContain(az.servicePrincipal.clientSecret);
  expect(secrets).toContain(az.github.requestToken);
  expect(secrets).toContain(az.ado.accessToken);
  expect(secrets.some((s) => s.includes("PRIVATE KEY"))).toBe(true);
});
