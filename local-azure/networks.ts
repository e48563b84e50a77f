/**
 * Virtual networks, subnets and network security groups of the emulated subscription, and how
 * a network security group judges a flow: rules by priority, lowest number first, the first
 * that matches decides (https://learn.microsoft.com/azure/virtual-network/network-security-group-how-it-works).
 */
export type RuleAccess = "Allow" | "Deny";
export type RuleDirection = "Inbound" | "Outbound";

export interface SecurityRule {
  name: string;
  priority: number;
  direction: RuleDirection;
  access: RuleAccess;
  protocol: "Tcp" | "Udp" | "Icmp" | "Esp" | "Ah" | "*";
  sourceAddressPrefix?: string;
  sourceAddressPrefixes?: string[];
  sourcePortRange?: string;
  sourcePortRanges?: string[];
  destinationAddressPrefix?: string;
  destinationAddressPrefixes?: string[];
  destinationPortRange?: string;
  destinationPortRanges?: string[];
  description?: string;
}

export interface NetworkSecurityGroup {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  /** The custom rules; Azure's six default rules are always there besides them. */
  securityRules: SecurityRule[];
}

export type NetworkPolicies = "Enabled" | "Disabled";

export interface Subnet {
  id: string;
  name: string;
  addressPrefix: string;
  networkSecurityGroupId?: string;
  /** Service names the subnet is delegated to, e.g. `Microsoft.ContainerInstance/containerGroups`. */
  delegations: string[];
  privateLinkServiceNetworkPolicies: NetworkPolicies;
  privateEndpointNetworkPolicies: NetworkPolicies;
}

export interface VirtualNetwork {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  addressPrefixes: string[];
  subnets: Map<string, Subnet>;
}

export interface SubnetOptions {
  addressPrefix?: string;
  networkSecurityGroupId?: string;
  delegations?: string[];
  /** Azure's default is Enabled, which a proxy-VM build cannot use. */
  privateLinkServiceNetworkPolicies?: NetworkPolicies;
  privateEndpointNetworkPolicies?: NetworkPolicies;
}

const rule = (
  name: string,
  priority: number,
  direction: RuleDirection,
  access: RuleAccess,
  source: string,
  destination: string,
  description: string,
): SecurityRule => ({
  name,
  priority,
  direction,
  access,
  protocol: "*",
  sourceAddressPrefix: source,
  sourcePortRange: "*",
  destinationAddressPrefix: destination,
  destinationPortRange: "*",
  description,
});

/** The rules every NSG has, which custom rules (priority 100-4096) come before. */
export const DEFAULT_SECURITY_RULES: readonly SecurityRule[] = [
  rule(
    "AllowVnetInBound",
    65000,
    "Inbound",
    "Allow",
    "VirtualNetwork",
    "VirtualNetwork",
    "Allow inbound traffic from all VMs in VNET",
  ),
  rule(
    "AllowAzureLoadBalancerInBound",
    65001,
    "Inbound",
    "Allow",
    "AzureLoadBalancer",
    "*",
    "Allow inbound traffic from azure load balancer",
  ),
  rule("DenyAllInBound", 65500, "Inbound", "Deny", "*", "*", "Deny all inbound traffic"),
  rule(
    "AllowVnetOutBound",
    65000,
    "Outbound",
    "Allow",
    "VirtualNetwork",
    "VirtualNetwork",
    "Allow outbound traffic from all VMs to all VMs in VNET",
  ),
  rule(
    "AllowInternetOutBound",
    65001,
    "Outbound",
    "Allow",
    "*",
    "Internet",
    "Allow outbound traffic from all VMs to Internet",
  ),
  rule("DenyAllOutBound", 65500, "Outbound", "Deny", "*", "*", "Deny all outbound traffic"),
];

/** Azure Load Balancer's health probes come from this address (the AzureLoadBalancer tag). */
const LOAD_BALANCER_ADDRESS = "168.63.129.16";

export interface Flow {
  direction: RuleDirection;
  protocol: "Tcp" | "Udp";
  /** A service tag (`AzureLoadBalancer`, `VirtualNetwork`, `Internet`) or an IPv4 address. */
  source: string;
  /** The subnet's address prefix the flow goes to. */
  destinationPrefix: string;
  port: number;
}

/** The rule that decides a flow: the matching rule with the lowest priority number. */
export function decidingRule(nsg: NetworkSecurityGroup, flow: Flow): SecurityRule | undefined {
  return [...nsg.securityRules, ...DEFAULT_SECURITY_RULES]
    .filter((r) => r.direction.toLowerCase() === flow.direction.toLowerCase())
    .sort((a, b) => a.priority - b.priority)
    .find(
      (r) =>
        (r.protocol === "*" || r.protocol.toLowerCase() === flow.protocol.toLowerCase()) &&
        list(r.sourceAddressPrefix, r.sourceAddressPrefixes).some((p) =>
          sourceMatches(p, flow.source),
        ) &&
        list(r.destinationAddressPrefix, r.destinationAddressPrefixes).some((p) =>
          destinationMatches(p, flow.destinationPrefix),
        ) &&
        list(r.destinationPortRange, r.destinationPortRanges).some((p) =>
          portMatches(p, flow.port),
        ),
    );
}

export function admits(nsg: NetworkSecurityGroup, flow: Flow): boolean {
  return decidingRule(nsg, flow)?.access.toLowerCase() === "allow";
}

function list(one: string | undefined, many: string[] | undefined): string[] {
  return [...(one !== undefined && one !== "" ? [one] : []), ...(many ?? [])];
}

function sourceMatches(prefix: string, source: string): boolean {
  const p = prefix.toLowerCase();
  if (p === "*" || p === source.toLowerCase()) return true;
  const address = source.toLowerCase() === "azureloadbalancer" ? LOAD_BALANCER_ADDRESS : source;
  return /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(prefix) && cidrContains(prefix, address);
}

function destinationMatches(prefix: string, subnetPrefix: string): boolean {
  const p = prefix.toLowerCase();
  if (p === "*" || p === "virtualnetwork") return true;
  return /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(prefix) && cidrsOverlap(prefix, subnetPrefix);
}

function portMatches(range: string, port: number): boolean {
  if (range === "*") return true;
  const [from = NaN, to = from] = range.split("-").map((s) => Number(s.trim()));
  return port >= from && port <= to;
}

function ipv4(address: string): number {
  return address.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
}

function cidr(prefix: string): { base: number; size: number } {
  const [address = "0.0.0.0", bits = "32"] = prefix.split("/");
  const size = 2 ** (32 - Number(bits));
  return { base: ipv4(address) - (ipv4(address) % size), size };
}

function cidrContains(prefix: string, address: string): boolean {
  const { base, size } = cidr(prefix);
  const a = ipv4(address);
  return a >= base && a < base + size;
}

function cidrsOverlap(a: string, b: string): boolean {
  const x = cidr(a);
  const y = cidr(b);
  return x.base < y.base + y.size && y.base < x.base + x.size;
}

/** The networks of one subscription, keyed by lower-case resource id as ARM compares them. */
export class Networks {
  readonly virtualNetworks = new Map<string, VirtualNetwork>();
  readonly securityGroups = new Map<string, NetworkSecurityGroup>();

  constructor(
    private readonly subscriptionId: string,
    private readonly groupLocation: (resourceGroup: string, location?: string) => string,
  ) {}

  virtualNetworkId(resourceGroup: string, name: string): string {
    return `/subscriptions/${this.subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/virtualNetworks/${name}`;
  }

  networkSecurityGroupId(resourceGroup: string, name: string): string {
    return `/subscriptions/${this.subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/networkSecurityGroups/${name}`;
  }

  addVirtualNetwork(
    resourceGroup: string,
    name: string,
    opts: { location?: string; addressPrefixes?: string[] } = {},
  ): VirtualNetwork {
    const location = this.groupLocation(resourceGroup, opts.location);
    const id = this.virtualNetworkId(resourceGroup, name);
    const existing = this.virtualNetworks.get(id.toLowerCase());
    if (existing) return existing;
    const vnet: VirtualNetwork = {
      id,
      name,
      resourceGroup,
      location: opts.location ?? location,
      addressPrefixes: opts.addressPrefixes ?? ["10.0.0.0/16"],
      subnets: new Map(),
    };
    this.virtualNetworks.set(id.toLowerCase(), vnet);
    return vnet;
  }

  /** A subnet of an existing network; its address prefix defaults to the next free /24. */
  addSubnet(virtualNetworkId: string, name: string, opts: SubnetOptions = {}): Subnet {
    const vnet = this.virtualNetworks.get(virtualNetworkId.toLowerCase());
    if (!vnet) throw new Error(`no virtual network ${virtualNetworkId}; addVirtualNetwork first`);
    const [a = "10", b = "0"] = (vnet.addressPrefixes[0] ?? "10.0.0.0/16").split(".");
    const subnet: Subnet = {
      id: `${vnet.id}/subnets/${name}`,
      name,
      addressPrefix: opts.addressPrefix ?? `${a}.${b}.${vnet.subnets.size}.0/24`,
      ...(opts.networkSecurityGroupId
        ? { networkSecurityGroupId: opts.networkSecurityGroupId }
        : {}),
      delegations: opts.delegations ?? [],
      privateLinkServiceNetworkPolicies: opts.privateLinkServiceNetworkPolicies ?? "Enabled",
      privateEndpointNetworkPolicies: opts.privateEndpointNetworkPolicies ?? "Disabled",
    };
    vnet.subnets.set(name.toLowerCase(), subnet);
    return subnet;
  }

  addNetworkSecurityGroup(
    resourceGroup: string,
    name: string,
    opts: { location?: string; rules?: SecurityRule[] } = {},
  ): NetworkSecurityGroup {
    const location = this.groupLocation(resourceGroup, opts.location);
    const id = this.networkSecurityGroupId(resourceGroup, name);
    const existing = this.securityGroups.get(id.toLowerCase());
    if (existing) {
      existing.securityRules.push(...(opts.rules ?? []));
      return existing;
    }
    const nsg: NetworkSecurityGroup = {
      id,
      name,
      resourceGroup,
      location: opts.location ?? location,
      securityRules: [...(opts.rules ?? [])],
    };
    this.securityGroups.set(id.toLowerCase(), nsg);
    return nsg;
  }

  addSecurityRule(networkSecurityGroupId: string, rule: SecurityRule): void {
    const nsg = this.securityGroups.get(networkSecurityGroupId.toLowerCase());
    if (!nsg) throw new Error(`no network security group ${networkSecurityGroupId}`);
    nsg.securityRules.push(rule);
  }

  virtualNetwork(id: string): VirtualNetwork | undefined {
    return this.virtualNetworks.get(id.toLowerCase());
  }

  /** The subnet with this resource id, and its network. */
  subnet(id: string): { vnet: VirtualNetwork; subnet: Subnet } | undefined {
    const m = /^(.*\/virtualNetworks\/[^/]+)\/subnets\/([^/]+)$/i.exec(id);
    if (!m) return undefined;
    const vnet = this.virtualNetwork(m[1]!);
    const subnet = vnet?.subnets.get(m[2]!.toLowerCase());
    return vnet && subnet ? { vnet, subnet } : undefined;
  }

  securityGroup(id: string): NetworkSecurityGroup | undefined {
    return this.securityGroups.get(id.toLowerCase());
  }
}
