import { armError, notFound, resourceGroupNotFound, type ArmRoutes } from "./arm-kit.js";
import type { CloudState } from "./cloud-state.js";
import { json, type Reply } from "./http-kit.js";
import {
  DEFAULT_SECURITY_RULES,
  type NetworkSecurityGroup,
  type SecurityRule,
  type Subnet,
  type VirtualNetwork,
} from "./networks.js";

type Json = Record<string, unknown>;

const NETWORK =
  /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/(virtualNetworks|networkSecurityGroups)(?:\/([^/]+)(?:\/(subnets)(?:\/([^/]+))?)?)?$/i;

/**
 * Microsoft.Network's reads (api-version 2024-05-01 shapes): virtual networks with their
 * subnets, one subnet, and network security groups with their default rules.
 */
export class NetworkProvider implements ArmRoutes {
  constructor(private readonly state: CloudState) {}

  handle(method: string, path: string): Reply | undefined {
    const m = NETWORK.exec(path);
    if (!m || method !== "GET") return undefined;
    const [, rgName, kind, name, subnets, subnetName] = m as unknown as [
      string,
      string,
      string,
      string | undefined,
      string | undefined,
      string | undefined,
    ];
    const rg = this.state.resourceGroup(decodeURIComponent(rgName));
    if (!rg) return resourceGroupNotFound(rgName);
    const networks = this.state.networks;
    if (kind.toLowerCase() === "networksecuritygroups") {
      if (subnets) return undefined;
      if (!name) {
        return json(200, {
          value: [...networks.securityGroups.values()]
            .filter((n) => n.resourceGroup.toLowerCase() === rg.name.toLowerCase())
            .map((n) => this.securityGroup(n)),
        });
      }
      const nsg = networks.securityGroup(networks.networkSecurityGroupId(rgName, name));
      if (!nsg) return notFound("Microsoft.Network/networkSecurityGroups", name, rgName);
      return json(200, this.securityGroup(nsg));
    }
    if (!name) {
      return json(200, {
        value: [...networks.virtualNetworks.values()]
          .filter((v) => v.resourceGroup.toLowerCase() === rg.name.toLowerCase())
          .map((v) => this.virtualNetwork(v)),
      });
    }
    const vnet = networks.virtualNetwork(networks.virtualNetworkId(rgName, name));
    if (!vnet) return notFound("Microsoft.Network/virtualNetworks", name, rgName);
    if (!subnets) return json(200, this.virtualNetwork(vnet));
    if (!subnetName)
      return json(200, { value: [...vnet.subnets.values()].map((s) => this.subnet(s)) });
    const subnet = vnet.subnets.get(subnetName.toLowerCase());
    // The network provider's own 404 for a child resource, unlike ARM's ResourceNotFound.
    if (!subnet)
      return armError(404, "NotFound", `Resource ${vnet.id}/subnets/${subnetName} not found.`, {
        details: [],
      });
    return json(200, this.subnet(subnet));
  }

  private virtualNetwork(v: VirtualNetwork): Json {
    return {
      id: v.id,
      name: v.name,
      type: "Microsoft.Network/virtualNetworks",
      location: v.location,
      properties: {
        provisioningState: "Succeeded",
        addressSpace: { addressPrefixes: v.addressPrefixes },
        subnets: [...v.subnets.values()].map((s) => this.subnet(s)),
        virtualNetworkPeerings: [],
        enableDdosProtection: false,
      },
    };
  }

  private subnet(s: Subnet): Json {
    return {
      id: s.id,
      name: s.name,
      type: "Microsoft.Network/virtualNetworks/subnets",
      properties: {
        provisioningState: "Succeeded",
        addressPrefix: s.addressPrefix,
        ...(s.networkSecurityGroupId
          ? { networkSecurityGroup: { id: s.networkSecurityGroupId } }
          : {}),
        delegations: s.delegations.map((serviceName) => {
          const name = serviceName.replace(/\//g, ".");
          return {
            id: `${s.id}/delegations/${name}`,
            name,
            type: "Microsoft.Network/virtualNetworks/subnets/delegations",
            properties: {
              serviceName,
              actions: ["Microsoft.Network/virtualNetworks/subnets/action"],
              provisioningState: "Succeeded",
            },
          };
        }),
        privateEndpointNetworkPolicies: s.privateEndpointNetworkPolicies,
        privateLinkServiceNetworkPolicies: s.privateLinkServiceNetworkPolicies,
      },
    };
  }

  private securityGroup(n: NetworkSecurityGroup): Json {
    const rule = (r: SecurityRule, collection: string): Json => {
      const { name, ...properties } = r;
      return {
        id: `${n.id}/${collection}/${name}`,
        name,
        type: `Microsoft.Network/networkSecurityGroups/${collection}`,
        properties: {
          provisioningState: "Succeeded",
          sourceAddressPrefixes: [],
          destinationAddressPrefixes: [],
          sourcePortRanges: [],
          destinationPortRanges: [],
          ...properties,
        },
      };
    };
    const subnets = [...this.state.networks.virtualNetworks.values()]
      .flatMap((v) => [...v.subnets.values()])
      .filter((s) => s.networkSecurityGroupId?.toLowerCase() === n.id.toLowerCase())
      .map((s) => ({ id: s.id }));
    return {
      id: n.id,
      name: n.name,
      type: "Microsoft.Network/networkSecurityGroups",
      location: n.location,
      properties: {
        provisioningState: "Succeeded",
        securityRules: n.securityRules.map((r) => rule(r, "securityRules")),
        defaultSecurityRules: DEFAULT_SECURITY_RULES.map((r) => rule(r, "defaultSecurityRules")),
        ...(subnets.length ? { subnets } : {}),
      },
    };
  }
}
