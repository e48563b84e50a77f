/**
 * The network inputs (subnet-id, container-instance-subnet-id, proxy-vm-size,
 * build-vm-identities) and the Windows ones (run-elevated, run-as-system, valid-exit-codes,
 * the update and restart settings): how they are read, where they land in the rendered
 * template, how they merge with a template file, and the cross-field rules of Image Builder's
 * API, for inputs and for template files alike.
 */
import { runBake } from "../../src/core/main.js";
import { FakeHost } from "./fake-host.js";
import { IDENTITY, makeWorkspace, RG, SUB } from "./workspace.js";

type Json = Record<string, any>;

const NET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks`;
const BUILD_SUBNET = `${NET}/vnet-build/subnets/snet-vm`;
const ACI_SUBNET = `${NET}/vnet-build/subnets/snet-aci`;
const OTHER_NET_SUBNET = `${NET}/vnet-other/subnets/snet-aci`;
const PULL_IDENTITY = `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-acr-pull`;
const VAULT_IDENTITY = `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-vault`;
const WINDOWS = "MicrosoftWindowsServer:WindowsServer:2022-datacenter-azure-edition:latest";

const BASE = {
  "resource-group": "rg-images",
  "subscription-id": SUB,
  location: "westeurope",
  source: "Canonical:ubuntu-24_04-lts:server:latest",
  identity: IDENTITY,
  vhd: "true",
  "dry-run": "true",
};

async function render(inputs: Record<string, string>, files: Record<string, string> = {}) {
  const host = new FakeHost({ ...BASE, ...inputs }, { workspace: makeWorkspace(files) });
  await runBake(host);
  const template = host.outputs.get("template");
  return { host, template: template ? (JSON.parse(template) as Json) : undefined };
}

/** A template file holding `vmProfile` and, optionally, customizers. */
function templateFile(vmProfile: Json, customize?: Json[]): Record<string, string> {
  const properties: Json = {
    source: {
      type: "PlatformImage",
      publisher: "Canonical",
      offer: "ubuntu-24_04-lts",
      sku: "server",
      version: "latest",
    },
    vmProfile,
    distribute: [{ type: "VHD", runOutputName: "vhd" }],
  };
  if (customize) properties.customize = customize;
  return { "image.json": JSON.stringify({ properties }) };
}

async function expectOneError(
  inputs: Record<string, string>,
  input: string,
  fragment: string,
  files: Record<string, string> = {},
) {
  const { host, template } = await render(inputs, files);
  expect(template).toBeUndefined();
  expect(host.errors()).toHaveLength(1);
  expect(host.errors()[0]).toContain(`Input '${input}': `);
  expect(host.errors()[0]).toContain(fragment);
}

describe("network inputs", () => {
  test("an isolated build lands in vnetConfig, and the identities on the build VM", async () => {
    const { host, template } = await render({
      "subnet-id": BUILD_SUBNET,
      "container-instance-subnet-id": ACI_SUBNET,
      "build-vm-identities": `${PULL_IDENTITY}, ${VAULT_IDENTITY}\n${PULL_IDENTITY.toUpperCase()}`,
    });
    expect(host.errors()).toEqual([]);
    expect(template!.properties.vmProfile).toEqual({
      vnetConfig: { subnetId: BUILD_SUBNET, containerInstanceSubnetId: ACI_SUBNET },
      userAssignedIdentities: [PULL_IDENTITY, VAULT_IDENTITY],
    });
  });

  test("a proxy VM size lands next to the subnet", async () => {
    const { template } = await render({
      "subnet-id": BUILD_SUBNET,
      "proxy-vm-size": "Standard_A2_v2",
    });
    expect(template!.properties.vmProfile.vnetConfig).toEqual({
      subnetId: BUILD_SUBNET,
      proxyVmSize: "Standard_A2_v2",
    });
  });

  test("inputs override the template file's vnetConfig fields and extend its identities, with a notice", async () => {
    const { host, template } = await render(
      {
        "template-file": "image.json",
        source: "",
        "container-instance-subnet-id": ACI_SUBNET,
        "build-vm-identities": `${VAULT_IDENTITY}\n${PULL_IDENTITY}`,
      },
      templateFile({
        vmSize: "Standard_D4s_v5",
        vnetConfig: {
          subnetId: BUILD_SUBNET,
          containerInstanceSubnetId: `${NET}/vnet-build/subnets/old`,
        },
        userAssignedIdentities: [PULL_IDENTITY],
      }),
    );
    expect(host.errors()).toEqual([]);
    expect(template!.properties.vmProfile).toEqual({
      vmSize: "Standard_D4s_v5",
      vnetConfig: { subnetId: BUILD_SUBNET, containerInstanceSubnetId: ACI_SUBNET },
      userAssignedIdentities: [PULL_IDENTITY, VAULT_IDENTITY],
    });
    const notices = host.annotations.filter((a) => a.level === "notice").map((a) => a.message);
    expect(notices).toEqual(
      expect.arrayContaining([
        `container-instance-subnet-id replaces the template file's properties.vmProfile.vnetConfig.containerInstanceSubnetId (${NET}/vnet-build/subnets/old).`,
        "build-vm-identities adds 1 identity to the template file's properties.vmProfile.userAssignedIdentities.",
      ]),
    );
  });

  test.each([
    [
      { "container-instance-subnet-id": BUILD_SUBNET },
      "container-instance-subnet-id",
      "is set without a subnet for the build VM",
    ],
    [
      { "subnet-id": BUILD_SUBNET, "container-instance-subnet-id": OTHER_NET_SUBNET },
      "container-instance-subnet-id",
      "on the virtual network",
    ],
    [
      {
        "subnet-id": BUILD_SUBNET,
        "container-instance-subnet-id": ACI_SUBNET,
        "proxy-vm-size": "Standard_A2_v2",
      },
      "proxy-vm-size",
      "which deploys no proxy VM",
    ],
    [{ "proxy-vm-size": "Standard_A2_v2" }, "proxy-vm-size", "no subnet is given"],
    [{ "proxy-vm-size": "Standard A2" }, "proxy-vm-size", "is not a VM size"],
    [
      { "container-instance-subnet-id": `${NET}/vnet-build` },
      "container-instance-subnet-id",
      "not a virtual network subnet",
    ],
    [
      { "build-vm-identities": `${PULL_IDENTITY}\nid-vault` },
      "build-vm-identities",
      "'id-vault' is not a resource ID",
    ],
    [
      { "build-vm-identities": BUILD_SUBNET },
      "build-vm-identities",
      "not a user-assigned managed identity",
    ],
  ])("inputs %o: one error naming %s", async (inputs, input, fragment) => {
    await expectOneError(inputs, input, fragment);
  });

  test("the same virtual network is compared case-insensitively, as Azure compares IDs", async () => {
    const { host } = await render({
      "subnet-id": BUILD_SUBNET,
      "container-instance-subnet-id": ACI_SUBNET.replace("vnet-build", "VNET-Build").replace(
        "rg-net",
        "RG-NET",
      ),
    });
    expect(host.errors()).toEqual([]);
  });

  test.each([
    [
      { containerInstanceSubnetId: ACI_SUBNET },
      "properties.vmProfile.vnetConfig.containerInstanceSubnetId is set without a subnet",
    ],
    [
      { subnetId: BUILD_SUBNET, containerInstanceSubnetId: OTHER_NET_SUBNET },
      "the template file's properties.vmProfile.vnetConfig.containerInstanceSubnetId is on the virtual network",
    ],
    [
      {
        subnetId: BUILD_SUBNET,
        containerInstanceSubnetId: ACI_SUBNET,
        proxyVmSize: "Standard_A2_v2",
      },
      "the template file's properties.vmProfile.vnetConfig.proxyVmSize is set for an isolated build",
    ],
  ])(
    "a template file with vnetConfig %o: one error naming its JSON path",
    async (vnetConfig, fragment) => {
      await expectOneError(
        { "template-file": "image.json", source: "" },
        "template-file",
        fragment,
        templateFile({ vnetConfig }),
      );
    },
  );

  test("an input that completes a template file's vnetConfig is blamed for the clash it makes", async () => {
    await expectOneError(
      { "template-file": "image.json", source: "", "proxy-vm-size": "Standard_A2_v2" },
      "proxy-vm-size",
      "is set for an isolated build (the template file's properties.vmProfile.vnetConfig.containerInstanceSubnetId)",
      templateFile({
        vnetConfig: { subnetId: BUILD_SUBNET, containerInstanceSubnetId: ACI_SUBNET },
      }),
    );
  });
});

describe("Windows inputs", () => {
  const windows = { source: WINDOWS, scripts: "setup.ps1" };
  const files = { "setup.ps1": "Write-Host setup\n", "setup.sh": "echo setup\n" };

  test("by default, the product's PowerShell runs elevated as the local system account", async () => {
    const { template } = await render(
      { ...windows, "inline-script": "Write-Host hi", "staging-storage-account": "stbake" },
      files,
    );
    const customize = template!.properties.customize as Json[];
    expect(customize.map((c) => [c.type, c.runElevated, c.runAsSystem, c.validExitCodes])).toEqual([
      ["PowerShell", true, true, undefined],
      ["PowerShell", true, true, undefined],
    ]);
  });

  test("run-elevated, run-as-system and valid-exit-codes shape the scripts' and inline-script's steps", async () => {
    const { template } = await render(
      {
        ...windows,
        "inline-script": "Write-Host hi",
        "staging-storage-account": "stbake",
        "run-elevated": "false",
        "run-as-system": "false",
        "valid-exit-codes": "0, 3010\n1641\n3010",
      },
      files,
    );
    for (const step of template!.properties.customize as Json[]) {
      expect(step).toMatchObject({
        runElevated: false,
        runAsSystem: false,
        validExitCodes: [0, 3010, 1641],
      });
    }
  });

  test("the Windows Update and restart steps take their settings", async () => {
    const { template } = await render({
      source: WINDOWS,
      "windows-update": "true",
      "windows-update-filters":
        "include:$_.Title -like '*Security*'\ninclude:$_.Title -like '*Critical*'",
      "windows-update-limit": "100",
      "windows-restart": "true",
      "restart-check-command": "powershell -command \"& {Write-Output 'restarted.'}\"",
      "restart-timeout": "1h30m",
    });
    expect(template!.properties.customize).toEqual([
      {
        type: "WindowsUpdate",
        name: "windows-update",
        searchCriteria: "IsInstalled=0",
        filters: ["include:$_.Title -like '*Security*'", "include:$_.Title -like '*Critical*'"],
        updateLimit: 100,
      },
      {
        type: "WindowsRestart",
        name: "windows-restart",
        restartCheckCommand: "powershell -command \"& {Write-Output 'restarted.'}\"",
        restartTimeout: "1h30m",
      },
    ]);
  });

  test.each([
    [
      { "run-elevated": "false" },
      "run-as-system",
      "Set run-as-system to false as well, or run-elevated to true",
    ],
    [{ "valid-exit-codes": "0,soft" }, "valid-exit-codes", "'soft' is not an exit code"],
    [{ "windows-update-limit": "5000" }, "windows-update-limit", "out of range"],
    [
      { "windows-update-filters": "include:$true" },
      "windows-update-filters",
      "windows-update is false",
    ],
    [
      { "restart-timeout": "10m", "windows-restart": "false" },
      "restart-timeout",
      "windows-restart is false",
    ],
    [
      { "restart-timeout": "ten minutes", "windows-restart": "true" },
      "restart-timeout",
      "is not a duration",
    ],
    [{ "restart-check-command": "echo ok" }, "restart-check-command", "windows-restart is false"],
  ])("inputs %o: one error naming %s", async (inputs, input, fragment) => {
    await expectOneError(
      { ...windows, "staging-storage-account": "stbake", ...inputs },
      input,
      fragment,
      files,
    );
  });

  test.each([
    [{ "valid-exit-codes": "0,3010", scripts: "setup.sh" }, "valid-exit-codes"],
    [{ "run-elevated": "false", "run-as-system": "false", scripts: "setup.sh" }, "run-elevated"],
    [{ "run-as-system": "false", "os-type": "linux" }, "run-as-system"],
  ])("Windows-only inputs for a Linux image %o: one error naming %s", async (inputs, input) => {
    await expectOneError(
      { "staging-storage-account": "stbake", ...inputs },
      input,
      "applies to Windows images only, and this image is Linux",
      files,
    );
  });

  test("valid-exit-codes without a PowerShell step of the inputs is refused", async () => {
    await expectOneError(
      { source: WINDOWS, "windows-update": "true", "valid-exit-codes": "0,3010" },
      "valid-exit-codes",
      "and there is none",
    );
  });

  test("a template file's PowerShell step that runs as system without elevation names its JSON path", async () => {
    const file = templateFile({}, [
      {
        type: "PowerShell",
        name: "ok",
        inline: ["Write-Host ok"],
        runElevated: true,
        runAsSystem: true,
      },
      { type: "PowerShell", name: "hangs", inline: ["Write-Host hi"], runAsSystem: true },
    ]);
    await expectOneError(
      { "template-file": "image.json", source: WINDOWS },
      "template-file",
      "properties.customize[1] sets runAsSystem to true without runElevated",
      file,
    );
  });
});
