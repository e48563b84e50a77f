/**
 * Azure and the CI systems as they are documented, on both hosts against the local Azure:
 * a custom cloud's token audience (Azure Stack Hub's metadata/endpoints, an ADO service
 * connection's activeDirectoryServiceEndpointResourceId), Retry-After on long-running
 * operations, a cancelled build that stays Canceling for a while (cleaned up by GitHub's post
 * step or the task's postjobexecution handler), and a region named twice.
 */
import { startLocalAzure, type LocalAzure } from "../../local-azure/harness.js";
import { expectConformant } from "../../local-azure/sdk-clients.js";
import type { LoggedRequest } from "../../local-azure/request-log.js";
import { runStep, startStep, type HostKind, type StepResult } from "../../local-ci/ci-step.js";
import { baseInputs, stagedBlobs, stepAgainst } from "../../local-ci/local-azure-step.js";

let az: LocalAzure;

beforeAll(async () => {
  az = await startLocalAzure({ templateGetRetryAfterMs: 100 });
});
afterAll(async () => {
  await az?.stop();
});
afterEach(() => expectConformant(az));

const HOSTS: HostKind[] = ["github", "ado"];
/** A build with a VHD to make: the shortest whole run. */
const vhdBuild = () => ({ ...baseInputs(az), vhd: "true" });

function requestsSince(from: number): LoggedRequest[] {
  return az.requestLog.slice(from);
}

const isMetadata = (r: LoggedRequest) => r.surface === "arm" && r.path === "/metadata/endpoints";
const tokenRefusals = (rs: LoggedRequest[]) =>
  rs.filter((r) => r.surface === "entra" && r.path.endsWith("/token") && r.status >= 400);

describe("a custom cloud's Resource Manager audience", () => {
  test.each(HOSTS)(
    "on %s, read from the cloud's metadata: Entra and Resource Manager accept the token",
    async (host) => {
      const from = az.requestLog.length;
      // Without the connection's field, the ADO task reads the metadata like the GitHub action.
      const env =
        host === "ado"
          ? {
              [`ENDPOINT_DATA_${az.ado.serviceConnectionId}_ACTIVEDIRECTORYSERVICEENDPOINTRESOURCEID`]:
                "",
            }
          : {};
      const result = await runStep(stepAgainst(az, host, vhdBuild(), { env }));
      expect(result.errors).toEqual([]);
      expect(result.outputs["run-status"]).toBe("Succeeded");
      const requests = requestsSince(from);
      expect(requests.filter(isMetadata).map((r) => r.query["api-version"])).toEqual([
        "2015-01-01",
      ]);
      expect(tokenRefusals(requests)).toEqual([]);
      expect(requests.filter((r) => r.status === 401)).toEqual([]);
    },
  );

  test("on ado, taken from the service connection without asking the metadata", async () => {
    const from = az.requestLog.length;
    const result = await runStep(stepAgainst(az, "ado", vhdBuild()));
    expect(result.errors).toEqual([]);
    expect(result.outputs["run-status"]).toBe("Succeeded");
    expect(requestsSince(from).filter(isMetadata)).toEqual([]);
  });

  test("on github, taken from resource-manager-audience without asking the metadata", async () => {
    const from = az.requestLog.length;
    const result = await runStep(
      stepAgainst(az, "github", {
        ...vhdBuild(),
        "resource-manager-audience": `${az.armAudience}/`,
      }),
    );
    expect(result.errors).toEqual([]);
    expect(result.outputs["run-status"]).toBe("Succeeded");
    expect(requestsSince(from).filter(isMetadata)).toEqual([]);
  });

  test.each(HOSTS)("on %s, a wrong one ends in one error naming where it is set", async (host) => {
    const wrong = "https://management.wrong.example";
    const connectionField = `ENDPOINT_DATA_${az.ado.serviceConnectionId}_ACTIVEDIRECTORYSERVICEENDPOINTRESOURCEID`;
    const result = await runStep(
      host === "github"
        ? stepAgainst(az, host, { ...vhdBuild(), "resource-manager-audience": wrong })
        : stepAgainst(az, host, vhdBuild(), { env: { [connectionField]: wrong } }),
    );
    const where =
      host === "github"
        ? "resource-manager-audience"
        : "azureSubscription (resource manager audience of the service connection)";
    expect(result.errors).toEqual([
      `Could not sign in to Azure: Entra ID has no resource named ${wrong} (AADSTS500011), the audience the token for Resource Manager was asked for. Set ${where} to the audience the cloud's Resource Manager accepts (authentication.audiences in <resource-manager-endpoint>/metadata/endpoints).`,
    ]);
    expect(result.exitCode).not.toBe(0);
  });
});

describe("Retry-After on long-running operations", () => {
  afterEach(() => {
    az.scenario.retryAfterSeconds = 0;
    az.scenario.timeline.provisionMs = 150;
    az.scenario.timeline.deleteMs = 100;
  });

  /** Every look at an operation (or, for a run, at the template) after the answer that asked. */
  function looksAfter(
    requests: LoggedRequest[],
    started: (r: LoggedRequest) => boolean,
    look: (r: LoggedRequest) => boolean,
  ): { answeredAt: number; looks: number[] } {
    const at = requests.findIndex(started);
    expect(at).toBeGreaterThanOrEqual(0);
    const answeredAt = requests[at]!.time + requests[at]!.durationMs;
    const looks: number[] = [];
    for (const r of requests.slice(at + 1)) {
      if (!look(r)) {
        if (looks.length && r.surface === "arm" && r.method !== "GET") break;
        continue;
      }
      looks.push(r.time);
    }
    return { answeredAt, looks };
  }

  /** Each look waited out the Retry-After before it (1 s here, a little scheduling slack). */
  function expectWaitedOut({ answeredAt, looks }: { answeredAt: number; looks: number[] }) {
    expect(looks.length).toBeGreaterThan(0);
    let previous = answeredAt;
    for (const t of looks) {
      expect(t - previous).toBeGreaterThanOrEqual(950);
      previous = t;
    }
  }

  test.each(HOSTS)(
    "on %s, creation, deletion and the run are looked at only when Resource Manager said",
    async (host) => {
      az.scenario.retryAfterSeconds = 1;
      az.scenario.timeline.provisionMs = 2_500;
      az.scenario.timeline.deleteMs = 1_500;
      const from = az.requestLog.length;
      const result = await runStep(stepAgainst(az, host, vhdBuild()));
      expect(result.errors).toEqual([]);
      const name = result.outputs["template-name"]!;
      const requests = requestsSince(from);
      const template = (r: LoggedRequest) => r.path.endsWith(`/imageTemplates/${name}`);
      const operationPoll = (r: LoggedRequest) =>
        r.method === "GET" && /\/(operations|operationresults)\//.test(r.path);

      const creation = looksAfter(
        requests,
        (r) => r.method === "PUT" && template(r),
        operationPoll,
      );
      expectWaitedOut(creation);
      // 2.5 s of provisioning, 1 s apart: three looks, where the fast schedule made eight.
      expect(creation.looks.length).toBeLessThanOrEqual(3);

      const deletion = looksAfter(
        requests,
        (r) => r.method === "DELETE" && template(r),
        operationPoll,
      );
      expectWaitedOut(deletion);
      expect(deletion.looks.length).toBeLessThanOrEqual(2);

      const run = looksAfter(
        requests,
        (r) => r.method === "POST" && r.path.endsWith(`/imageTemplates/${name}/run`),
        (r) => r.method === "GET" && template(r),
      );
      expect(run.looks[0]! - run.answeredAt).toBeGreaterThanOrEqual(950);
    },
  );
});

describe("a cancelled build that stays Canceling for a while", () => {
  afterEach(() => {
    delete az.scenario.customizers[0];
    az.scenario.retryAfterSeconds = 0;
    az.scenario.timeline.cancelMs = 30_000;
  });

  test.each(HOSTS)(
    "on %s: the main step says what is left, the cleanup phase removes the template and the staged files",
    async (host) => {
      az.scenario.customizers[0] = { durationMs: 120_000 };
      // Longer than the 7.5 s between SIGINT and SIGTERM: the main step cannot wait it out.
      az.scenario.timeline.cancelMs = 12_000;
      az.scenario.retryAfterSeconds = 1;
      const options = stepAgainst(az, host, vhdBuild());
      const step = startStep(options);
      await step.waitForLine(/Running \/ Customizing$/, 30_000);
      const from = az.requestLog.length;
      const signalled = Date.now();
      step.child.kill("SIGINT");
      const main = await step.result;
      expect(Date.now() - signalled).toBeLessThan(7_500);
      expect(main.exitCode).not.toBe(0);

      const name = main.outputs["template-name"]!;
      const later = host === "github" ? "the post step" : "the post-job step";
      expect(main.errors).toEqual([
        `The step was cancelled: the build was cancelled. Image Builder is still stopping it, so ${later} removes image template ${name} once it has stopped.`,
      ]);
      expect(main.warnings).toEqual([]);
      // What the message says is so: the build was cancelled and is still stopping.
      const requests = requestsSince(from);
      const cancel = requests.find((r) => r.method === "POST" && r.path.endsWith("/cancel"));
      expect(cancel?.status).toBe(202);
      expect(az.imageTemplate(az.defaults.resourceGroup, name)?.lastRunStatus?.runState).toBe(
        "Canceling",
      );
      // The cancel answered Retry-After: 1; the template was looked at only after it.
      const firstLook = requests.find(
        (r) =>
          r.method === "GET" && r.path.endsWith(`/imageTemplates/${name}`) && r.time > cancel!.time,
      );
      expect(firstLook!.time - (cancel!.time + cancel!.durationMs)).toBeGreaterThanOrEqual(950);

      const step_ = JSON.parse(main.outputs.template!).tags["bake.step"] as string;
      const post: StepResult = await runStep({
        ...options,
        ...(host === "github" ? { state: main.state } : { taskVariables: main.taskVariables }),
      });
      expect(post.errors).toEqual([]);
      expect(post.warnings).toEqual([]);
      expect(post.exitCode).toBe(0);
      expect(post.log).toContain(`Deleted image template ${name}.`);
      expect(az.imageTemplate(az.defaults.resourceGroup, name)).toBeUndefined();
      expect(
        az.templateHistory().find((h) => h.template.name === name)?.template.lastRunStatus
          ?.runState,
      ).toBe("Canceled");
      expect((await stagedBlobs(az)).filter((b) => b.includes(`/${step_}/`))).toEqual([]);
    },
  );
});

describe("a region named twice", () => {
  test.each(HOSTS)("on %s reaches Image Builder once", async (host) => {
    const result = await runStep(
      stepAgainst(az, host, {
        ...baseInputs(az),
        "gallery-image-id": az.defaults.galleryImageId,
        "replication-regions": `${az.location}, eastus, East US, ${az.location.toUpperCase()}`,
        // Both hosts build the same image; each must reach Image Builder.
        "if-unchanged": "build",
      }),
    );
    expect(result.errors).toEqual([]);
    const name = result.outputs["template-name"]!;
    const received = az.templateHistory().find((h) => h.template.name === name)!.template;
    const distribute = received.properties.distribute as Array<{
      targetRegions?: Array<{ name: string }>;
    }>;
    expect(distribute[0]!.targetRegions!.map((r) => r.name)).toEqual([az.location, "eastus"]);
  });
});
