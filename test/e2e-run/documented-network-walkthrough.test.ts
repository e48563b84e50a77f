/**
 * Microsoft's walkthrough for building in an existing virtual network, followed on the local
 * Azure with its own artifacts (test/fixtures/networks/sources.json): the quickstart template
 * as published, the two custom roles it assigns to the template's identity, and the NSG rule
 * it adds, parsed from its `az network nsg rule create` block as posted. A step the reader has
 * not done yet is named before anything is created; once every step is done, the build runs.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startLocalAzure, type LocalAzure } from "../../local-azure/harness.js";
import type { SecurityRule } from "../../local-azure/networks.js";
import { expectConformant } from "../../local-azure/sdk-clients.js";
import { runStep, type HostKind } from "../../local-ci/ci-step.js";
import { makeWorkspace, removeWorkspace } from "../../local-ci/run-bundle.js";
import { baseInputs, stagedBlobs, stepAgainst } from "../../local-ci/local-azure-step.js";

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures");
const fixture = (rel: string) => readFileSync(path.join(FIXTURES, rel), "utf8");
const QUICKSTART_FILES =
  "https://raw.githubusercontent.com/danielsollondon/azvmimagebuilder/master/quickquickstarts";

let az: LocalAzure;
beforeAll(async () => {
  az = await startLocalAzure({ templateGetRetryAfterMs: 100 });
  // The quickstart's source; the Compute API still lists Ubuntu 18.04 images.
  az.cloud.platformImages.addPlatformImage(
    "Canonical",
    "UbuntuServer",
    "18.04-LTS",
    "18.04.202306070",
    {
      hyperVGeneration: "V1",
      location: az.location,
    },
  );
  az.seed.externalFile(
    `${QUICKSTART_FILES}/customizeScript.sh`,
    fixture("networks/customizeScript.sh"),
  );
  az.seed.externalFile(
    `${QUICKSTART_FILES}/customizeScript2.sh`,
    fixture("networks/customizeScript2.sh"),
  );
  az.seed.externalFile(
    `${QUICKSTART_FILES}/exampleArtifacts/buildArtifacts/index.html`,
    fixture("networks/index.html"),
  );
});
afterAll(async () => {
  await az?.stop();
});
afterEach(() => expectConformant(az));

/** The rule an `az network nsg rule create` block creates, read from its flags as posted. */
function ruleFromAzCli(block: string): SecurityRule {
  const args = block.replace(/\\\n/g, " ").match(/"[^"]*"|\S+/g) ?? [];
  const flag = (...names: string[]) => {
    const at = args.findIndex((a) => names.includes(a));
    return at >= 0 ? args[at + 1]!.replace(/^"|"$/g, "") : undefined;
  };
  return {
    name: flag("-n", "--name")!,
    priority: Number(flag("--priority")),
    // As posted: the CLI passes "inbound" on, and Resource Manager compares it without case.
    direction: flag("--direction") as SecurityRule["direction"],
    access: flag("--access") as SecurityRule["access"],
    protocol: flag("--protocol") as SecurityRule["protocol"],
    sourceAddressPrefixes: [flag("--source-address-prefixes")!],
    sourcePortRange: "*",
    destinationAddressPrefixes: [flag("--destination-address-prefixes")!],
    destinationPortRanges: [flag("--destination-port-ranges")!],
    description: flag("--description")!,
  };
}

/** A custom role file as `az role definition create --role-definition` reads it, after the walkthrough's sed. */
function customRole(file: string, names: Record<string, string>, roleName: string) {
  let text = fixture(`networks/${file}`);
  for (const [k, v] of Object.entries(names)) text = text.split(`<${k}>`).join(v);
  const role = JSON.parse(text) as { Actions: string[]; NotActions: string[]; Description: string };
  return az.cloud.rbac.addRoleDefinition({
    roleName,
    description: role.Description,
    actions: role.Actions,
    notActions: role.NotActions,
  });
}

const HOSTS: HostKind[] = ["github", "ado"];

describe.each(HOSTS)("the existing-network walkthrough on %s", (host) => {
  // The walkthrough's names, one set per host so the two runs do not share a network.
  const vnetRgName = `existingVnetRG-${host}`;
  const vnetName = "myexistingvnet01";
  const subnetName = "subnet01";
  const nsgName = "aibdemoNsg";

  function walkthroughNetwork() {
    az.seed.resourceGroup(vnetRgName, az.location);
    const vnet = az.cloud.networks.addVirtualNetwork(vnetRgName, vnetName, {
      addressPrefixes: ["10.0.0.0/16"],
    });
    const nsg = az.cloud.networks.addNetworkSecurityGroup(vnetRgName, nsgName);
    // `az network vnet create --subnet-name`: Azure's default keeps private link policies on.
    const subnet = az.cloud.networks.addSubnet(vnet.id, subnetName, {
      addressPrefix: "10.0.0.0/24",
      networkSecurityGroupId: nsg.id,
    });
    return { vnet, nsg, subnet };
  }

  function identityWithWalkthroughRoles(opts: { network: boolean }) {
    const identity = az.seed.identity(
      az.defaults.resourceGroup,
      `aibBuiUserId-${host}-${opts.network}`,
    );
    const names = {
      subscriptionID: az.subscriptionId,
      rgName: az.defaults.resourceGroup,
      vnetRgName,
    };
    const image = customRole(
      "aibRoleImageCreation.json",
      names,
      `Azure Image Builder Image Def ${host} ${opts.network}`,
    );
    az.cloud.rbac.assignRole(
      identity.principalId,
      image.id,
      `/subscriptions/${az.subscriptionId}/resourceGroups/${az.defaults.resourceGroup}`,
    );
    if (opts.network) {
      const net = customRole(
        "aibRoleNetworking.json",
        names,
        `Azure Image Builder Network Def ${host}`,
      );
      az.cloud.rbac.assignRole(
        identity.principalId,
        net.id,
        `/subscriptions/${az.subscriptionId}/resourceGroups/${vnetRgName}`,
      );
    }
    return identity;
  }

  function inputs(identityId: string, imageName: string): Record<string, string> {
    const base = baseInputs(az);
    delete base.scripts;
    delete base.source;
    delete base.identity;
    return {
      ...base,
      "template-file": "existingVNETLinux.json",
      variables: [
        `subscriptionID=${az.subscriptionId}`,
        `rgName=${az.defaults.resourceGroup}`,
        `region=${az.location}`,
        `imageName=${imageName}`,
        "runOutputName=aibCustLinManImg01ro",
        `vnetName=${vnetName}`,
        `subnetName=${subnetName}`,
        `vnetRgName=${vnetRgName}`,
        `imgBuilderId=${identityId}`,
      ].join("\n"),
    };
  }

  async function run(identityId: string, imageName: string) {
    const workspace = makeWorkspace({
      "existingVNETLinux.json": fixture("templates/aib-linux-existing-vnet.json"),
    });
    try {
      return await runStep(stepAgainst(az, host, inputs(identityId, imageName), { workspace }));
    } finally {
      removeWorkspace(workspace);
    }
  }

  const templatePuts = () =>
    az.requestLog.filter((r) => r.method === "PUT" && /imageTemplates/i.test(r.path)).length;

  test("each step not yet done is named before anything is created; with all of them the build runs", async () => {
    const { nsg, subnet } = walkthroughNetwork();
    const identity = identityWithWalkthroughRoles({ network: true });
    const imageName = `aibCustomLinuxImg01-${host}`;
    const puts = templatePuts();
    const blobs = (await stagedBlobs(az)).length;

    // "Disable private service policy on the subnet" not done yet.
    const before = await run(identity.id, imageName);
    expect(before.exitCode).not.toBe(0);
    expect(before.errors).toHaveLength(1);
    expect(before.errors[0]).toContain("private link service network policies are enabled");
    expect(before.errors[0]).toContain(
      `az network vnet subnet update --ids ${subnet.id} --private-link-service-network-policies Disabled`,
    );

    // Done; but the network's NSG (as many existing ones do) denies inbound traffic before
    // the walkthrough's rule is added.
    subnet.privateLinkServiceNetworkPolicies = "Disabled";
    az.cloud.networks.addSecurityRule(nsg.id, {
      name: "DenyAllInbound-Corp",
      priority: 500,
      direction: "Inbound",
      access: "Deny",
      protocol: "*",
      sourceAddressPrefix: "*",
      sourcePortRange: "*",
      destinationAddressPrefix: "*",
      destinationPortRange: "*",
    });
    const closed = await run(identity.id, imageName);
    expect(closed.errors).toHaveLength(1);
    expect(closed.errors[0]).toContain(
      `network security group ${nsg.id} denies Azure Load Balancer on port 60001`,
    );
    expect(closed.errors[0]).toContain("rule DenyAllInbound-Corp, priority 500");
    expect(templatePuts()).toBe(puts);
    expect((await stagedBlobs(az)).length).toBe(blobs);

    // "Add an NSG rule", as posted: priority 400 comes before the deny rule.
    az.cloud.networks.addSecurityRule(
      nsg.id,
      ruleFromAzCli(fixture("networks/image-builder-vnet.nsg-rule.azcli")),
    );
    const built = await run(identity.id, imageName);
    expect(built.errors).toEqual([]);
    expect(built.exitCode).toBe(0);
    const imageId = `/subscriptions/${az.subscriptionId}/resourceGroups/${az.defaults.resourceGroup}/providers/Microsoft.Compute/images/${imageName}`;
    expect(built.outputs["image-version-id"]).toBe(imageId);
    // Image Builder joined the subnet and wrote the image as the template's identity, with the
    // walkthrough's two roles.
    const asIdentity = az.serviceRequestLog.filter((r) => r.principalId === identity.principalId);
    expect(asIdentity.some((r) => r.path === `${subnet.id}/join` && r.status === 200)).toBe(true);
    expect(
      asIdentity.some((r) => r.method === "PUT" && r.path === imageId && r.status === 200),
    ).toBe(true);
  });

  test("without the walkthrough's networking role, the template identity is named with the assignment that fixes it", async () => {
    const { subnet, vnet } = walkthroughNetwork();
    subnet.privateLinkServiceNetworkPolicies = "Disabled";
    const identity = identityWithWalkthroughRoles({ network: false });
    const puts = templatePuts();
    const result = await run(identity.id, `aibNoNetworkRole-${host}`);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain(`may not join the subnet ${subnet.id}`);
    expect(result.errors[0]).toContain(`--assignee-object-id ${identity.principalId}`);
    expect(result.errors[0]).toContain(`--scope ${vnet.id}`);
    expect(templatePuts()).toBe(puts);
  });
});
