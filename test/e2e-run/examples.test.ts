/**
 * Every example, run as its workflow and its pipeline would run it: the inputs come from the
 * example's workflow.yml / azure-pipelines.yml (expressions resolved), and the bundles build
 * the image on the local Azure. The matrix caller goes through the reusable workflow
 * .github/workflows/build-image.yml, job by job.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { startLocalAzure, type LocalAzure } from "../../local-azure/harness.js";
import { expectConformant } from "../../local-azure/sdk-clients.js";
import { ROOT, runStep, type HostKind, type StepResult } from "../../local-ci/ci-step.js";
import {
  load,
  pipelineBakeInputs,
  resolve,
  resolveAll,
  reusableWorkflowInputs,
  workflowBakeStep,
} from "../support/example-files.js";
import { stepAgainst } from "../../local-ci/local-azure-step.js";

const EXAMPLES = [
  "linux-gallery",
  "windows-managed-image",
  "advanced-template-file",
  "private-network",
  "isolated-build",
];
const ZERO_SUB = "00000000-0000-0000-0000-000000000000";

const inputsYml = (example: string): Record<string, string> =>
  Object.fromEntries(
    Object.entries(
      parse(readFileSync(path.join(ROOT, "examples", example, "inputs.yml"), "utf8")) as object,
    ).map(([k, v]) => [k, String(v)]),
  );

const without = (map: Record<string, string>, ...keys: string[]) =>
  Object.fromEntries(Object.entries(map).filter(([k]) => !keys.includes(k)));

describe.each(EXAMPLES)("the %s example's workflow and pipeline", (example) => {
  // The values inputs.yml stands for: the documentation subscription and run number 27.
  const github = {
    "vars.AZURE_SUBSCRIPTION_ID": ZERO_SUB,
    "vars.AZURE_CLIENT_ID": "client",
    "vars.AZURE_TENANT_ID": "tenant",
    "github.run_number": "27",
  };
  const ado = {
    subscriptionId: ZERO_SUB,
    "Build.BuildId": "27",
    "eq(variables['Build.Reason'], 'PullRequest')": "False",
  };

  test("pass the inputs that inputs.yml renders in dry run", () => {
    const expected = without(inputsYml(example), "dry-run");
    const workflow = resolveAll(workflowBakeStep(`examples/${example}/workflow.yml`), github);
    expect(without(workflow, "client-id", "tenant-id")).toEqual(expected);
    const pipeline = resolveAll(pipelineBakeInputs(`examples/${example}/azure-pipelines.yml`), ado);
    // The pipeline's subscription is its service connection's.
    expect(without(pipeline, "azure-subscription", "dry-run")).toEqual(
      without(expected, "subscription-id"),
    );
    expect(pipeline["azure-subscription"]).toBe("image-builder-connection");
  });
});

describe("on the local Azure", () => {
  let az: LocalAzure;
  beforeAll(async () => {
    az = await startLocalAzure({ templateGetRetryAfterMs: 100 });
    await az.seed.storageAccount("stbakestaging", "rg-images", {
      containers: ["bake-azure-image"],
    });
    az.seed.resourceGroup("rg-identities");
    az.seed.identity("rg-identities", "id-image-builder");
    // The examples' gallery lives where their images are replicated first.
    for (const image of ["ubuntu-24-04", "ubuntu-24-04-app", "ubuntu-22-04"])
      az.seed.galleryImage("rg-images", "golden", image, { location: "westeurope" });
    // The networked examples' network, as README "Networking" says to make it: the build
    // subnet with private link service policies off and the NSG's default rules, a subnet
    // delegated to Azure Container Instances, and the template identity's roles.
    az.seed.galleryImage("rg-images", "golden", "ubuntu-24-04-internal", {
      location: "westeurope",
      securityType: "TrustedLaunchSupported",
    });
    az.seed.resourceGroup("rg-network", "westeurope");
    const net = az.cloud.networks;
    const nsg = net.addNetworkSecurityGroup("rg-network", "nsg-build");
    const vnet = net.addVirtualNetwork("rg-network", "vnet-build", { location: "westeurope" });
    net.addSubnet(vnet.id, "snet-build", {
      networkSecurityGroupId: nsg.id,
      privateLinkServiceNetworkPolicies: "Disabled",
    });
    net.addSubnet(vnet.id, "snet-aci", {
      delegations: ["Microsoft.ContainerInstance/containerGroups"],
    });
    const identity = az.defaults.identity.principalId;
    az.cloud.rbac.assignRole(
      identity,
      "Contributor",
      `/subscriptions/${az.subscriptionId}/resourceGroups/rg-images`,
    );
    az.cloud.rbac.assignRole(identity, "Network Contributor", vnet.id);
  });
  afterAll(async () => {
    await az?.stop();
  });
  afterEach(() => expectConformant(az));

  let run = 700;
  const gallery = (image: string) =>
    `/subscriptions/${az.subscriptionId}/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/golden/images/${image}`;

  /** The example's inputs for `host`, resolved against the local Azure and a run number. */
  function inputsOf(example: string, host: HostKind, runNumber: string): Record<string, string> {
    if (host === "github")
      return resolveAll(workflowBakeStep(`examples/${example}/workflow.yml`), {
        "vars.AZURE_SUBSCRIPTION_ID": az.subscriptionId,
        "vars.AZURE_CLIENT_ID": az.github.clientId,
        "vars.AZURE_TENANT_ID": az.tenantId,
        "github.run_number": runNumber,
      });
    return resolveAll(pipelineBakeInputs(`examples/${example}/azure-pipelines.yml`), {
      subscriptionId: az.subscriptionId,
      "Build.BuildId": runNumber,
      "eq(variables['Build.Reason'], 'PullRequest')": "False",
    });
  }

  const EXPECT: Record<string, (r: StepResult, runNumber: string) => void> = {
    "linux-gallery": (r, n) => {
      expect(r.outputs["image-version-id"]).toBe(`${gallery("ubuntu-24-04")}/versions/1.4.${n}`);
      expect(JSON.parse(r.outputs["image-version-ids"]!)).toEqual([r.outputs["image-version-id"]]);
      const t = JSON.parse(r.outputs.template!);
      expect(t.properties.distribute[0].targetRegions).toEqual([
        { name: "westeurope" },
        { name: "northeurope" },
      ]);
    },
    "windows-managed-image": (r) => {
      const ids = JSON.parse(r.outputs["image-version-ids"]!) as string[];
      expect(ids[0]).toBe(
        `/subscriptions/${az.subscriptionId}/resourceGroups/rg-images/providers/Microsoft.Compute/images/win2022-iis`,
      );
      expect(ids[1]).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/.+\.vhd$/);
      expect(r.outputs["image-version-id"]).toBe(ids[0]);
      const types = JSON.parse(r.outputs.template!).properties.customize.map((c: any) => c.type);
      expect(types).toEqual(["PowerShell", "WindowsUpdate", "WindowsRestart"]);
    },
    "private-network": (r, n) => {
      expect(r.outputs["image-version-id"]).toBe(
        `${gallery("ubuntu-24-04-internal")}/versions/1.0.${n}`,
      );
      expect(JSON.parse(r.outputs.template!).properties.vmProfile.vnetConfig.subnetId).toMatch(
        /\/virtualNetworks\/vnet-build\/subnets\/snet-build$/,
      );
      // Every check ran: the pipeline may read the network and the identity's roles.
      expect(r.log.filter((l) => l.includes("Skipped the"))).toEqual([]);
    },
    "isolated-build": (r) => {
      expect(r.outputs["image-version-id"]).toMatch(
        new RegExp(`^${gallery("ubuntu-24-04-internal")}/versions/2\\.\\d+\\.\\d+$`),
      );
      const vnet = JSON.parse(r.outputs.template!).properties.vmProfile.vnetConfig;
      expect(vnet.containerInstanceSubnetId).toMatch(/\/subnets\/snet-aci$/);
      expect(r.log.filter((l) => l.includes("Skipped the"))).toEqual([]);
    },
    "advanced-template-file": (r) => {
      // versioning: Latest, major 2: Image Builder picks the next 2.x.y.
      expect(r.outputs["image-version-id"]).toMatch(
        new RegExp(`^${gallery("ubuntu-24-04-app")}/versions/2\\.\\d+\\.\\d+$`),
      );
      const p = JSON.parse(r.outputs.template!).properties;
      expect(p.validate.inVMValidations[0].name).toBe("smoke test");
      expect(p.errorHandling.onValidationError).toBe("cleanup");
    },
  };

  describe.each(EXAMPLES)("example %s", (example) => {
    test.each<HostKind>(["github", "ado"])("builds on %s", async (host) => {
      const runNumber = String(++run);
      // Each host builds the example, rather than reusing the image the other one made.
      const result = await runStep(
        stepAgainst(az, host, { ...inputsOf(example, host, runNumber), "if-unchanged": "build" }),
      );
      expect(result.errors).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(result.outputs["run-status"]).toBe("Succeeded");
      EXPECT[example]!(result, runNumber);
    });
  });

  test("the matrix caller builds each image through build-image.yml", async () => {
    const caller = load("examples/matrix-caller/workflow.yml").jobs.bake;
    const runNumber = String(++run);
    const results = await Promise.all(
      (caller.strategy.matrix.include as Array<Record<string, string>>).map(async (entry) => {
        const context = {
          ...Object.fromEntries(Object.entries(entry).map(([k, v]) => [`matrix.${k}`, v])),
          "vars.AZURE_SUBSCRIPTION_ID": az.subscriptionId,
          "vars.AZURE_CLIENT_ID": az.github.clientId,
          "vars.AZURE_TENANT_ID": az.tenantId,
          "github.run_number": runNumber,
        };
        const inputs = reusableWorkflowInputs(
          {
            ...resolveAll(caller.with, context),
            // The local Azure is a custom cloud, as a caller on a sovereign cloud would say.
            environment: "custom",
            "resource-manager-endpoint": az.armEndpoint,
            "authority-host": az.authorityHost,
            // The examples above published the same images; this caller must build its own.
            "if-unchanged": "build",
          },
          resolveAll(caller.secrets, context),
        );
        const result = await runStep(stepAgainst(az, "github", inputs));
        return { entry, inputs, result };
      }),
    );
    expect(results).toHaveLength(2);
    for (const { entry, inputs, result } of results) {
      expect(result.errors).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(result.outputs["image-version-id"]).toBe(
        `${gallery(entry["gallery-image"]!)}/versions/1.0.${runNumber}`,
      );
      expect(inputs["staging-access"]).toBe("sas");
      expect(JSON.parse(result.outputs.template!).tags.image).toBe(entry.name);
    }
    // What the caller's later jobs read: the workflow's outputs are the bake step's.
    const reusable = load(".github/workflows/build-image.yml");
    const outputs = reusable.on.workflow_call.outputs as Record<string, { value: string }>;
    const last = results[results.length - 1]!.result.outputs;
    for (const [name, spec] of Object.entries(outputs)) {
      const job = resolve(spec.value, {
        [`jobs.bake.outputs.${name}`]: resolve(reusable.jobs.bake.outputs[name], {
          [`steps.bake.outputs.${name}`]: last[name]!,
        }),
      });
      expect(job).toBe(last[name]);
    }
  });
});
