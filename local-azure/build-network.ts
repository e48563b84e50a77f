import type { CloudState } from "./cloud-state.js";
import { admits } from "./networks.js";
import type { Scenario } from "./scenario.js";
import type { TemplateIdentity } from "./template-identity.js";
import type { TemplateRecord } from "./template-record.js";

export interface NetworkFailure {
  armCode: string;
  statusMessage: string;
  /** Lines the build writes to customization.log before it fails. */
  log: string[];
  /** Packer ran but never reached the VM: the build ends at its timeout. */
  timesOut: boolean;
}

const ACI = "Microsoft.ContainerInstance/containerGroups";
const DEPLOY = "Failed in building/customizing image: Failed while deploying the build resources:";

/**
 * How a build in an existing network fails when the network is not as Image Builder's
 * networking checklist requires (https://learn.microsoft.com/azure/virtual-machines/linux/image-builder-networking):
 * the subnet exists in the template's region, the template identity may read the network and
 * join its subnets, and either (proxy VM) private link service network policies are disabled
 * and the NSG lets Azure Load Balancer reach the proxy on 60001 (Linux) or 60000 (Windows), or
 * (isolated build) the container instance subnet is in the same network, delegated to
 * container groups, and the provider registered.
 */
export function networkFailure(
  state: CloudState,
  scenario: Scenario,
  t: TemplateRecord,
  identity: TemplateIdentity,
  os: "Linux" | "Windows",
): NetworkFailure | undefined {
  const vnetConfig = (t.properties.vmProfile as { vnetConfig?: Record<string, string> } | undefined)
    ?.vnetConfig;
  const subnetId = vnetConfig?.subnetId;
  if (!subnetId) return undefined;
  const aciSubnetId = vnetConfig.containerInstanceSubnetId;
  const staging = `/subscriptions/${state.subscriptionId}/resourceGroups/${t.stagingResourceGroupName}/providers`;
  const referrer = aciSubnetId
    ? `${staging}/Microsoft.ContainerInstance/containerGroups/${t.name}-aci`
    : `${staging}/Microsoft.Network/networkInterfaces/${t.name}-proxy-nic`;
  const fail = (armCode: string, message: string, log: string[] = []): NetworkFailure => ({
    armCode,
    statusMessage: `${DEPLOY} ${armCode}: ${message}`,
    log,
    timesOut: false,
  });
  // ARM's wording for a reference to a missing or other-region resource, as in
  // https://github.com/MicrosoftDocs/azure-docs/issues/60273.
  const unreachable = (id: string) =>
    fail(
      "InvalidResourceReference",
      `Resource ${id} referenced by resource ${referrer} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
    );

  const found = state.networks.subnet(subnetId);
  if (!found || found.vnet.location.toLowerCase() !== t.location.toLowerCase())
    return unreachable(subnetId);
  const { vnet, subnet } = found;

  if (!identity.may("GET", vnet.id))
    return fail(
      "AuthorizationFailed",
      identity.denied("Microsoft.Network/virtualNetworks/read", vnet.id),
    );
  const written = aciSubnetId
    ? { action: "Microsoft.ContainerInstance/containerGroups/write", scope: referrer }
    : {
        action: "Microsoft.Network/loadBalancers/write",
        scope: `${staging}/Microsoft.Network/loadBalancers/${t.name}-proxy-lb`,
      };
  for (const id of aciSubnetId ? [subnetId, aciSubnetId] : [subnetId]) {
    if (identity.may("POST", `${id}/join`)) continue;
    // Resource Manager's linked-access refusal, worded as in
    // https://github.com/jenkins-infra/kubernetes-management/pull/6506.
    const who = identity.principalId ?? "";
    return fail(
      "LinkedAuthorizationFailed",
      `The client '${who}' with object id '${who}' has permission to perform action '${written.action}' on scope '${written.scope}'; however, it does not have permission to perform action(s) 'Microsoft.Network/virtualNetworks/subnets/join/action' on the linked scope(s) '${id}' (respectively) or the linked scope(s) are invalid.`,
    );
  }

  if (aciSubnetId) {
    const aci = state.networks.subnet(aciSubnetId);
    if (!aci) return unreachable(aciSubnetId);
    if (aci.vnet !== vnet)
      return fail(
        "InvalidParameter",
        `The container instance subnet '${aciSubnetId}' must be on the same virtual network as the subnet '${subnetId}'.`,
      );
    if (
      scenario.unregisteredProviders?.some((p) => p.toLowerCase() === "microsoft.containerinstance")
    )
      return fail(
        "MissingSubscriptionRegistration",
        "The subscription is not registered to use namespace 'Microsoft.ContainerInstance'. See https://aka.ms/rps-not-found for how to register subscriptions.",
      );
    if (!aci.subnet.delegations.some((d) => d.toLowerCase() === ACI.toLowerCase()))
      return fail(
        "SubnetNotDelegated",
        `The subnet '${aciSubnetId}' is not delegated to '${ACI}'; a container group can be deployed only to a subnet delegated to it.`,
      );
    return undefined;
  }

  if (subnet.privateLinkServiceNetworkPolicies !== "Disabled") {
    // The Network provider's own refusal, as quoted in
    // https://github.com/hashicorp/terraform-provider-azurerm/issues/25258.
    return fail(
      "PrivateLinkServiceCannotBeCreatedInSubnetThatHasNetworkPoliciesEnabled",
      `Private link service ${staging}/Microsoft.Network/privateLinkServices/${t.name}-pls cannot be created in a subnet ${subnet.id} since it has private link service network policies enabled.`,
    );
  }
  const nsg = subnet.networkSecurityGroupId
    ? state.networks.securityGroup(subnet.networkSecurityGroupId)
    : undefined;
  const port = os === "Windows" ? 60000 : 60001;
  const flow = {
    direction: "Inbound" as const,
    protocol: "Tcp" as const,
    source: "AzureLoadBalancer",
    destinationPrefix: subnet.addressPrefix,
    port,
  };
  if (nsg && !admits(nsg, flow)) {
    // The proxy VM never answers, so Packer waits for its communicator until the build times
    // out; the Windows line is as reported in https://github.com/MicrosoftDocs/azure-docs/issues/84627.
    const address = `${subnet.addressPrefix.split("/")[0]!.replace(/\.0$/, "")}.5`;
    return {
      armCode: "PackerBuildFailed",
      statusMessage:
        "Failed in building/customizing image: Failed while waiting for packerizer: Timeout waiting for microservice to complete: 'context deadline exceeded'",
      log:
        os === "Windows"
          ? [
              "==> azure-arm: Waiting for WinRM to become available...",
              `[ERROR] WinRM connection err: unknown error Post "https://${address}:5986/wsman": context deadline exceeded`,
            ]
          : ["==> azure-arm: Waiting for SSH to become available...", "Timeout waiting for SSH."],
      timesOut: true,
    };
  }
  return undefined;
}
