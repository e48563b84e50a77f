/**
 * Image Builder's checklist for building in an existing network, its permissions and the
 * Trusted Launch / generation rules, checked before anything is created: each broken item ends
 * the step in exactly one error that names the input, the resource and the `az` command that
 * fixes it, and no image template is sent, no file staged. A read the pipeline's identity may
 * not make skips its checks with one notice, and the build goes on.
 */
import { startLocalAzure, type LocalAzure } from "../../local-azure/harness.js";
import type { SecurityRule, SubnetOptions } from "../../local-azure/networks.js";
import { expectConformant } from "../../local-azure/sdk-clients.js";
import { runStep, type HostKind, type StepResult } from "../../local-ci/ci-step.js";
import { makeWorkspace, removeWorkspace } from "../../local-ci/run-bundle.js";
import { baseInputs, stagedBlobs, stepAgainst } from "../../local-ci/local-azure-step.js";

let az: LocalAzure;
const NET_RG = "rg-network";

beforeAll(async () => {
  az = await startLocalAzure({ templateGetRetryAfterMs: 100 });
  az.seed.resourceGroup(NET_RG);
});
afterAll(async () => {
  await az?.stop();
});
afterEach(() => {
  az.scenario.deniedActions = [];
  az.scenario.unregisteredProviders = [];
  expectConformant(az);
});

const HOSTS: HostKind[] = ["github", "ado"];
const spell = (host: HostKind, kebab: string) =>
  host === "github" ? kebab : kebab.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

let networks = 0;

/** A network for one test: a build subnet with its NSG, and optionally a container instance subnet. */
function network(
  opts: {
    location?: string;
    privateLinkPolicies?: "Enabled" | "Disabled";
    rules?: SecurityRule[];
    aci?: SubnetOptions;
  } = {},
) {
  const name = `vnet-${++networks}`;
  const vnet = az.cloud.networks.addVirtualNetwork(NET_RG, name, {
    location: opts.location ?? az.location,
  });
  const nsg = az.cloud.networks.addNetworkSecurityGroup(NET_RG, `${name}-nsg`, {
    rules: opts.rules ?? [],
  });
  const build = az.cloud.networks.addSubnet(vnet.id, "build", {
    networkSecurityGroupId: nsg.id,
    privateLinkServiceNetworkPolicies: opts.privateLinkPolicies ?? "Disabled",
  });
  const aci = opts.aci ? az.cloud.networks.addSubnet(vnet.id, "aci", opts.aci) : undefined;
  return { vnetId: vnet.id, nsgId: nsg.id, subnetId: build.id, aciSubnetId: aci?.id };
}

const ACI = { delegations: ["Microsoft.ContainerInstance/containerGroups"] };

/** A template file for an isolated build: the container instance subnet is only in the file. */
function isolatedTemplate(subnetId: string, aciSubnetId: string): string {
  return JSON.stringify({
    type: "Microsoft.VirtualMachineImages/imageTemplates",
    apiVersion: "2025-10-01",
    location: az.location,
    properties: {
      source: {
        type: "PlatformImage",
        publisher: "Canonical",
        offer: "ubuntu-24_04-lts",
        sku: "server",
        version: "latest",
      },
      vmProfile: { vnetConfig: { subnetId, containerInstanceSubnetId: aciSubnetId } },
      customize: [{ type: "Shell", name: "hello", inline: ["echo hello"] }],
      distribute: [{ type: "VHD", runOutputName: "vhd" }],
    },
  });
}

const templatePuts = () =>
  az.requestLog.filter((r) => r.method === "PUT" && /imageTemplates/i.test(r.path)).length;

/** The inputs of a run whose source and scripts come from a template file. */
function fileInputs(): Record<string, string> {
  const inputs = baseInputs(az);
  delete inputs.scripts;
  delete inputs.source;
  return { ...inputs, "template-file": "image/template.json" };
}

/** Runs the step; asserts one error, a failed step, no template sent and no file staged. */
async function failsWith(
  host: HostKind,
  inputs: Record<string, string>,
  workspace?: string,
): Promise<string> {
  const blobs = (await stagedBlobs(az)).length;
  const puts = templatePuts();
  const result: StepResult = await runStep(
    stepAgainst(
      az,
      host,
      workspace ? inputs : { ...baseInputs(az), ...inputs },
      workspace ? { workspace } : {},
    ),
  );
  expect(result.exitCode).not.toBe(0);
  expect(result.errors).toHaveLength(1);
  expect(templatePuts()).toBe(puts);
  expect((await stagedBlobs(az)).length).toBe(blobs);
  return result.errors[0]!;
}

async function isolatedFailsWith(host: HostKind, subnetId: string, aciSubnetId: string) {
  const workspace = makeWorkspace({
    "image/template.json": isolatedTemplate(subnetId, aciSubnetId),
  });
  try {
    return await failsWith(host, fileInputs(), workspace);
  } finally {
    removeWorkspace(workspace);
  }
}

const denyLoadBalancer: SecurityRule = {
  name: "DenyLoadBalancerProbe",
  priority: 1000,
  direction: "Inbound",
  access: "Deny",
  protocol: "*",
  sourceAddressPrefix: "AzureLoadBalancer",
  sourcePortRange: "*",
  destinationAddressPrefix: "*",
  destinationPortRange: "60000-60001",
};

/** A template identity of its own, with the roles a test gives it. */
function identityWith(name: string, roles: Array<[role: string, scope: string]>) {
  const identity = az.seed.identity(az.defaults.resourceGroup, name);
  for (const [role, scope] of roles) az.cloud.rbac.assignRole(identity.principalId, role, scope);
  az.seed.grantBlobRead(identity.id, az.defaults.storageAccount, az.defaults.container);
  return identity;
}

const groupId = (name: string) => `/subscriptions/${az.subscriptionId}/resourceGroups/${name}`;

describe.each(HOSTS)("on %s", (host) => {
  test("a subnet that does not exist names the subnet input, with the command that creates it", async () => {
    const { vnetId } = network();
    const error = await failsWith(host, { "subnet-id": `${vnetId}/subnets/missing`, vhd: "true" });
    expect(error).toContain(spell(host, "subnet-id"));
    expect(error).toContain(`names a subnet that does not exist: ${vnetId}/subnets/missing`);
    expect(error).toContain(
      `az network vnet subnet create --resource-group ${NET_RG} --vnet-name ${vnetId.split("/").pop()} --name missing`,
    );
  });

  test("a network in another region than the template names the subnet input and both regions", async () => {
    const { subnetId } = network({ location: "northeurope" });
    const error = await failsWith(host, { "subnet-id": subnetId, vhd: "true" });
    expect(error).toContain(spell(host, "subnet-id"));
    expect(error).toContain(
      `which is in northeurope, but the image template is built in ${az.location}`,
    );
    expect(error).toContain("az network vnet create");
  });

  test("an NSG rule that keeps Azure Load Balancer from the proxy VM is named, with a rule that comes before it", async () => {
    const { subnetId, nsgId } = network({ rules: [denyLoadBalancer] });
    const error = await failsWith(host, { "subnet-id": subnetId, vhd: "true" });
    expect(error).toContain(spell(host, "subnet-id"));
    expect(error).toContain(
      `network security group ${nsgId} denies Azure Load Balancer on port 60001`,
    );
    expect(error).toContain("rule DenyLoadBalancerProbe, priority 1000");
    expect(error).toContain(
      `az network nsg rule create --resource-group ${NET_RG} --nsg-name ${nsgId.split("/").pop()} --name AllowImageBuilderProxy --priority 999`,
    );
    expect(error).toContain("--source-address-prefixes AzureLoadBalancer");
  });

  test("private link service network policies left enabled are named, with the command that disables them", async () => {
    const { subnetId } = network({ privateLinkPolicies: "Enabled" });
    const error = await failsWith(host, { "subnet-id": subnetId, vhd: "true" });
    expect(error).toContain(spell(host, "subnet-id"));
    expect(error).toContain("private link service network policies are enabled");
    expect(error).toContain(
      `az network vnet subnet update --ids ${subnetId} --private-link-service-network-policies Disabled`,
    );
  });

  test("an isolated build's container subnet must be delegated to Azure Container Instances", async () => {
    const { subnetId, aciSubnetId } = network({ aci: {} });
    const error = await isolatedFailsWith(host, subnetId, aciSubnetId!);
    expect(error).toContain(spell(host, "template-file"));
    expect(error).toContain(
      `${aciSubnetId}, which is not delegated to Microsoft.ContainerInstance/containerGroups`,
    );
    expect(error).toContain(
      `az network vnet subnet update --ids ${aciSubnetId} --delegations Microsoft.ContainerInstance/containerGroups`,
    );
  });

  test("an isolated build's container subnet must be in the build subnet's network", async () => {
    const { subnetId } = network();
    const other = network({ aci: ACI });
    const error = await isolatedFailsWith(host, subnetId, other.aciSubnetId!);
    expect(error).toContain(spell(host, "template-file"));
    expect(error).toContain("Image Builder needs both subnets on the same virtual network");
    expect(error).toContain("--delegations Microsoft.ContainerInstance/containerGroups");
  });

  test("an isolated build needs the Microsoft.ContainerInstance provider registered", async () => {
    const { subnetId, aciSubnetId } = network({ aci: ACI });
    az.scenario.unregisteredProviders = ["Microsoft.ContainerInstance"];
    const error = await isolatedFailsWith(host, subnetId, aciSubnetId!);
    expect(error).toContain("the Microsoft.ContainerInstance resource provider is NotRegistered");
    expect(error).toContain(
      `az provider register --namespace Microsoft.ContainerInstance --subscription ${az.subscriptionId}`,
    );
  });

  test("an isolated build does not need private link policies disabled: the proxy VM is not used", async () => {
    const { subnetId, aciSubnetId } = network({
      privateLinkPolicies: "Enabled",
      rules: [denyLoadBalancer],
      aci: ACI,
    });
    const workspace = makeWorkspace({
      "image/template.json": isolatedTemplate(subnetId, aciSubnetId!),
    });
    try {
      const result = await runStep(stepAgainst(az, host, fileInputs(), { workspace }));
      expect(result.errors).toEqual([]);
      expect(result.exitCode).toBe(0);
    } finally {
      removeWorkspace(workspace);
    }
  });

  test("a template identity that may not join the subnet is named, with the role assignment that fixes it", async () => {
    const { subnetId, vnetId } = network();
    const identity = identityWith(`id-nojoin-${host}`, [
      ["Contributor", groupId(az.defaults.resourceGroup)],
      ["Reader", vnetId],
    ]);
    const error = await failsWith(host, {
      "subnet-id": subnetId,
      identity: identity.id,
      vhd: "true",
    });
    expect(error).toContain(spell(host, "identity"));
    expect(error).toContain(`may not join the subnet ${subnetId}`);
    expect(error).toContain(`Microsoft.Network/virtualNetworks/subnets/join/action on ${subnetId}`);
    expect(error).not.toContain("Microsoft.Network/virtualNetworks/read");
    expect(error).toContain(
      `az role assignment create --assignee-object-id ${identity.principalId} --assignee-principal-type ServicePrincipal --role "Network Contributor" --scope ${vnetId}`,
    );
  });

  test("a template identity that may not publish to the gallery is named, not-actions included", async () => {
    const definition = az.seed.galleryImage(az.defaults.resourceGroup, "galImages", `tl-${host}`, {
      securityType: "TrustedLaunchSupported",
    });
    const noImages = az.cloud.rbac.addRoleDefinition({
      roleName: `Everything but images ${host}`,
      actions: ["*"],
      notActions: ["Microsoft.Compute/galleries/images/versions/*"],
    });
    const identity = identityWith(`id-nowrite-${host}`, [
      [noImages.id, groupId(az.defaults.resourceGroup)],
    ]);
    const error = await failsWith(host, {
      identity: identity.id,
      "gallery-image-id": definition,
      "image-version": "1.0.0",
    });
    expect(error).toContain(spell(host, "identity"));
    expect(error).toContain(`may not publish image versions to ${definition}`);
    expect(error).toContain(`Microsoft.Compute/galleries/images/versions/write on ${definition}`);
    expect(error).toContain(
      `--role "Contributor" --scope ${definition.replace(/\/images\/[^/]+$/, "")}`,
    );
  });

  test("a template identity that may not read a gallery version source is named, with the Reader assignment that fixes it", async () => {
    const sources = `rg-sources-${host}`;
    az.seed.resourceGroup(sources);
    const definition = az.seed.galleryImage(sources, "galSources", "ubuntu-base");
    const version = az.cloud.addGalleryImageVersion(definition, "3.1.0");
    const identity = identityWith(`id-nosource-${host}`, [
      ["Contributor", groupId(az.defaults.resourceGroup)],
    ]);
    const error = await failsWith(host, {
      identity: identity.id,
      source: version.id,
      vhd: "true",
    });
    expect(error).toContain(spell(host, "identity"));
    expect(error).toContain(`may not read the source image ${version.id}`);
    expect(error).toContain("Microsoft.Compute/galleries/images/versions/read");
    expect(error).toContain(
      `--role "Reader" --scope ${definition.replace(/\/images\/[^/]+$/, "")}`,
    );
  });

  test("a Windows build needs port 60000 open to Azure Load Balancer, not 60001", async () => {
    const onlyWindowsPort: SecurityRule = { ...denyLoadBalancer, destinationPortRange: "60000" };
    const closed = network({ rules: [onlyWindowsPort] });
    const windows = {
      "subnet-id": closed.subnetId,
      source: "MicrosoftWindowsServer:WindowsServer:2022-datacenter-g2:latest",
      "os-type": "windows",
      scripts: "",
      "inline-script": "Write-Output hello",
      vhd: "true",
    };
    const error = await failsWith(host, windows);
    expect(error).toContain(`denies Azure Load Balancer on port 60000`);
    // The same rule does not stop a Linux build, whose proxy VM listens on 60001.
    const linux = await runStep(
      stepAgainst(az, host, { ...baseInputs(az), "subnet-id": closed.subnetId, vhd: "true" }),
    );
    expect(linux.errors).toEqual([]);
    expect(linux.exitCode).toBe(0);
  });

  test("an identity with no role of its own (roles through a group are not read) is said in the log, not flagged; the build goes on", async () => {
    const { subnetId } = network();
    const identity = az.seed.identity(az.defaults.resourceGroup, `id-group-roles-${host}`);
    az.seed.grantBlobRead(identity.id, az.defaults.storageAccount, az.defaults.container);
    const result = await runStep(
      stepAgainst(az, host, {
        ...baseInputs(az),
        identity: identity.id,
        "subnet-id": subnetId,
        vhd: "true",
      }),
    );
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.log.join("\n")).toContain(
      `The template identity's permissions were not checked: no role is assigned to ${identity.id}`,
    );
    expect(result.raw).not.toContain("Check skipped");
  });

  test("a source of another Hyper-V generation than the gallery image definition names the definition", async () => {
    const error = await failsWith(host, {
      source: "Canonical:ubuntu-24_04-lts:server-gen1:latest",
      "gallery-image-id": az.defaults.galleryImageId,
      "image-version": "1.0.0",
    });
    expect(error).toContain(spell(host, "gallery-image-id"));
    expect(error).toContain("of Hyper-V generation V2, but the source");
    expect(error).toContain(
      "Canonical:ubuntu-24_04-lts:server-gen1:24.04.202611010) is generation V1",
    );
    expect(error).toContain("--hyper-v-generation V1");
  });

  test("a standard source published to a Trusted Launch definition names the definition", async () => {
    az.cloud.platformImages.addPlatformImage("Contoso", "hardened", `gen2-${host}`, "1.0.0", {
      hyperVGeneration: "V2",
    });
    const definition = az.seed.galleryImage(az.defaults.resourceGroup, "galImages", `tls-${host}`, {
      securityType: "TrustedLaunchSupported",
    });
    const error = await failsWith(host, {
      source: `Contoso:hardened:gen2-${host}:latest`,
      "gallery-image-id": definition,
      "image-version": "1.0.0",
    });
    expect(error).toContain(spell(host, "gallery-image-id"));
    expect(error).toContain("of security type TrustedLaunchSupported, but the source");
    expect(error).toContain("is of security type Standard");
  });

  test("a platform image the region does not offer names the source input", async () => {
    const error = await failsWith(host, {
      source: "Canonical:ubuntu-24_04-lts:no-such-sku:latest",
      vhd: "true",
    });
    expect(error).toContain(spell(host, "source"));
    expect(error).toContain("az vm image list");
  });

  test("reads the pipeline's identity may not make skip the network checks with one notice; the build goes on", async () => {
    const { subnetId } = network();
    az.scenario.deniedActions = ["Microsoft.Network/*/read"];
    const result = await runStep(
      stepAgainst(az, host, { ...baseInputs(az), "subnet-id": subnetId, vhd: "true" }),
    );
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const notices = result.log.filter((l) =>
      l.includes("Skipped the network checks before the build"),
    );
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain("AuthorizationFailed");
    expect(notices[0]).toContain("Reader on the virtual network");
  });

  test("a private network that passes every check builds, with the template identity's roles read", async () => {
    const { subnetId, vnetId } = network();
    const identity = identityWith(`id-ok-${host}`, [
      ["Contributor", groupId(az.defaults.resourceGroup)],
      ["Network Contributor", vnetId],
    ]);
    const result = await runStep(
      stepAgainst(az, host, {
        ...baseInputs(az),
        "subnet-id": subnetId,
        identity: identity.id,
        vhd: "true",
      }),
    );
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.log.filter((l) => l.includes("Skipped the"))).toEqual([]);
    expect(
      az.requestLog.some(
        (r) => /roleAssignments$/i.test(r.path) && r.query.$filter?.includes(identity.principalId),
      ),
    ).toBe(true);
  });
});
