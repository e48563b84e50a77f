/**
 * How a network security group decides inbound traffic, for the one flow Image Builder's proxy
 * needs: Azure Load Balancer's health probe and forwarded traffic reaching the proxy VM.
 * Rules are read the way Azure applies them: lowest priority number first, the first rule
 * that matches decides, and the built-in default rules come last.
 */

export interface SecurityRule {
  name: string;
  properties: {
    priority: number;
    direction: string;
    access: string;
    protocol: string;
    sourceAddressPrefix?: string;
    sourceAddressPrefixes?: string[];
    sourcePortRange?: string;
    sourcePortRanges?: string[];
    destinationAddressPrefix?: string;
    destinationAddressPrefixes?: string[];
    destinationPortRange?: string;
    destinationPortRanges?: string[];
    sourceApplicationSecurityGroups?: unknown[];
    destinationApplicationSecurityGroups?: unknown[];
  };
}

export interface NetworkSecurityGroup {
  id?: string;
  name?: string;
  properties?: { securityRules?: SecurityRule[]; defaultSecurityRules?: SecurityRule[] };
}

/** The address Azure Load Balancer's traffic comes from (the AzureLoadBalancer service tag). */
export const AZURE_LOAD_BALANCER_ADDRESS = "168.63.129.16";

/** Azure's own inbound defaults, for an answer that leaves them out. */
export const DEFAULT_INBOUND_RULES: SecurityRule[] = [
  rule("AllowVnetInBound", 65000, "Allow", "VirtualNetwork", "VirtualNetwork"),
  rule("AllowAzureLoadBalancerInBound", 65001, "Allow", "AzureLoadBalancer", "*"),
  rule("DenyAllInBound", 65500, "Deny", "*", "*"),
];

function rule(
  name: string,
  priority: number,
  access: string,
  source: string,
  destination: string,
): SecurityRule {
  return {
    name,
    properties: {
      priority,
      direction: "Inbound",
      access,
      protocol: "*",
      sourceAddressPrefix: source,
      sourcePortRange: "*",
      destinationAddressPrefix: destination,
      destinationPortRange: "*",
    },
  };
}

export interface InboundFlow {
  /** Where the traffic comes from: a service tag or an IPv4 address. */
  source: { tag: string; address: string };
  /** The address ranges of the subnet the receiving VM is in. */
  destinationPrefixes: string[];
  port: number;
  protocol: "Tcp";
}

export interface Verdict {
  allowed: boolean;
  /** The rule that decided; undefined when no rule matched (never, with the defaults in). */
  decidedBy?: SecurityRule;
  isDefault: boolean;
}

/** The first rule, by priority, that matches the flow decides it. */
export function evaluateInbound(nsg: NetworkSecurityGroup, flow: InboundFlow): Verdict {
  const custom = (nsg.properties?.securityRules ?? []).filter(inbound);
  const given = (nsg.properties?.defaultSecurityRules ?? []).filter(inbound);
  const defaults = given.length ? given : DEFAULT_INBOUND_RULES;
  const ordered = [
    ...custom.map((r) => ({ r, isDefault: false })),
    ...defaults.map((r) => ({ r, isDefault: true })),
  ].sort((a, b) => a.r.properties.priority - b.r.properties.priority);
  for (const { r, isDefault } of ordered) {
    if (matches(r, flow))
      return { allowed: r.properties.access.toLowerCase() === "allow", decidedBy: r, isDefault };
  }
  return { allowed: false, isDefault: false };
}

function inbound(r: SecurityRule): boolean {
  return r.properties?.direction?.toLowerCase() === "inbound";
}

function list(one: string | undefined, many: string[] | undefined): string[] {
  const all = [...(many ?? []), ...(one !== undefined && one !== "" ? [one] : [])];
  return all.length ? all : ["*"];
}

function matches(r: SecurityRule, flow: InboundFlow): boolean {
  const p = r.properties;
  const protocol = p.protocol.toLowerCase();
  if (protocol !== "*" && protocol !== "any" && protocol !== flow.protocol.toLowerCase())
    return false;
  // A rule about application security groups names VMs by group, which the load balancer
  // and the proxy VM Image Builder creates are never in.
  if (p.sourceApplicationSecurityGroups?.length || p.destinationApplicationSecurityGroups?.length)
    return false;
  if (!list(p.sourceAddressPrefix, p.sourceAddressPrefixes).some((s) => sourceCovers(s, flow)))
    return false;
  // The probe comes from any source port: only a rule for every source port is sure to apply.
  if (!list(p.sourcePortRange, p.sourcePortRanges).some(isAnyPort)) return false;
  if (
    !list(p.destinationAddressPrefix, p.destinationAddressPrefixes).some((d) =>
      destinationCovers(d, flow.destinationPrefixes),
    )
  )
    return false;
  return list(p.destinationPortRange, p.destinationPortRanges).some((range) =>
    portIn(range, flow.port),
  );
}

function isAnyPort(range: string): boolean {
  return range === "*" || range === "0-65535" || range === "1-65535";
}

function sourceCovers(prefix: string, flow: InboundFlow): boolean {
  const p = prefix.trim();
  if (p === "*" || p.toLowerCase() === "any") return true;
  if (p.toLowerCase() === flow.source.tag.toLowerCase()) return true;
  const net = parseCidr(p);
  const address = parseCidr(flow.source.address);
  return !!net && !!address && contains(net, address);
}

function destinationCovers(prefix: string, subnetPrefixes: string[]): boolean {
  const p = prefix.trim().toLowerCase();
  // The proxy VM is in the subnet, and the subnet is in the virtual network.
  if (p === "*" || p === "any" || p === "virtualnetwork") return true;
  const net = parseCidr(p);
  if (!net) return false;
  // The proxy VM's address is not known before the build: the rule must hold for all of the subnet.
  return subnetPrefixes.some((s) => {
    const subnet = parseCidr(s);
    return !!subnet && contains(net, subnet);
  });
}

function portIn(range: string, port: number): boolean {
  const r = range.trim();
  if (r === "*") return true;
  const m = /^(\d+)(?:-(\d+))?$/.exec(r);
  if (!m) return false;
  const low = Number(m[1]);
  const high = m[2] ? Number(m[2]) : low;
  return port >= low && port <= high;
}

interface Cidr {
  base: number;
  bits: number;
}

function parseCidr(value: string): Cidr | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(value.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  const bits = m[5] !== undefined ? Number(m[5]) : 32;
  if (bits > 32) return undefined;
  const address = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
  return { base: (address & mask(bits)) >>> 0, bits };
}

function mask(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

/** Whether every address of `inner` is in `outer`. */
function contains(outer: Cidr, inner: Cidr): boolean {
  return outer.bits <= inner.bits && (inner.base & mask(outer.bits)) >>> 0 === outer.base;
}

/**
 * A priority for a new allow rule that comes before `blocking`, free in the group; undefined
 * when there is none (the blocking rule has priority 100, the lowest there is).
 */
export function freePriorityBefore(
  nsg: NetworkSecurityGroup,
  blocking: number,
): number | undefined {
  const taken = new Set(
    (nsg.properties?.securityRules ?? []).filter(inbound).map((r) => r.properties.priority),
  );
  const start = Math.min(blocking - 1, 4096);
  for (let p = start; p >= 100; p--) if (!taken.has(p)) return p;
  return undefined;
}
