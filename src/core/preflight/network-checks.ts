import { API } from "./api-versions.js";
import { inputFor, problem, type CheckFamily, type PreflightContext } from "./check-family.js";
import {
  evaluateInbound,
  freePriorityBefore,
  AZURE_LOAD_BALANCER_ADDRESS,
  type NetworkSecurityGroup,
} from "./nsg-rules.js";
import {
  groupOf,
  lastName,
  locationOf,
  sameRegion,
  vnetConfigOf,
  vnetOf,
} from "./template-fields.js";

/**
 * Image Builder's checklist for building in an existing virtual network, from
 * https://learn.microsoft.com/azure/virtual-machines/linux/image-builder-networking: each item
 * it lists is a build that otherwise fails or hangs long after it started.
 */

interface Subnet {
  id?: string;
  properties?: {
    addressPrefix?: string;
    addressPrefixes?: string[];
    networkSecurityGroup?: { id?: string };
    delegations?: Array<{ name?: string; properties?: { serviceName?: string } }>;
    privateLinkServiceNetworkPolicies?: string;
  };
}

interface VirtualNetwork {
  location?: string;
}

const ACI_DELEGATION = "Microsoft.ContainerInstance/containerGroups";
const ACI_PROVIDER = "Microsoft.ContainerInstance";

/** The proxy VM listens on 60001 for a Linux build and 60000 for a Windows one. */
function proxyPorts(osType: string | undefined): number[] {
  if (osType === "windows") return [60000];
  if (osType === "linux") return [60001];
  return [60000, 60001];
}

export const networkChecks: CheckFamily = {
  name: "network",
  needs:
    "Reader on the virtual network and its network security group (Microsoft.Network/virtualNetworks/read, networkSecurityGroups/read) and Microsoft.ContainerInstance provider reads (*/read at the subscription)",
  checks(ctx) {
    const config = vnetConfigOf(ctx.rendered);
    return typeof config.subnetId === "string"
      ? [checkNetwork(ctx, config.subnetId, config.containerInstanceSubnetId)]
      : [];
  },
};

function addressPrefixes(subnet: Subnet): string[] {
  const p = subnet.properties ?? {};
  return [...(p.addressPrefixes ?? []), ...(p.addressPrefix ? [p.addressPrefix] : [])];
}

function subnetParts(subnetId: string) {
  const group = groupOf(subnetId);
  return {
    resourceGroup: group?.resourceGroup ?? "<group>",
    vnet: lastName(vnetOf(subnetId)),
    name: lastName(subnetId),
  };
}

async function checkNetwork(
  ctx: PreflightContext,
  subnetId: string,
  aciSubnetId: string | undefined,
) {
  const { inputs, rendered, reads, skip } = ctx;
  const subnetInput = inputFor(inputs, "subnet-id", inputs.subnetId !== undefined);
  const aciInput = inputFor(inputs, "container-instance-subnet-id", false);
  const vnetId = vnetOf(subnetId);
  const isolated = typeof aciSubnetId === "string";
  const [subnet, vnet, aciSubnet, provider] = await Promise.all([
    reads.read<Subnet>(subnetId, API.network),
    reads.read<VirtualNetwork>(vnetId, API.network),
    isolated ? reads.read<Subnet>(aciSubnetId, API.network) : undefined,
    isolated
      ? reads.read<{ registrationState?: string }>(
          `/subscriptions/${reads.subscriptionId}/providers/${ACI_PROVIDER}`,
          API.providers,
        )
      : undefined,
  ]);
  const at = subnetParts(subnetId);

  if ("missing" in vnet)
    throw problem(
      subnetInput,
      `names a subnet of a virtual network that does not exist: ${vnetId}. Create it: az network vnet create --resource-group ${at.resourceGroup} --name ${at.vnet} --location ${locationOf(rendered) ?? "<region>"} --address-prefixes <range> --subnet-name ${at.name} --subnet-prefixes <subnet range>`,
    );
  if ("missing" in subnet)
    throw problem(
      subnetInput,
      `names a subnet that does not exist: ${subnetId}. Create it: az network vnet subnet create --resource-group ${at.resourceGroup} --vnet-name ${at.vnet} --name ${at.name} --address-prefixes <range>${isolated ? "" : " --private-link-service-network-policies Disabled"}`,
    );
  if ("unreadable" in vnet) skip(vnetId, vnet.unreadable);
  const location = locationOf(rendered);
  if (
    "found" in vnet &&
    vnet.found.location &&
    location &&
    !sameRegion(vnet.found.location, location)
  )
    throw problem(
      subnetInput,
      `is in virtual network ${vnetId}, which is in ${vnet.found.location}, but the image template is built in ${location}: Image Builder only uses a network in its own region. Use a subnet of a network in ${location}, e.g. az network vnet create --resource-group ${at.resourceGroup} --name ${at.vnet}-${location.replace(/\s+/g, "").toLowerCase()} --location ${location} --address-prefixes <range> --subnet-name ${at.name} --subnet-prefixes <subnet range>, or build in ${vnet.found.location}.`,
    );

  if (isolated) {
    const aci = subnetParts(aciSubnetId);
    // A container subnet on another network never gets here: checkVnetConfig refuses it while rendering.
    if (aciSubnet && "missing" in aciSubnet)
      throw problem(
        aciInput,
        `names a subnet that does not exist: ${aciSubnetId}. Create it: az network vnet subnet create --resource-group ${aci.resourceGroup} --vnet-name ${aci.vnet} --name ${aci.name} --address-prefixes <range> --delegations ${ACI_DELEGATION}`,
      );
    if (aciSubnet && "unreadable" in aciSubnet) skip(aciSubnetId, aciSubnet.unreadable);
    if (aciSubnet && "found" in aciSubnet) {
      const delegated = (aciSubnet.found.properties?.delegations ?? []).some(
        (d) => d.properties?.serviceName?.toLowerCase() === ACI_DELEGATION.toLowerCase(),
      );
      if (!delegated)
        throw problem(
          aciInput,
          `names subnet ${aciSubnetId}, which is not delegated to ${ACI_DELEGATION}: Image Builder cannot start its container instance there. Delegate it: az network vnet subnet update --ids ${aciSubnetId} --delegations ${ACI_DELEGATION}`,
        );
    }
    if (provider && "unreadable" in provider)
      skip(`the ${ACI_PROVIDER} provider`, provider.unreadable);
    if (
      provider &&
      "found" in provider &&
      provider.found.registrationState?.toLowerCase() !== "registered"
    )
      throw problem(
        aciInput,
        `asks for an isolated build, which runs in Azure Container Instances, but the ${ACI_PROVIDER} resource provider is ${provider.found.registrationState ?? "not registered"} in subscription ${reads.subscriptionId}. Register it: az provider register --namespace ${ACI_PROVIDER} --subscription ${reads.subscriptionId}`,
      );
  }

  if ("unreadable" in subnet) return skip(subnetId, subnet.unreadable);
  // The proxy VM, its load balancer and private link service exist only when Image Builder
  // reaches the build VM through the network; an isolated build reaches it from its container.
  if (isolated) return;
  if (subnet.found.properties?.privateLinkServiceNetworkPolicies?.toLowerCase() !== "disabled")
    throw problem(
      subnetInput,
      `names subnet ${subnetId}, whose private link service network policies are enabled: Image Builder reaches the build VM through a private link service in that subnet, which Azure refuses to create there. Disable them: az network vnet subnet update --ids ${subnetId} --private-link-service-network-policies Disabled`,
    );
  const nsgId = subnet.found.properties?.networkSecurityGroup?.id;
  if (!nsgId) return;
  const nsg = await reads.read<NetworkSecurityGroup>(nsgId, API.network);
  if ("unreadable" in nsg) return skip(nsgId, nsg.unreadable);
  if ("missing" in nsg) return;
  for (const port of proxyPorts(rendered.osType)) {
    const verdict = evaluateInbound(nsg.found, {
      source: { tag: "AzureLoadBalancer", address: AZURE_LOAD_BALANCER_ADDRESS },
      destinationPrefixes: addressPrefixes(subnet.found),
      port,
      protocol: "Tcp",
    });
    if (verdict.allowed) continue;
    const blocking = verdict.decidedBy?.properties.priority ?? 4096;
    const priority = freePriorityBefore(nsg.found, blocking);
    const group = groupOf(nsgId);
    const fix =
      priority !== undefined
        ? `Allow it: az network nsg rule create --resource-group ${group?.resourceGroup ?? "<group>"} --nsg-name ${lastName(nsgId)} --name AllowImageBuilderProxy --priority ${priority} --direction Inbound --access Allow --protocol Tcp --source-address-prefixes AzureLoadBalancer --source-port-ranges '*' --destination-address-prefixes VirtualNetwork --destination-port-ranges 60000-60001`
        : `Change that rule so it does not apply to AzureLoadBalancer: az network nsg rule update --resource-group ${group?.resourceGroup ?? "<group>"} --nsg-name ${lastName(nsgId)} --name ${verdict.decidedBy?.name ?? "<rule>"} --access Allow`;
    throw problem(
      subnetInput,
      `names subnet ${subnetId}, whose network security group ${nsgId} denies Azure Load Balancer on port ${port}${verdict.decidedBy ? ` (rule ${verdict.decidedBy.name}, priority ${blocking})` : ""}: Image Builder's load balancer could not reach the proxy VM, and the build would hang until it times out. ${fix}`,
    );
  }
}
