/**
 * The network and Windows inputs through the real GitHub and Azure Pipelines bundles: a dry
 * run shows them in the `template` output where Image Builder reads them (vnetConfig, the
 * build VM's identities, the PowerShell, Windows Update and restart steps), with the defaults
 * each host takes from action.yml or task.json; every cross-field rule of Image Builder's API
 * ends the step in one error naming the input (or the template file's JSON path) in the host's
 * spelling, in a dry run and, against the local Azure, in a real run before anything exists.
 */
import { camelCase } from "../../src/core/inputs/catalog.js";
import { startLocalAzure, type LocalAzure } from "../../local-azure/harness.js";
import { runStep, type HostKind } from "../../local-ci/ci-step.js";
import { baseInputs, stagedBlobs, stepAgainst } from "../../local-ci/local-azure-step.js";
import {
  makeWorkspace,
  removeWorkspace,
  runBundle,
  type BundleHost,
  type BundleResult,
} from "../../local-ci/run-bundle.js";

type Json = Record<string, any>;

const SUB = "00000000-0000-0000-0000-000000000000";
const RG = `/subscriptions/${SUB}/resourceGroups/rg-images`;
const IDENTITY = `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-image-builder`;
const PULL_IDENTITY = `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-acr-pull`;
const NET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks`;
const VM_SUBNET = `${NET}/vnet-build/subnets/snet-vm`;
const ACI_SUBNET = `${NET}/vnet-build/subnets/snet-aci`;
const FOREIGN_SUBNET = `${NET}/vnet-other/subnets/snet-aci`;
const WINDOWS = "MicrosoftWindowsServer:WindowsServer:2022-datacenter-azure-edition:latest";

const BASE: Record<string, string> = {
  "resource-group": "rg-images",
  location: "westeurope",
  source: "Canonical:ubuntu-24_04-lts:server:latest",
  identity: IDENTITY,
  vhd: "true",
  "dry-run": "true",
};

const vnetTemplate = (vnetConfig: Json, customize?: Json[]) =>
  JSON.stringify({
    location: "westeurope",
    identity: { type: "UserAssigned", userAssignedIdentities: { [IDENTITY]: {} } },
    properties: {
      source: {
        type: "PlatformImage",
        publisher: "Canonical",
        offer: "ubuntu-24_04-lts",
        sku: "server",
        version: "latest",
      },
      vmProfile: { vnetConfig },
      ...(customize ? { customize } : {}),
      distribute: [{ type: "VHD", runOutputName: "vhd" }],
    },
  });

const FILES: Record<string, string> = {
  "scripts/setup.ps1": "Write-Host setup\n",
  "scripts/setup.sh": "echo setup\n",
  "templates/isolated.json": vnetTemplate({
    subnetId: VM_SUBNET,
    containerInstanceSubnetId: ACI_SUBNET,
  }),
  "templates/isolated-without-vm-subnet.json": vnetTemplate({
    containerInstanceSubnetId: ACI_SUBNET,
  }),
  "templates/isolated-on-two-networks.json": vnetTemplate({
    subnetId: VM_SUBNET,
    containerInstanceSubnetId: FOREIGN_SUBNET,
  }),
  "templates/isolated-with-proxy.json": vnetTemplate({
    subnetId: VM_SUBNET,
    containerInstanceSubnetId: ACI_SUBNET,
    proxyVmSize: "Standard_A2_v2",
  }),
  "templates/system-not-elevated.json": JSON.stringify({
    location: "westeurope",
    identity: { type: "UserAssigned", userAssignedIdentities: { [IDENTITY]: {} } },
    properties: {
      source: {
        type: "PlatformImage",
        publisher: "MicrosoftWindowsServer",
        offer: "WindowsServer",
        sku: "2022-datacenter-azure-edition",
        version: "latest",
      },
      customize: [
        { type: "PowerShell", name: "install", inline: ["Write-Host hi"], runAsSystem: true },
      ],
      distribute: [{ type: "VHD", runOutputName: "vhd" }],
    },
  }),
};

const HOSTS: BundleHost[] = ["github", "ado"];
const spell = (host: BundleHost, kebab: string) => (host === "github" ? kebab : camelCase(kebab));
/** Text that names inputs as {{kebab-name}}, in the host's spelling. */
const spelled = (host: BundleHost, text: string) =>
  text.replace(/\{\{([a-z0-9-]+)\}\}/g, (_, n: string) => spell(host, n));

let workspace: string;
beforeAll(() => {
  workspace = makeWorkspace(FILES);
});
afterAll(() => removeWorkspace(workspace));

const dryRun = (host: BundleHost, inputs: Record<string, string | undefined>) => {
  const all: Record<string, string> = { ...BASE };
  for (const [k, v] of Object.entries(inputs)) {
    if (v === undefined) delete all[k];
    else all[k] = v;
  }
  return runBundle(host, all, { workspace });
};
const templateOf = (result: BundleResult): Json => {
  expect(result.errors).toEqual([]);
  expect(result.exitCode).toBe(0);
  return JSON.parse(result.outputs.template!) as Json;
};

describe.each(HOSTS)("dry run on %s", (host) => {
  test("an isolated build and the build VM's identities land in vmProfile", async () => {
    const template = templateOf(
      await dryRun(host, {
        "subnet-id": VM_SUBNET,
        "container-instance-subnet-id": ACI_SUBNET,
        "build-vm-identities": `${PULL_IDENTITY}\n${IDENTITY}`,
      }),
    );
    expect(template.properties.vmProfile).toEqual({
      vnetConfig: { subnetId: VM_SUBNET, containerInstanceSubnetId: ACI_SUBNET },
      userAssignedIdentities: [PULL_IDENTITY, IDENTITY],
    });
  });

  test("a build through a proxy VM takes its size", async () => {
    const template = templateOf(
      await dryRun(host, { "subnet-id": VM_SUBNET, "proxy-vm-size": "Standard_A2_v2" }),
    );
    expect(template.properties.vmProfile.vnetConfig).toEqual({
      subnetId: VM_SUBNET,
      proxyVmSize: "Standard_A2_v2",
    });
  });

  test("Windows PowerShell runs elevated as the local system account by the declared defaults", async () => {
    const template = templateOf(
      await dryRun(host, {
        source: WINDOWS,
        scripts: "scripts/setup.ps1",
        "inline-script": "Write-Host done",
        "staging-storage-account": "stbake",
      }),
    );
    expect(
      (template.properties.customize as Json[]).map((c) => ({
        type: c.type,
        runElevated: c.runElevated,
        runAsSystem: c.runAsSystem,
      })),
    ).toEqual([
      { type: "PowerShell", runElevated: true, runAsSystem: true },
      { type: "PowerShell", runElevated: true, runAsSystem: true },
    ]);
  });

  test("the Windows inputs shape the PowerShell, Windows Update and restart steps", async () => {
    const template = templateOf(
      await dryRun(host, {
        source: WINDOWS,
        scripts: "scripts/setup.ps1",
        "staging-storage-account": "stbake",
        "run-as-system": "false",
        "valid-exit-codes": "0,3010",
        "windows-update": "true",
        "windows-update-filters": "include:$_.Title -like '*Security*'",
        "windows-update-limit": "20",
        "windows-restart": "true",
        "restart-check-command": "echo restarted",
        "restart-timeout": "30m",
      }),
    );
    const [script, update, restart] = template.properties.customize as Json[];
    expect(script).toMatchObject({
      type: "PowerShell",
      runElevated: true,
      runAsSystem: false,
      validExitCodes: [0, 3010],
    });
    expect(update).toMatchObject({
      type: "WindowsUpdate",
      filters: ["include:$_.Title -like '*Security*'"],
      updateLimit: 20,
    });
    expect(restart).toMatchObject({
      type: "WindowsRestart",
      restartCheckCommand: "echo restarted",
      restartTimeout: "30m",
    });
  });

  test("an input replacing a template file's vnetConfig field is announced in the host's words", async () => {
    const other = `${NET}/vnet-build/subnets/snet-aci-2`;
    const result = await dryRun(host, {
      "template-file": "templates/isolated.json",
      source: undefined,
      identity: undefined,
      "container-instance-subnet-id": other,
    });
    const template = templateOf(result);
    expect(template.properties.vmProfile.vnetConfig).toEqual({
      subnetId: VM_SUBNET,
      containerInstanceSubnetId: other,
    });
    expect(result.stdout).toContain(
      `${spell(host, "container-instance-subnet-id")} replaces the template file's properties.vmProfile.vnetConfig.containerInstanceSubnetId (${ACI_SUBNET}).`,
    );
  });
});

interface ErrorCase {
  name: string;
  inputs: Record<string, string | undefined>;
  /** The input the error names (kebab-case). */
  input: string;
  /** What it says; {{name}} is another input in the host's spelling. */
  says: string;
}

const fromFile = (file: string) => ({
  "template-file": file,
  source: undefined,
  identity: undefined,
});

const ERRORS: ErrorCase[] = [
  {
    name: "a container instance subnet without a build VM subnet",
    inputs: { "container-instance-subnet-id": ACI_SUBNET },
    input: "container-instance-subnet-id",
    says: "{{container-instance-subnet-id}} is set without a subnet for the build VM",
  },
  {
    name: "the two subnets on different virtual networks",
    inputs: { "subnet-id": VM_SUBNET, "container-instance-subnet-id": FOREIGN_SUBNET },
    input: "container-instance-subnet-id",
    says: "Image Builder needs both subnets on the same virtual network",
  },
  {
    name: "a proxy VM size for an isolated build",
    inputs: {
      "subnet-id": VM_SUBNET,
      "container-instance-subnet-id": ACI_SUBNET,
      "proxy-vm-size": "Standard_A2_v2",
    },
    input: "proxy-vm-size",
    says: "which deploys no proxy VM",
  },
  {
    name: "a proxy VM size without a subnet",
    inputs: { "proxy-vm-size": "Standard_A2_v2" },
    input: "proxy-vm-size",
    says: "no subnet is given. Set {{subnet-id}}",
  },
  {
    name: "a template file's container instance subnet without a build VM subnet",
    inputs: fromFile("templates/isolated-without-vm-subnet.json"),
    input: "template-file",
    says: "the template file's properties.vmProfile.vnetConfig.containerInstanceSubnetId is set without a subnet for the build VM",
  },
  {
    name: "a template file's subnets on different virtual networks",
    inputs: fromFile("templates/isolated-on-two-networks.json"),
    input: "template-file",
    says: "the template file's properties.vmProfile.vnetConfig.containerInstanceSubnetId is on the virtual network",
  },
  {
    name: "a template file's proxy VM size for an isolated build",
    inputs: fromFile("templates/isolated-with-proxy.json"),
    input: "template-file",
    says: "the template file's properties.vmProfile.vnetConfig.proxyVmSize is set for an isolated build",
  },
  {
    name: "a proxy VM size given for a template file's isolated build",
    inputs: { ...fromFile("templates/isolated.json"), "proxy-vm-size": "Standard_A2_v2" },
    input: "proxy-vm-size",
    says: "is set for an isolated build (the template file's properties.vmProfile.vnetConfig.containerInstanceSubnetId)",
  },
  {
    name: "running as system without elevation",
    inputs: {
      source: WINDOWS,
      scripts: "scripts/setup.ps1",
      "staging-storage-account": "stbake",
      "run-elevated": "false",
    },
    input: "run-as-system",
    says: "Set {{run-as-system}} to false as well, or {{run-elevated}} to true",
  },
  {
    name: "a template file's PowerShell step as system without elevation",
    inputs: { ...fromFile("templates/system-not-elevated.json") },
    input: "template-file",
    says: "properties.customize[0] sets runAsSystem to true without runElevated",
  },
  {
    name: "a Windows-only input for a Linux image",
    inputs: {
      scripts: "scripts/setup.sh",
      "staging-storage-account": "stbake",
      "valid-exit-codes": "0,3010",
    },
    input: "valid-exit-codes",
    says: "applies to Windows images only, and this image is Linux",
  },
];

describe.each(HOSTS.flatMap((h) => ERRORS.map((c) => [h, c.name, c] as const)))(
  "dry run on %s: %s",
  (host, _name, c) => {
    test("fails with one error that names the input and the fix, and no template", async () => {
      const result = await dryRun(host, c.inputs);
      expect(result.exitCode).not.toBe(0);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toContain(`Input '${spell(host, c.input)}': `);
      expect(result.errors[0]).toContain(spelled(host, c.says));
      expect(result.outputs.template).toBeUndefined();
    });
  },
);

describe("a real run against the local Azure", () => {
  let az: LocalAzure;
  beforeAll(async () => {
    az = await startLocalAzure();
  });
  afterAll(async () => {
    await az?.stop();
  });

  test.each(["github", "ado"] as HostKind[])(
    "on %s, refuses subnets on two networks before anything is created",
    async (host) => {
      const net = `/subscriptions/${az.subscriptionId}/resourceGroups/${az.defaults.resourceGroup}/providers/Microsoft.Network/virtualNetworks`;
      const blobsBefore = (await stagedBlobs(az)).length;
      const templatesBefore = az.liveTemplates().length;
      const result = await runStep(
        stepAgainst(az, host, {
          ...baseInputs(az),
          vhd: "true",
          "subnet-id": `${net}/vnet-build/subnets/snet-vm`,
          "container-instance-subnet-id": `${net}/vnet-other/subnets/snet-aci`,
        }),
      );
      expect(result.exitCode).not.toBe(0);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toContain(
        `Input '${spell(host, "container-instance-subnet-id")}': `,
      );
      expect(result.errors[0]).toContain(
        "Image Builder needs both subnets on the same virtual network",
      );
      expect(az.liveTemplates().length).toBe(templatesBefore);
      expect((await stagedBlobs(az)).length).toBe(blobsBefore);
    },
  );
});
