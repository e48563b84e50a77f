import {
  evaluateInbound,
  freePriorityBefore,
  type NetworkSecurityGroup,
  type SecurityRule,
} from "../../src/core/preflight/nsg-rules.js";
import {
  missingActions,
  roleAllows,
  scopeCovers,
  type RoleDefinition,
} from "../../src/core/preflight/role-grants.js";
import { mismatch } from "../../src/core/preflight/image-security.js";
import { compareVersions } from "../../src/core/lifecycle/version-order.js";

const LB = { tag: "AzureLoadBalancer", address: "168.63.129.16" };
const flow = (port: number) => ({
  source: LB,
  destinationPrefixes: ["10.0.1.0/24"],
  port,
  protocol: "Tcp" as const,
});

function inbound(
  name: string,
  priority: number,
  access: "Allow" | "Deny",
  extra: Partial<SecurityRule["properties"]> = {},
): SecurityRule {
  return {
    name,
    properties: {
      priority,
      direction: "Inbound",
      access,
      protocol: "*",
      sourceAddressPrefix: "*",
      sourcePortRange: "*",
      destinationAddressPrefix: "*",
      destinationPortRange: "*",
      ...extra,
    },
  };
}

const nsg = (...rules: SecurityRule[]): NetworkSecurityGroup => ({
  properties: { securityRules: rules },
});

describe("network security group rules, as Azure evaluates them", () => {
  test("with no custom rule, the default AllowAzureLoadBalancerInBound admits the load balancer", () => {
    const verdict = evaluateInbound(nsg(), flow(60001));
    expect(verdict).toMatchObject({ allowed: true, isDefault: true });
    expect(verdict.decidedBy?.name).toBe("AllowAzureLoadBalancerInBound");
  });

  test("a deny-all rule above the defaults blocks it; an allow with a lower number wins", () => {
    const denyAll = inbound("DenyEverything", 4000, "Deny");
    expect(evaluateInbound(nsg(denyAll), flow(60001))).toMatchObject({ allowed: false });
    const allow = inbound("AllowProxy", 300, "Allow", {
      protocol: "Tcp",
      sourceAddressPrefix: "AzureLoadBalancer",
      destinationPortRange: "60000-60001",
      destinationAddressPrefix: "VirtualNetwork",
    });
    expect(evaluateInbound(nsg(denyAll, allow), flow(60001)).decidedBy?.name).toBe("AllowProxy");
    // Priority decides, not the order the rules are listed in.
    const laterAllow = { ...allow, properties: { ...allow.properties, priority: 4001 } };
    expect(evaluateInbound(nsg(laterAllow, denyAll), flow(60001)).allowed).toBe(false);
  });

  test("a rule matches only the ports, protocol and sources it names", () => {
    const denyWindowsPort = inbound("DenyWinRMProxy", 200, "Deny", {
      destinationPortRange: "60000",
    });
    expect(evaluateInbound(nsg(denyWindowsPort), flow(60000)).allowed).toBe(false);
    expect(evaluateInbound(nsg(denyWindowsPort), flow(60001)).allowed).toBe(true);
    const denyUdp = inbound("DenyUdp", 200, "Deny", { protocol: "Udp" });
    expect(evaluateInbound(nsg(denyUdp), flow(60001)).allowed).toBe(true);
    const denyInternet = inbound("DenyInternet", 200, "Deny", { sourceAddressPrefix: "Internet" });
    expect(evaluateInbound(nsg(denyInternet), flow(60001)).allowed).toBe(true);
    const denyByAddress = inbound("DenyProbeAddress", 200, "Deny", {
      sourceAddressPrefixes: ["10.0.0.0/8", "168.63.129.0/24"],
    });
    expect(evaluateInbound(nsg(denyByAddress), flow(60001)).allowed).toBe(false);
    const denyList = inbound("DenyPorts", 200, "Deny", { destinationPortRanges: ["22", "60001"] });
    expect(evaluateInbound(nsg(denyList), flow(60001)).allowed).toBe(false);
  });

  test("an outbound rule never decides inbound traffic", () => {
    const outbound = inbound("DenyOut", 100, "Deny", { direction: "Outbound" });
    expect(evaluateInbound(nsg(outbound), flow(60001)).allowed).toBe(true);
  });

  test("an allow rule for part of the subnet does not admit the proxy VM, whose address is not known", () => {
    const denyAll = inbound("DenyEverything", 4000, "Deny");
    const narrow = inbound("AllowOneHost", 300, "Allow", {
      sourceAddressPrefix: "AzureLoadBalancer",
      destinationAddressPrefix: "10.0.1.4/32",
    });
    expect(evaluateInbound(nsg(narrow, denyAll), flow(60001)).allowed).toBe(false);
    const wide = inbound("AllowSubnet", 300, "Allow", {
      sourceAddressPrefix: "AzureLoadBalancer",
      destinationAddressPrefix: "10.0.0.0/16",
    });
    expect(evaluateInbound(nsg(wide, denyAll), flow(60001)).allowed).toBe(true);
  });

  test("the suggested rule takes a free priority just before the blocking one", () => {
    const group = nsg(inbound("A", 399, "Allow"), inbound("Deny", 400, "Deny"));
    expect(freePriorityBefore(group, 400)).toBe(398);
    expect(freePriorityBefore(group, 100)).toBeUndefined();
  });
});

const role = (actions: string[], notActions: string[] = []): RoleDefinition => ({
  properties: { permissions: [{ actions, notActions }] },
});

describe("role definitions, as Azure RBAC expands them", () => {
  test("wildcards match whole segments and the rest of the action, case-insensitively", () => {
    expect(roleAllows(role(["*"]), "Microsoft.Network/virtualNetworks/subnets/join/action")).toBe(
      true,
    );
    expect(
      roleAllows(role(["Microsoft.Network/*"]), "microsoft.network/virtualnetworks/read"),
    ).toBe(true);
    expect(roleAllows(role(["*/read"]), "Microsoft.Compute/images/read")).toBe(true);
    expect(roleAllows(role(["*/read"]), "Microsoft.Compute/images/write")).toBe(false);
    expect(
      roleAllows(role(["Microsoft.Compute/*"]), "Microsoft.Network/virtualNetworks/read"),
    ).toBe(false);
  });

  test("a /*/ segment also matches no segment, as Azure reads Managed Identity Operator's actions", () => {
    const operator = role(["Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action"]);
    expect(
      roleAllows(operator, "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action"),
    ).toBe(true);
    expect(roleAllows(operator, "Microsoft.ManagedIdentity/userAssignedIdentities/read")).toBe(
      false,
    );
    expect(
      roleAllows(
        role(["Microsoft.Network/virtualNetworks/*/join/action"]),
        "Microsoft.Network/virtualNetworks/subnets/join/action",
      ),
    ).toBe(true);
  });

  test("a notAction of the same permission takes the action away; another permission's does not", () => {
    const contributor = role(
      ["*"],
      ["Microsoft.Authorization/*/Write", "Microsoft.Compute/images/*"],
    );
    expect(roleAllows(contributor, "Microsoft.Compute/images/write")).toBe(false);
    expect(roleAllows(contributor, "Microsoft.Compute/galleries/images/versions/write")).toBe(true);
    const twoBlocks: RoleDefinition = {
      properties: {
        permissions: [
          { actions: ["*"], notActions: ["Microsoft.Compute/images/write"] },
          { actions: ["Microsoft.Compute/images/write"] },
        ],
      },
    };
    expect(roleAllows(twoBlocks, "Microsoft.Compute/images/write")).toBe(true);
  });

  const SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";
  const VNET = `${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet`;

  test("an assignment applies to its scope and below, never to siblings or parents", () => {
    expect(scopeCovers(`${SUB}/resourceGroups/RG-NET`, `${VNET}/subnets/a`)).toBe(true);
    expect(scopeCovers(SUB, VNET)).toBe(true);
    expect(scopeCovers(`${SUB}/resourceGroups/rg-ne`, VNET)).toBe(false);
    expect(scopeCovers(`${VNET}/subnets/a`, VNET)).toBe(false);
    expect(scopeCovers("/providers/Microsoft.Management/managementGroups/corp", VNET)).toBe(true);
  });

  test("the actions no applying assignment grants are the ones missing", () => {
    const roles = new Map([
      ["/r/reader", role(["*/read"])],
      ["/r/joiner", role(["Microsoft.Network/virtualNetworks/subnets/join/action"])],
    ]);
    const wanted = [
      "Microsoft.Network/virtualNetworks/read",
      "Microsoft.Network/virtualNetworks/subnets/join/action",
    ];
    const readerOnGroup = {
      properties: { roleDefinitionId: "/r/READER", scope: `${SUB}/resourceGroups/rg-net` },
    };
    const joinerElsewhere = {
      properties: { roleDefinitionId: "/r/joiner", scope: `${SUB}/resourceGroups/other` },
    };
    expect(
      missingActions([readerOnGroup, joinerElsewhere], roles, `${VNET}/subnets/a`, wanted),
    ).toEqual(["Microsoft.Network/virtualNetworks/subnets/join/action"]);
    const joinerOnVnet = { properties: { roleDefinitionId: "/r/joiner", scope: VNET } };
    expect(
      missingActions([readerOnGroup, joinerOnVnet], roles, `${VNET}/subnets/a`, wanted),
    ).toEqual([]);
  });
});

describe("source and gallery image definition: generation and security type", () => {
  test("generations must agree", () => {
    expect(mismatch({ generation: "V2" }, { generation: "V1" })).toEqual({
      kind: "generation",
      source: "V2",
      definition: "V1",
    });
    expect(mismatch({ generation: "V1" }, { generation: "v1" })).toBeUndefined();
  });

  test("a Trusted Launch capable source needs a definition that supports it, and a standard one a standard definition", () => {
    const tl = { generation: "V2", securityType: "TrustedLaunchSupported" };
    expect(mismatch(tl, { generation: "V2" })).toMatchObject({
      kind: "secure-source-standard-definition",
    });
    expect(mismatch({ generation: "V2" }, tl)).toMatchObject({ kind: "security-type" });
    expect(mismatch(tl, tl)).toBeUndefined();
    const both = { generation: "V2", securityType: "TrustedLaunchAndConfidentialVmSupported" };
    expect(mismatch(both, tl)).toBeUndefined();
    expect(
      mismatch(tl, { generation: "V2", securityType: "ConfidentialVmSupported" }),
    ).toMatchObject({
      kind: "security-type",
    });
  });

  test("an image that only makes Trusted Launch VMs cannot be a source", () => {
    expect(mismatch({ securityType: "TrustedLaunch" }, { securityType: "TrustedLaunch" })).toEqual({
      kind: "source-security-type",
      source: "TrustedLaunch",
    });
  });

  test("latest is the highest version in numeric order", () => {
    expect(["9.0.1", "10.0.0", "9.10.0"].sort(compareVersions)).toEqual([
      "9.0.1",
      "9.10.0",
      "10.0.0",
    ]);
  });
});
