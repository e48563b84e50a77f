import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import type { ImageBuilderClient } from "@azure/arm-imagebuilder";
import { startLocalAzure, type LocalAzure } from "../../local-azure/harness.js";
import { decidingRule, type Flow } from "../../local-azure/networks.js";
import {
  FAST_POLL,
  armGet,
  blobServiceClient,
  expectConformant,
  imageBuilderClient,
  linuxTemplate,
} from "../../local-azure/sdk-clients.js";

const NETWORK_API = "2024-05-01";
const AUTHORIZATION_API = "2022-04-01";
const COMPUTE_API = "2024-07-01";
const ACI = "Microsoft.ContainerInstance/containerGroups";

describe("the local Azure's networks, RBAC, providers and platform images", () => {
  let az: LocalAzure;
  let client: ImageBuilderClient;
  const get = async (path: string, apiVersion: string, query = "") =>
    armGet(az, client, `${az.armEndpoint}${path}?api-version=${apiVersion}${query}`);

  beforeAll(async () => {
    az = await startLocalAzure();
    client = imageBuilderClient(az);
  });
  afterAll(async () => {
    await az?.stop();
  });
  afterEach(() => {
    az.scenario.deniedActions = [];
    az.scenario.unregisteredProviders = [];
    expectConformant(az);
  });

  describe("Microsoft.Network", () => {
    it("answers a virtual network with its subnets, and one subnet with its NSG, delegations and policies", async () => {
      const net = az.cloud.networks;
      const nsg = net.addNetworkSecurityGroup("rg-net", "nsg-build");
      const vnet = net.addVirtualNetwork("rg-net", "vnet-build", { location: "eastus" });
      const build = net.addSubnet(vnet.id, "snet-build", {
        networkSecurityGroupId: nsg.id,
        privateLinkServiceNetworkPolicies: "Disabled",
      });
      const aci = net.addSubnet(vnet.id, "snet-aci", { delegations: [ACI] });

      const v = await get(vnet.id, NETWORK_API);
      expect(v.status).toBe(200);
      expect(v.json).toMatchObject({
        id: vnet.id,
        name: "vnet-build",
        location: "eastus",
        properties: {
          addressSpace: { addressPrefixes: ["10.0.0.0/16"] },
          subnets: [{ id: build.id }, { id: aci.id }],
        },
      });

      const s = await get(build.id, NETWORK_API);
      expect(s.json).toMatchObject({
        id: build.id,
        name: "snet-build",
        properties: {
          addressPrefix: "10.0.0.0/24",
          networkSecurityGroup: { id: nsg.id },
          delegations: [],
          privateLinkServiceNetworkPolicies: "Disabled",
          privateEndpointNetworkPolicies: "Disabled",
        },
      });
      const a = await get(aci.id, NETWORK_API);
      expect(a.json).toMatchObject({
        properties: {
          addressPrefix: "10.0.1.0/24",
          delegations: [{ properties: { serviceName: ACI } }],
          // Azure's default, which a proxy-VM build cannot use.
          privateLinkServiceNetworkPolicies: "Enabled",
        },
      });
      expect((a.json as any).properties.networkSecurityGroup).toBeUndefined();
    });

    it("answers missing networks, subnets and groups with the codes Azure uses", async () => {
      const vnet = az.cloud.networks.addVirtualNetwork("rg-net", "vnet-missing-subnet");
      const sub = `/subscriptions/${az.subscriptionId}`;
      const missingSubnet = await get(`${vnet.id}/subnets/nope`, NETWORK_API);
      expect(missingSubnet.status).toBe(404);
      expect((missingSubnet.json as any).error).toMatchObject({
        code: "NotFound",
        message: `Resource ${vnet.id}/subnets/nope not found.`,
      });
      const missingVnet = await get(
        `${sub}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/nope`,
        NETWORK_API,
      );
      expect(missingVnet.status).toBe(404);
      expect((missingVnet.json as any).error.code).toBe("ResourceNotFound");
      const missingNsg = await get(
        `${sub}/resourceGroups/rg-net/providers/Microsoft.Network/networkSecurityGroups/nope`,
        NETWORK_API,
      );
      expect((missingNsg.json as any).error.code).toBe("ResourceNotFound");
      const missingGroup = await get(
        `${sub}/resourceGroups/rg-nope/providers/Microsoft.Network/virtualNetworks/v/subnets/s`,
        NETWORK_API,
      );
      expect(missingGroup.status).toBe(404);
      expect((missingGroup.json as any).error.code).toBe("ResourceGroupNotFound");
    });

    it("answers an NSG with Azure's six default rules besides its custom ones", async () => {
      const nsg = az.cloud.networks.addNetworkSecurityGroup("rg-net", "nsg-custom", {
        rules: [
          {
            name: "DenyAllInbound",
            priority: 4096,
            direction: "Inbound",
            access: "Deny",
            protocol: "*",
            sourceAddressPrefix: "*",
            sourcePortRange: "*",
            destinationAddressPrefix: "*",
            destinationPortRange: "*",
          },
        ],
      });
      const r = await get(nsg.id, NETWORK_API);
      const props = (r.json as any).properties;
      expect(props.securityRules.map((x: any) => [x.name, x.properties.priority])).toEqual([
        ["DenyAllInbound", 4096],
      ]);
      expect(
        props.defaultSecurityRules.map((x: any) => [
          x.name,
          x.properties.priority,
          x.properties.direction,
          x.properties.access,
        ]),
      ).toEqual([
        ["AllowVnetInBound", 65000, "Inbound", "Allow"],
        ["AllowAzureLoadBalancerInBound", 65001, "Inbound", "Allow"],
        ["DenyAllInBound", 65500, "Inbound", "Deny"],
        ["AllowVnetOutBound", 65000, "Outbound", "Allow"],
        ["AllowInternetOutBound", 65001, "Outbound", "Allow"],
        ["DenyAllOutBound", 65500, "Outbound", "Deny"],
      ]);
      expect(props.defaultSecurityRules[1].properties.sourceAddressPrefix).toBe(
        "AzureLoadBalancer",
      );
    });

    it("decides a flow by the matching rule with the lowest priority", () => {
      const net = az.cloud.networks;
      const lb: Flow = {
        direction: "Inbound",
        protocol: "Tcp",
        source: "AzureLoadBalancer",
        destinationPrefix: "10.0.0.0/24",
        port: 60001,
      };
      const open = net.addNetworkSecurityGroup("rg-net", "nsg-open");
      expect(decidingRule(open, lb)?.name).toBe("AllowAzureLoadBalancerInBound");
      const closed = net.addNetworkSecurityGroup("rg-net", "nsg-closed", {
        rules: [
          {
            name: "DenyEverything",
            priority: 4000,
            direction: "Inbound",
            access: "Deny",
            protocol: "*",
            sourceAddressPrefix: "*",
            destinationAddressPrefix: "*",
            destinationPortRange: "*",
          },
        ],
      });
      expect(decidingRule(closed, lb)).toMatchObject({ name: "DenyEverything", access: "Deny" });
      net.addSecurityRule(closed.id, {
        name: "AllowProxy",
        priority: 400,
        direction: "Inbound",
        access: "Allow",
        protocol: "Tcp",
        sourceAddressPrefix: "AzureLoadBalancer",
        destinationAddressPrefix: "10.0.0.0/16",
        destinationPortRange: "60000-60001",
      });
      expect(decidingRule(closed, lb)?.name).toBe("AllowProxy");
      expect(decidingRule(closed, { ...lb, port: 22 })?.name).toBe("DenyEverything");
      // A rule for another subnet's addresses, or for UDP only, does not decide this flow.
      expect(decidingRule(closed, { ...lb, destinationPrefix: "10.1.0.0/24" })?.name).toBe(
        "DenyEverything",
      );
      expect(decidingRule(closed, { ...lb, protocol: "Udp" })?.name).toBe("DenyEverything");
      // The load balancer's address stands for its tag.
      net.addSecurityRule(closed.id, {
        name: "DenyProbeAddress",
        priority: 300,
        direction: "Inbound",
        access: "Deny",
        protocol: "*",
        sourceAddressPrefix: "168.63.129.16/32",
        destinationAddressPrefix: "*",
        destinationPortRanges: ["60001"],
      });
      expect(decidingRule(closed, lb)?.name).toBe("DenyProbeAddress");
    });

    it("refuses a read the scenario denies, with AuthorizationFailed", async () => {
      const vnet = az.cloud.networks.addVirtualNetwork("rg-net", "vnet-denied");
      const subnet = az.cloud.networks.addSubnet(vnet.id, "default");
      az.scenario.deniedActions = ["Microsoft.Network/virtualNetworks/subnets/read"];
      const r = await get(subnet.id, NETWORK_API);
      expect(r.status).toBe(403);
      expect((r.json as any).error.code).toBe("AuthorizationFailed");
      expect((r.json as any).error.message).toContain(
        "'Microsoft.Network/virtualNetworks/subnets/read' over scope",
      );
      expect((await get(vnet.id, NETWORK_API)).status).toBe(200);
    });
  });

  describe("resource provider registration", () => {
    const path = () => `/subscriptions/${az.subscriptionId}/providers/Microsoft.ContainerInstance`;

    it("has Microsoft.ContainerInstance registered unless the scenario unregisters it", async () => {
      expect((await get(path(), "2021-04-01")).json).toMatchObject({
        namespace: "Microsoft.ContainerInstance",
        registrationState: "Registered",
      });
      az.scenario.unregisteredProviders = ["Microsoft.ContainerInstance"];
      const r = await get(path(), "2021-04-01");
      expect(r.status).toBe(200);
      expect((r.json as any).registrationState).toBe("NotRegistered");
      const groups = await get(
        `/subscriptions/${az.subscriptionId}/resourceGroups/rg-images/providers/Microsoft.ContainerInstance/containerGroups`,
        "2023-05-01",
      );
      expect(groups.status).toBe(409);
      expect((groups.json as any).error.code).toBe("MissingSubscriptionRegistration");
    });

    it("does not know a made-up namespace, and denies the read like any other", async () => {
      const r = await get(
        `/subscriptions/${az.subscriptionId}/providers/Contoso.Nothing`,
        "2021-04-01",
      );
      expect(r.status).toBe(404);
      expect((r.json as any).error.code).toBe("InvalidResourceNamespace");
      az.scenario.deniedActions = ["Microsoft.Resources/subscriptions/providers/read"];
      expect((await get(path(), "2021-04-01")).status).toBe(403);
    });
  });

  describe("Microsoft.Authorization", () => {
    it("lists a principal's role assignments wherever they are, with the definitions' ids", async () => {
      const who = az.seed.identity("rg-images", "id-rbac-list");
      const sub = `/subscriptions/${az.subscriptionId}`;
      const rbac = az.cloud.rbac;
      const atGroup = rbac.assignRole(
        who.principalId,
        "Contributor",
        `${sub}/resourceGroups/rg-images`,
      );
      const vnet = az.cloud.networks.addVirtualNetwork("rg-net", "vnet-rbac");
      const subnet = az.cloud.networks.addSubnet(vnet.id, "default");
      rbac.assignRole(who.principalId, "4d97b98b-1d4f-4787-a291-c67834d212e7", subnet.id);
      rbac.assignRole(az.defaults.identity.principalId, "Reader", sub);

      const r = await get(
        `${sub}/providers/Microsoft.Authorization/roleAssignments`,
        AUTHORIZATION_API,
        `&$filter=${encodeURIComponent(`principalId eq '${who.principalId}'`)}`,
      );
      expect(r.status).toBe(200);
      const value = (r.json as any).value;
      expect(value).toHaveLength(2);
      expect(value[0]).toEqual(
        expect.objectContaining({
          id: atGroup.id,
          name: atGroup.name,
          type: "Microsoft.Authorization/roleAssignments",
          properties: expect.objectContaining({
            roleDefinitionId: `${sub}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`,
            principalId: who.principalId,
            principalType: "ServicePrincipal",
            scope: `${sub}/resourceGroups/rg-images`,
          }),
        }),
      );
      expect(value[1].properties).toMatchObject({
        scope: subnet.id,
        roleDefinitionId: `${sub}/providers/Microsoft.Authorization/roleDefinitions/4d97b98b-1d4f-4787-a291-c67834d212e7`,
      });
    });

    it("answers built-in role definitions with Azure's actions and notActions, and custom ones", async () => {
      const sub = `/subscriptions/${az.subscriptionId}`;
      const contributor = await get(
        `${sub}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`,
        AUTHORIZATION_API,
      );
      expect(contributor.json).toMatchObject({
        id: `${sub}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`,
        name: "b24988ac-6180-42a0-ab88-20f7382dd24c",
        properties: {
          roleName: "Contributor",
          type: "BuiltInRole",
          permissions: [
            {
              actions: ["*"],
              notActions: expect.arrayContaining([
                "Microsoft.Authorization/*/Delete",
                "Microsoft.Authorization/*/Write",
                "Microsoft.Authorization/elevateAccess/Action",
              ]),
              dataActions: [],
              notDataActions: [],
            },
          ],
        },
      });
      const custom = az.cloud.rbac.addRoleDefinition({
        roleName: "Image Builder network joiner",
        actions: [
          "Microsoft.Network/virtualNetworks/read",
          "Microsoft.Network/virtualNetworks/subnets/join/action",
        ],
      });
      const c = await get(custom.id, AUTHORIZATION_API);
      expect(c.json).toMatchObject({
        name: custom.name,
        properties: { roleName: "Image Builder network joiner", type: "CustomRole" },
      });
      const missing = await get(
        `${sub}/providers/Microsoft.Authorization/roleDefinitions/00000000-0000-0000-0000-000000000001`,
        AUTHORIZATION_API,
      );
      expect(missing.status).toBe(404);
      expect((missing.json as any).error.code).toBe("RoleDefinitionDoesNotExist");
      const byName = await get(
        `${sub}/providers/Microsoft.Authorization/roleDefinitions`,
        AUTHORIZATION_API,
        `&$filter=${encodeURIComponent("roleName eq 'Virtual Machine Contributor'")}`,
      );
      expect((byName.json as any).value.map((d: any) => d.name)).toEqual([
        "9980e02c-c2be-4d73-94e8-173b1dc7cf3c",
      ]);
    });

    it("grants by wildcard, honours the same permission's notActions, and inherits down scopes", () => {
      const rbac = az.cloud.rbac;
      const sub = `/subscriptions/${az.subscriptionId}`;
      const principal = az.seed.identity("rg-images", "id-rbac-eval").principalId;
      const image = `${sub}/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/g/images/i`;
      const join = "Microsoft.Network/virtualNetworks/subnets/join/action";
      const subnet = `${sub}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/v/subnets/s`;
      expect(rbac.isGranted(principal, "Microsoft.Compute/galleries/images/read", image)).toBe(
        false,
      );
      rbac.assignRole(principal, "Reader", `${sub}/resourceGroups/rg-images`);
      expect(rbac.isGranted(principal, "Microsoft.Compute/galleries/images/read", image)).toBe(
        true,
      );
      expect(
        rbac.isGranted(principal, "Microsoft.Compute/galleries/images/versions/write", image),
      ).toBe(false);
      // Not in another group, whose name merely starts the same.
      expect(
        rbac.isGranted(
          principal,
          "Microsoft.Compute/images/read",
          `${sub}/resourceGroups/rg-images2`,
        ),
      ).toBe(false);
      rbac.assignRole(principal, "Contributor", `${sub}/resourceGroups/RG-NET`);
      expect(rbac.isGranted(principal, join, subnet)).toBe(true);
      expect(
        rbac.isGranted(principal, "Microsoft.Authorization/roleAssignments/write", subnet),
      ).toBe(false);
      const narrow = rbac.addRoleDefinition({
        roleName: "All of Network but joining",
        actions: ["Microsoft.Network/*"],
        notActions: ["Microsoft.Network/virtualNetworks/subnets/join/action"],
      });
      const other = az.seed.identity("rg-images", "id-rbac-narrow").principalId;
      rbac.assignRole(other, narrow.id, sub);
      expect(rbac.isGranted(other, "Microsoft.Network/virtualNetworks/read", subnet)).toBe(true);
      expect(rbac.isGranted(other, join, subnet)).toBe(false);
      // A notAction only removes from its own permission: another role still grants it.
      rbac.assignRole(other, "Virtual Machine Contributor", subnet);
      expect(rbac.isGranted(other, join, subnet)).toBe(true);
      expect(
        rbac.isGranted(
          other,
          "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
          subnet,
          "DataAction",
        ),
      ).toBe(false);
    });

    it("refuses role reads the scenario denies", async () => {
      az.scenario.deniedActions = ["Microsoft.Authorization/roleAssignments/read"];
      const r = await get(
        `/subscriptions/${az.subscriptionId}/providers/Microsoft.Authorization/roleAssignments`,
        AUTHORIZATION_API,
      );
      expect(r.status).toBe(403);
      expect((r.json as any).error.code).toBe("AuthorizationFailed");
    });
  });

  describe("platform images and gallery definitions", () => {
    const skus = (location: string, publisher: string, offer: string, sku: string) =>
      `/subscriptions/${az.subscriptionId}/providers/Microsoft.Compute/locations/${location}/publishers/${publisher}/artifacttypes/vmimage/offers/${offer}/skus/${sku}/versions`;

    it("lists a SKU's versions, highest first with $orderby=name desc and $top", async () => {
      const all = await get(
        skus("westus2", "canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2"),
        COMPUTE_API,
      );
      expect((all.json as any[]).map((v) => v.name)).toEqual([
        "22.04.202401161",
        "22.04.202403010",
      ]);
      const top = await get(
        skus("westus2", "Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2"),
        COMPUTE_API,
        "&$orderby=name%20desc&$top=1",
      );
      expect(top.json).toEqual([
        expect.objectContaining({ name: "22.04.202403010", location: "westus2" }),
      ]);
    });

    it("answers a version's generation and security type, as Azure publishes them", async () => {
      const base = skus("westus2", "MicrosoftWindowsServer", "WindowsServer", "2022-datacenter-g2");
      const g2 = await get(`${base}/20348.5622.260906`, COMPUTE_API);
      expect(g2.json).toMatchObject({
        name: "20348.5622.260906",
        location: "westus2",
        properties: {
          hyperVGeneration: "V2",
          osDiskImage: { operatingSystem: "Windows" },
          architecture: "x64",
          features: expect.arrayContaining([
            { name: "SecurityType", value: "TrustedLaunchSupported" },
          ]),
        },
      });
      const v1 = await get(
        `${skus("westus2", "MicrosoftWindowsServer", "WindowsServer", "2022-datacenter")}/20348.5622.260906`,
        COMPUTE_API,
      );
      expect((v1.json as any).properties.hyperVGeneration).toBe("V1");
      expect((v1.json as any).properties.features.map((f: any) => f.name)).not.toContain(
        "SecurityType",
      );
    });

    it("does not accept latest as a version, and knows seeded images only where they are", async () => {
      const latest = await get(
        `${skus("westus2", "Canonical", "ubuntu-24_04-lts", "server")}/latest`,
        COMPUTE_API,
      );
      expect(latest.status).toBe(404);
      expect((latest.json as any).error).toMatchObject({
        code: "NotFound",
        message: "Artifact: VMImage was not found.",
      });
      az.cloud.platformImages.addPlatformImage("contoso", "hardened", "cvm", "1.2.3", {
        hyperVGeneration: "V2",
        securityType: "TrustedLaunchAndConfidentialVmSupported",
        location: "eastus",
      });
      const there = await get(`${skus("eastus", "contoso", "hardened", "cvm")}/1.2.3`, COMPUTE_API);
      expect((there.json as any).properties.features[0]).toEqual({
        name: "SecurityType",
        value: "TrustedLaunchAndConfidentialVmSupported",
      });
      expect(
        (await get(`${skus("westus2", "contoso", "hardened", "cvm")}/1.2.3`, COMPUTE_API)).status,
      ).toBe(404);
    });

    it("answers a gallery image definition's security type feature and generation", async () => {
      const id = az.seed.galleryImage("rg-images", "galImages", "win-tl", {
        osType: "Windows",
        hyperVGeneration: "V2",
        securityType: "TrustedLaunch",
      });
      const r = await get(id, "2023-07-03");
      expect((r.json as any).properties).toMatchObject({
        hyperVGeneration: "V2",
        features: [{ name: "SecurityType", value: "TrustedLaunch" }],
      });
      const plain = await get(
        az.seed.galleryImage("rg-images", "galImages", "plain"),
        "2023-07-03",
      );
      expect((plain.json as any).properties.features).toBeUndefined();
      // The default definition is made as the portal makes one for a Gen2 source.
      const byDefault = await get(az.defaults.galleryImageId, "2023-07-03");
      expect((byDefault.json as any).properties.features).toEqual([
        { name: "SecurityType", value: "TrustedLaunchSupported" },
      ]);
    });
  });
});

describe("a build in an existing network, and the template identity's permissions", () => {
  let az: LocalAzure;
  let n = 0;
  beforeAll(async () => {
    az = await startLocalAzure();
  });
  afterAll(async () => {
    await az?.stop();
  });
  afterEach(() => {
    az.scenario.unregisteredProviders = [];
    az.scenario.templateIdentityRbac = undefined;
    expectConformant(az);
  });

  /** A network that meets Image Builder's checklist: NSG with the defaults, policies off, ACI subnet delegated. */
  function network(location = "westus2") {
    const net = az.cloud.networks;
    const tag = `${++n}`;
    const nsg = net.addNetworkSecurityGroup("rg-net", `nsg-${tag}`, { location });
    const vnet = net.addVirtualNetwork("rg-net", `vnet-${tag}`, { location });
    const subnet = net.addSubnet(vnet.id, "build", {
      networkSecurityGroupId: nsg.id,
      privateLinkServiceNetworkPolicies: "Disabled",
    });
    const aci = net.addSubnet(vnet.id, "aci", { delegations: [ACI] });
    return { nsg, vnet, subnet, aci };
  }

  const denyAllInbound = {
    name: "DenyAllInbound",
    priority: 4000,
    direction: "Inbound" as const,
    access: "Deny" as const,
    protocol: "*" as const,
    sourceAddressPrefix: "*",
    sourcePortRange: "*",
    destinationAddressPrefix: "*",
    destinationPortRange: "*",
  };

  /** Creates a template (as the SDK does) and runs it to its end; the service's verdict. */
  async function build(extra: Record<string, unknown>, identity?: { id: string }) {
    const name = `net-${++n}`;
    const client = imageBuilderClient(az);
    await (
      await client.virtualMachineImageTemplates.beginCreateOrUpdate(
        az.defaults.resourceGroup,
        name,
        linuxTemplate(az, [{ type: "Shell", name: "hello", inline: ["echo hello"] }], {
          ...(identity
            ? { identity: { type: "UserAssigned", userAssignedIdentities: { [identity.id]: {} } } }
            : {}),
          ...extra,
        }),
        FAST_POLL,
      )
    ).pollUntilDone();
    const error = await (
      await client.virtualMachineImageTemplates.beginRun(az.defaults.resourceGroup, name, FAST_POLL)
    )
      .pollUntilDone()
      .then(
        () => undefined,
        (e: unknown) => e as { code?: string; message: string },
      );
    const status = az.imageTemplate(az.defaults.resourceGroup, name)!.lastRunStatus!;
    return {
      name,
      error,
      runState: status.runState,
      message: status.message,
      log: async () => (await az.customizationLog(az.defaults.resourceGroup, name)) ?? "",
    };
  }
  const proxy = (subnetId: string) => ({ vmProfile: { vnetConfig: { subnetId } } });
  const isolated = (subnetId: string, containerInstanceSubnetId: string) => ({
    vmProfile: { vnetConfig: { subnetId, containerInstanceSubnetId } },
  });

  it("builds through a network that meets the checklist, joining the subnet as the template identity", async () => {
    const { vnet, subnet } = network();
    const before = az.serviceRequestLog.length;
    const r = await build(proxy(subnet.id));
    expect(r.error).toBeUndefined();
    expect(r.runState).toBe("Succeeded");
    const asIdentity = az.serviceRequestLog
      .slice(before)
      .filter((x) => x.principalId === az.defaults.identity.principalId)
      .map((x) => `${x.method} ${x.path} ${x.status}`);
    expect(asIdentity).toEqual([
      `GET ${vnet.id} 200`,
      `POST ${subnet.id}/join 200`,
      `GET ${az.defaults.galleryImageId} 200`,
      expect.stringMatching(
        /^PUT .*\/galleries\/galImages\/images\/ubuntu-24\/versions\/[\d.]+ 200$/,
      ),
    ]);
  });

  it("times out when the subnet's NSG keeps Azure Load Balancer from the proxy VM", async () => {
    const { nsg, subnet } = network();
    az.cloud.networks.addSecurityRule(nsg.id, denyAllInbound);
    const r = await build(proxy(subnet.id));
    expect(r.runState).toBe("Failed");
    expect(r.message).toContain(
      "Timeout waiting for microservice to complete: 'context deadline exceeded'",
    );
    expect(await r.log()).toContain("Timeout waiting for SSH.");
    // Letting the load balancer in on 60000-60001 first is enough.
    az.cloud.networks.addSecurityRule(nsg.id, {
      name: "AllowImageBuilderProxy",
      priority: 400,
      direction: "Inbound",
      access: "Allow",
      protocol: "Tcp",
      sourceAddressPrefix: "AzureLoadBalancer",
      destinationAddressPrefix: "VirtualNetwork",
      destinationPortRange: "60000-60001",
    });
    expect((await build(proxy(subnet.id))).runState).toBe("Succeeded");
  });

  it("cannot create the private link service while the subnet's network policies are enabled, unless the build is isolated", async () => {
    const { subnet, aci } = network();
    subnet.privateLinkServiceNetworkPolicies = "Enabled";
    const r = await build(proxy(subnet.id));
    expect(r.runState).toBe("Failed");
    expect(r.error?.message).toContain(
      "PrivateLinkServiceCannotBeCreatedInSubnetThatHasNetworkPoliciesEnabled",
    );
    expect(r.message).toContain(
      `cannot be created in a subnet ${subnet.id} since it has private link service network policies enabled.`,
    );
    expect((await build(isolated(subnet.id, aci.id))).runState).toBe("Succeeded");
  });

  it("cannot reach a subnet that does not exist or is in another region than the template", async () => {
    const far = network("eastus");
    const r = await build(proxy(far.subnet.id));
    expect(r.runState).toBe("Failed");
    expect(r.message).toContain(
      `InvalidResourceReference: Resource ${far.subnet.id} referenced by resource `,
    );
    expect(r.message).toContain("and that both resources are in the same region.");
    const missing = await build(proxy(`${far.vnet.id.replace("vnet-", "novnet-")}/subnets/build`));
    expect(missing.message).toContain("InvalidResourceReference");
  });

  it("fails an isolated build whose container subnet is undelegated, or whose provider is not registered", async () => {
    const { subnet, aci } = network();
    aci.delegations = [];
    const undelegated = await build(isolated(subnet.id, aci.id));
    expect(undelegated.message).toContain(
      `SubnetNotDelegated: The subnet '${aci.id}' is not delegated to '${ACI}'`,
    );
    aci.delegations = [ACI];
    az.scenario.unregisteredProviders = ["Microsoft.ContainerInstance"];
    const unregistered = await build(isolated(subnet.id, aci.id));
    expect(unregistered.message).toContain(
      "MissingSubscriptionRegistration: The subscription is not registered to use namespace 'Microsoft.ContainerInstance'.",
    );
    az.scenario.unregisteredProviders = [];
    expect((await build(isolated(subnet.id, aci.id))).runState).toBe("Succeeded");
  });

  it("refuses to join the subnet for a template identity whose roles do not grant it", async () => {
    const { vnet, subnet } = network();
    const identity = az.seed.identity("rg-images", `id-join-${n}`);
    const sub = `/subscriptions/${az.subscriptionId}`;
    az.cloud.rbac.assignRole(identity.principalId, "Reader", sub);
    az.cloud.rbac.assignRole(
      identity.principalId,
      "Contributor",
      `${sub}/resourceGroups/rg-images`,
    );
    const r = await build(proxy(subnet.id), identity);
    expect(r.runState).toBe("Failed");
    expect(r.message).toContain(
      `LinkedAuthorizationFailed: The client '${identity.principalId}' with object id '${identity.principalId}' has permission to perform action 'Microsoft.Network/loadBalancers/write'`,
    );
    expect(r.message).toContain(
      `does not have permission to perform action(s) 'Microsoft.Network/virtualNetworks/subnets/join/action' on the linked scope(s) '${subnet.id}'`,
    );
    az.cloud.rbac.assignRole(identity.principalId, "Network Contributor", vnet.id);
    expect((await build(proxy(subnet.id), identity)).runState).toBe("Succeeded");
  });

  it("checks an identity without any role assignment only when the scenario opts in", async () => {
    const { subnet } = network();
    const identity = az.seed.identity("rg-images", `id-none-${n}`);
    expect((await build(proxy(subnet.id), identity)).runState).toBe("Succeeded");
    az.scenario.templateIdentityRbac = true;
    const r = await build(proxy(subnet.id), identity);
    expect(r.message).toContain(
      `AuthorizationFailed: The client '${identity.principalId}' with object id '${identity.principalId}' does not have authorization to perform action 'Microsoft.Network/virtualNetworks/read'`,
    );
  });

  it("fails a build whose identity may not read its managed image source, or write the gallery version", async () => {
    const identity = az.seed.identity("rg-images", `id-images-${n}`);
    const source = az.cloud.addManagedImage("rg-sources", "golden", { hyperVGeneration: "V2" });
    const sub = `/subscriptions/${az.subscriptionId}`;
    az.cloud.rbac.assignRole(identity.principalId, "Reader", `${sub}/resourceGroups/rg-images`);
    // A managed image has no security type: it is published to a standard definition.
    const standard = az.seed.galleryImage("rg-images", "galImages", `standard-${n}`);
    const fromManaged = {
      source: { type: "ManagedImage", imageId: source.id },
      distribute: [
        {
          type: "SharedImage",
          galleryImageId: standard,
          runOutputName: "gallery",
          targetRegions: [{ name: "westus2" }],
        },
      ],
    };
    const unreadable = await build(fromManaged, identity);
    expect(unreadable.message).toContain(
      `does not have authorization to perform action 'Microsoft.Compute/images/read' over scope '${source.id}'`,
    );
    az.cloud.rbac.assignRole(identity.principalId, "Reader", source.id);
    const unwritable = await build(fromManaged, identity);
    expect(unwritable.runState).toBe("Failed");
    expect(unwritable.error?.message).toContain("DistributionFailed");
    expect(unwritable.message).toMatch(
      /Error creating the gallery image version .*Code="AuthorizationFailed" Message=".*'Microsoft\.Compute\/galleries\/images\/versions\/write'/,
    );
    az.cloud.rbac.assignRole(
      identity.principalId,
      "Contributor",
      `${sub}/resourceGroups/rg-images`,
    );
    expect((await build(fromManaged, identity)).runState).toBe("Succeeded");
  });

  it("downloads staged files as an identity whose role assignment reads the container's blobs", async () => {
    const d = az.defaults;
    const account = az.storageAccounts()[d.storageAccount]!;
    const container = blobServiceClient(az, account.blobEndpoint).getContainerClient(d.container);
    const script = "echo from a role assignment\n";
    await container.getBlockBlobClient("rbac/setup.sh").upload(script, script.length);
    const url = container.getBlockBlobClient("rbac/setup.sh").url;
    const identity = az.seed.identity("rg-images", `id-blobs-${n}`);
    const sub = `/subscriptions/${az.subscriptionId}`;
    az.cloud.rbac.assignRole(
      identity.principalId,
      "Contributor",
      `${sub}/resourceGroups/rg-images`,
    );
    const staged = { customize: [{ type: "Shell", name: "staged", scriptUri: url }] };
    const refused = await build(staged, identity);
    expect(refused.message).toContain("AuthorizationPermissionMismatch");
    az.cloud.rbac.assignRole(identity.principalId, "Storage Blob Data Reader", account.resourceId);
    expect((await build(staged, identity)).runState).toBe("Succeeded");
  });

  it("refuses at submission a vnetConfig the spec rules out", async () => {
    const { subnet, aci } = network();
    const other = network();
    const submit = (vnetConfig: Record<string, string>) =>
      imageBuilderClient(az)
        .virtualMachineImageTemplates.beginCreateOrUpdate(
          az.defaults.resourceGroup,
          `vnetcfg-${++n}`,
          linuxTemplate(az, [], { vmProfile: { vnetConfig } }),
          FAST_POLL,
        )
        .then((p) => p.pollUntilDone())
        .then(
          () => undefined,
          (e: { statusCode?: number; code?: string; message: string }) => e,
        );
    const alone = await submit({ containerInstanceSubnetId: aci.id });
    expect(alone).toMatchObject({ statusCode: 400, code: "InvalidParameter" });
    expect(alone!.message).toContain("may be specified only if 'subnetId' is also specified");
    const elsewhere = await submit({
      subnetId: subnet.id,
      containerInstanceSubnetId: other.aci.id,
    });
    expect(elsewhere!.message).toContain("must be on the same Virtual Network");
    const proxied = await submit({
      subnetId: subnet.id,
      containerInstanceSubnetId: aci.id,
      proxyVmSize: "Standard_A2_v2",
    });
    expect(proxied!.message).toContain("proxyVmSize': must not be specified");
    expect(await submit({ subnetId: subnet.id, proxyVmSize: "Standard_A2_v2" })).toBeUndefined();
    expect(
      await submit({ subnetId: subnet.id, containerInstanceSubnetId: aci.id }),
    ).toBeUndefined();
  });

  it("refuses a gallery target whose generation or security type the source does not fit", async () => {
    const client = imageBuilderClient(az);
    const create = (source: Record<string, string>, galleryImageId: string) =>
      client.virtualMachineImageTemplates
        .beginCreateOrUpdate(
          az.defaults.resourceGroup,
          `compat-${++n}`,
          linuxTemplate(az, [], {
            source: { type: "PlatformImage", version: "latest", ...source },
            distribute: [
              {
                type: "SharedImage",
                galleryImageId,
                runOutputName: "g",
                targetRegions: [{ name: "westus2" }],
              },
            ],
          }),
          FAST_POLL,
        )
        .then((p) => p.pollUntilDone())
        .then(
          () => undefined,
          (e: { statusCode?: number; code?: string; message: string }) => e,
        );
    const jammyGen1 = {
      publisher: "Canonical",
      offer: "0001-com-ubuntu-server-jammy",
      sku: "22_04-lts",
    };
    const gen = await create(jammyGen1, az.defaults.galleryImageId);
    expect(gen).toMatchObject({ statusCode: 400, code: "InvalidParameter" });
    expect(gen!.message).toContain(
      `Validation failed: Error with Hyper-V Version validation (cross-generation for multiple Hyper-V Versions is not supported). The provided SIG: ${az.defaults.galleryImageId}, has a different Hyper-V Generation: V2, than source image: V1.`,
    );
    const cvm = az.seed.galleryImage("rg-images", "galImages", "ubuntu-cvm", {
      securityType: "ConfidentialVM",
    });
    const security = await create({ ...jammyGen1, sku: "22_04-lts-gen2" }, cvm);
    expect(security!.message).toContain("has security type: ConfidentialVM");
    const tl = az.seed.galleryImage("rg-images", "galImages", "ubuntu-tl", {
      securityType: "TrustedLaunch",
    });
    expect(await create({ ...jammyGen1, sku: "22_04-lts-gen2" }, tl)).toBeUndefined();
  });
});
