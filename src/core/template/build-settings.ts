import { ref } from "../errors.js";
import type { BakeInputs } from "../inputs/read-inputs.js";
import type { Json, JsonObject } from "./template-file.js";

const VNET_FIELDS = [
  ["subnet-id", "subnetId"],
  ["container-instance-subnet-id", "containerInstanceSubnetId"],
  ["proxy-vm-size", "proxyVmSize"],
] as const;

/**
 * The build VM and the build's limits: the inputs override the template file's values.
 * Returns a notice for each value of the template file that an input replaced or extended.
 */
export function renderBuildSettings(properties: JsonObject, inputs: BakeInputs): string[] {
  const notices: string[] = [];
  const vmProfile: JsonObject = { ...objectOf(properties.vmProfile) };
  if (inputs.vmSize) vmProfile.vmSize = inputs.vmSize;
  if (inputs.osDiskSizeGb !== undefined) vmProfile.osDiskSizeGB = inputs.osDiskSizeGb;

  const given = VNET_FIELDS.filter(([input]) => inputValue(inputs, input) !== undefined);
  if (given.length) {
    const vnet: JsonObject = { ...objectOf(vmProfile.vnetConfig) };
    for (const [input, field] of given) {
      const value = inputValue(inputs, input)!;
      const before = vnet[field];
      if (typeof before === "string" && before !== "" && before !== value) {
        notices.push(
          `${ref(input)} replaces the template file's properties.vmProfile.vnetConfig.${field} (${before}).`,
        );
      }
      vnet[field] = value;
    }
    vmProfile.vnetConfig = vnet;
  }

  if (inputs.buildVmIdentities.length) {
    const fromFile = Array.isArray(vmProfile.userAssignedIdentities)
      ? vmProfile.userAssignedIdentities
      : [];
    const known = new Set(
      fromFile.map((id) => (typeof id === "string" ? id.toLowerCase() : JSON.stringify(id))),
    );
    const added = inputs.buildVmIdentities.filter((id) => !known.has(id.toLowerCase()));
    if (fromFile.length && added.length) {
      notices.push(
        `${ref("build-vm-identities")} adds ${added.length} ${added.length === 1 ? "identity" : "identities"} to the template file's properties.vmProfile.userAssignedIdentities.`,
      );
    }
    vmProfile.userAssignedIdentities = [...fromFile, ...added];
  }

  if (Object.keys(vmProfile).length) properties.vmProfile = vmProfile;
  const timeout =
    inputs.buildTimeoutMinutes ??
    (typeof properties.buildTimeoutInMinutes === "number" ? properties.buildTimeoutInMinutes : 240);
  properties.buildTimeoutInMinutes = timeout;
  if (inputs.stagingResourceGroupId)
    properties.stagingResourceGroup = inputs.stagingResourceGroupId;
  return notices;
}

function inputValue(
  inputs: BakeInputs,
  input: (typeof VNET_FIELDS)[number][0],
): string | undefined {
  switch (input) {
    case "subnet-id":
      return inputs.subnetId;
    case "container-instance-subnet-id":
      return inputs.containerInstanceSubnetId;
    case "proxy-vm-size":
      return inputs.proxyVmSize;
  }
}

export function objectOf(value: Json | undefined): JsonObject {
  return value && typeof value === "object" && !Array.isArray(value) ? value : {};
}
