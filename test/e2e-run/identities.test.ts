import path from "node:path";
import { startLocalAzure, type LocalAzure } from "../../local-azure/harness.js";
import { expectConformant, imageBuilderClient } from "../../local-azure/sdk-clients.js";
import { ROOT, runStep, startStep } from "../../local-ci/ci-step.js";
import { CI_PATH } from "../../local-ci/run-bundle.js";
import { baseInputs, stepAgainst } from "../../local-ci/local-azure-step.js";

let az: LocalAzure;

beforeAll(async () => {
  az = await startLocalAzure({ templateGetRetryAfterMs: 100 });
});
afterAll(async () => {
  await az?.stop();
});
afterEach(() => expectConformant(az));

const tokenRequests = (since: number, pattern: RegExp) =>
  az.requestLog.slice(since).filter((r) => pattern.test(r.path));

describe("signing in", () => {
  test("GitHub without client-id uses the az session an azure/login step left", async () => {
    const since = az.requestLog.length;
    const env: Record<string, string> = { ...az.env };
    // No service principal in the environment: only the az session is left to sign in with.
    for (const k of [
      "AZURE_CLIENT_ID",
      "AZURE_CLIENT_SECRET",
      "AZURE_TENANT_ID",
      "ACTIONS_ID_TOKEN_REQUEST_URL",
      "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
    ])
      delete env[k];
    Object.assign(env, {
      PATH: `${path.join(ROOT, "test/e2e-run/fake-az")}:${CI_PATH}`,
      FAKE_AZ_AUTHORITY: az.authorityHost,
      FAKE_AZ_TENANT: az.tenantId,
      FAKE_AZ_CLIENT_ID: az.servicePrincipal.clientId,
      FAKE_AZ_CLIENT_SECRET: az.servicePrincipal.clientSecret,
      FAKE_AZ_SUBSCRIPTION: az.subscriptionId,
    });
    const options = stepAgainst(az, "github", { ...baseInputs(az), vhd: "true" });
    delete options.inputs["client-id"];
    delete options.inputs["tenant-id"];
    delete options.inputs["subscription-id"];
    const result = await runStep({
      ...options,
      env: { ...env, GITHUB_RUN_ID: options.env!.GITHUB_RUN_ID! },
    });
    expect(result.errors).toEqual([]);
    expect(result.outputs["run-status"]).toBe("Succeeded");
    expect(tokenRequests(since, /\/oauth2\/v2\.0\/token$/).length).toBeGreaterThan(0);
    expect(tokenRequests(since, /\/_github\/oidc/)).toEqual([]);
  });

  test("GitHub OIDC without `id-token: write` says which permission is missing", async () => {
    const options = stepAgainst(az, "github", { ...baseInputs(az), vhd: "true" });
    const env = { ...options.env };
    delete env.ACTIONS_ID_TOKEN_REQUEST_URL;
    delete env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    const result = await runStep({ ...options, env });
    expect(result.exitCode).not.toBe(0);
    expect(result.errors).toEqual([expect.stringContaining("permissions: id-token: write")]);
    expect(result.errors[0]).toContain("Input 'client-id'");
  });

  test("a build that outlives its first tokens gets new ones (GitHub OIDC asks GitHub again)", async () => {
    az.scenario.tokenLifetimeSeconds = 4;
    az.scenario.customizers[0] = { durationMs: 6_000 };
    try {
      const since = az.requestLog.length;
      const result = await runStep(stepAgainst(az, "github", { ...baseInputs(az), vhd: "true" }));
      expect(result.errors).toEqual([]);
      expect(result.outputs["run-status"]).toBe("Succeeded");
      const idTokens = tokenRequests(since, /\/_github\/oidc/);
      const lastIdToken = Math.max(...idTokens.map((r) => r.time));
      const firstArm = az.requestLog.slice(since).find((r) => r.surface === "arm")!.time;
      expect(lastIdToken - firstArm).toBeGreaterThan(3_000);
      expect(az.requestLog.slice(since).filter((r) => r.status === 401)).toEqual([]);
    } finally {
      az.scenario.tokenLifetimeSeconds = 3600;
      delete az.scenario.customizers[0];
    }
  });

  test("Azure Pipelines signs in through the service connection's workload identity federation", async () => {
    const since = az.requestLog.length;
    const result = await runStep(stepAgainst(az, "ado", { ...baseInputs(az), vhd: "true" }));
    expect(result.errors).toEqual([]);
    expect(tokenRequests(since, /\/_ado\/.*\/oidctoken/).length).toBeGreaterThan(0);
  });

  test("Azure Pipelines signs in with a service connection's service principal secret", async () => {
    const since = az.requestLog.length;
    const id = az.ado.serviceConnectionId;
    const options = stepAgainst(az, "ado", { ...baseInputs(az), vhd: "true" });
    const result = await runStep({
      ...options,
      env: {
        ...options.env,
        [`ENDPOINT_AUTH_SCHEME_${id}`]: "ServicePrincipal",
        [`ENDPOINT_AUTH_PARAMETER_${id}_AUTHENTICATIONTYPE`]: "spnKey",
        [`ENDPOINT_AUTH_PARAMETER_${id}_SERVICEPRINCIPALID`]: az.servicePrincipal.clientId,
        [`ENDPOINT_AUTH_PARAMETER_${id}_SERVICEPRINCIPALKEY`]: az.servicePrincipal.clientSecret,
      },
    });
    expect(result.errors).toEqual([]);
    expect(result.outputs["run-status"]).toBe("Succeeded");
    expect(tokenRequests(since, /\/_ado\/.*\/oidctoken/)).toEqual([]);
    expect(result.secrets).toContain(az.servicePrincipal.clientSecret);
    expect(result.log.join("\n")).not.toContain(az.servicePrincipal.clientSecret);
  });

  test("a wrong service principal secret fails with Entra ID's answer, naming the sign-in", async () => {
    const id = az.ado.serviceConnectionId;
    const options = stepAgainst(az, "ado", { ...baseInputs(az), vhd: "true" });
    const result = await runStep({
      ...options,
      env: {
        ...options.env,
        [`ENDPOINT_AUTH_SCHEME_${id}`]: "ServicePrincipal",
        [`ENDPOINT_AUTH_PARAMETER_${id}_AUTHENTICATIONTYPE`]: "spnKey",
        [`ENDPOINT_AUTH_PARAMETER_${id}_SERVICEPRINCIPALKEY`]: "not-the-secret",
      },
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^Could not sign in to Azure with the pipeline's identity: .*AADSTS\d+/,
      ),
    ]);
  });
});

describe("leftovers and clashes", () => {
  async function dryRunName(inputs: Record<string, string>, env: Record<string, string>) {
    const options = stepAgainst(az, "github", { ...inputs, "dry-run": "true" });
    const result = await runStep({ ...options, env: { ...options.env, ...env } });
    return result.outputs["template-name"]!;
  }

  test("a template of the same name that another run made is a clear error, and is left alone", async () => {
    const env = { GITHUB_RUN_ID: "777001" };
    const inputs = { ...baseInputs(az), vhd: "true" };
    const name = await dryRunName(inputs, env);
    const client = imageBuilderClient(az);
    await client.virtualMachineImageTemplates
      .createOrUpdate(
        az.defaults.resourceGroup,
        name,
        {
          location: az.location,
          tags: { owner: "someone-else" },
          identity: {
            type: "UserAssigned",
            userAssignedIdentities: { [az.defaults.identityId]: {} },
          },
          source: {
            type: "PlatformImage",
            publisher: "Canonical",
            offer: "ubuntu-24_04-lts",
            sku: "server",
            version: "latest",
          },
          distribute: [{ type: "VHD", runOutputName: "theirs" }],
        } as never,
        { updateIntervalInMs: 20 },
      )
      .pollUntilDone();
    const options = stepAgainst(az, "github", inputs);
    const result = await runStep({ ...options, env: { ...options.env, ...env } });
    expect(result.exitCode).not.toBe(0);
    expect(result.errors).toEqual([
      expect.stringContaining(
        `An image template named ${name} already exists in resource group ${az.defaults.resourceGroup} and was not made by this step of this run`,
      ),
    ]);
    expect(az.imageTemplate(az.defaults.resourceGroup, name)?.tags).toEqual({
      owner: "someone-else",
    });
  });

  test("a crashed earlier attempt's template is removed before this attempt builds", async () => {
    az.scenario.customizers[0] = { durationMs: 60_000 };
    const env = { GITHUB_RUN_ID: "777002" };
    const inputs = { ...baseInputs(az), vhd: "true" };
    const first = stepAgainst(az, "github", inputs);
    const crashed = startStep({ ...first, env: { ...first.env, ...env, GITHUB_RUN_ATTEMPT: "1" } });
    await crashed.waitForLine(/Running \/ Customizing$/);
    crashed.child.kill("SIGKILL");
    const crashedResult = await crashed.result;
    const crashedName = crashedResult.outputs["template-name"]!;
    expect(az.imageTemplate(az.defaults.resourceGroup, crashedName)).toBeDefined();
    delete az.scenario.customizers[0];

    const second = stepAgainst(az, "github", inputs);
    const result = await runStep({
      ...second,
      env: { ...second.env, ...env, GITHUB_RUN_ATTEMPT: "2" },
    });
    expect(result.errors).toEqual([]);
    expect(result.log).toContain(
      `Removing image template ${crashedName}, left by an interrupted earlier try of this step (attempt 1).`,
    );
    expect(result.outputs["template-name"]).not.toBe(crashedName);
    expect(az.imageTemplate(az.defaults.resourceGroup, crashedName)).toBeUndefined();
  });

  test("GitHub's post step cleans up after a killed main step", async () => {
    az.scenario.customizers[0] = { durationMs: 60_000 };
    try {
      const options = stepAgainst(az, "github", { ...baseInputs(az), vhd: "true" });
      const main = startStep(options);
      await main.waitForLine(/Running \/ Customizing$/);
      main.child.kill("SIGKILL");
      const killed = await main.result;
      const name = killed.outputs["template-name"]!;
      expect(az.imageTemplate(az.defaults.resourceGroup, name)).toBeDefined();
      const post = await runStep({ ...options, state: killed.state });
      expect(post.exitCode).toBe(0);
      expect(post.log.some((l) => l.includes(`removing image template ${name}`))).toBe(true);
      expect(az.imageTemplate(az.defaults.resourceGroup, name)).toBeUndefined();
      expect(post.log).toContain("Deleted 2 staged file(s).");
    } finally {
      delete az.scenario.customizers[0];
    }
  });
});
