import type { BakeInputs } from "../inputs/read-inputs.js";
import type { JsonObject } from "./template-file.js";

/** The build VM and the build's limits: the inputs override the template file's values. */
export function renderBuildSettings(properties: JsonObject, inputs: BakeInputs): void {
  const current = properties.vmProfile;
  const vmProfile: JsonObject =
    current && typeof current === "object" && !Array.isArray(current) ? { ...current } : {};
  if (inputs.vmSize) vmProfile.vmSize = inputs.vmSize;
  if (inputs.osDiskSizeGb !== undefined) vmProfile.osDiskSizeGB = inputs.osDiskSizeGb;
  if (inputs.subnetId) {
    const vnet =
      vmProfile.vnetConfig &&
      typeof vmProfile.vnetConfig === "object" &&
      !Array.isArray(vmProfile.vnetConfig)
        ? vmProfile.vnetConfig
        : {};
    vmProfile.vnetConfig = { ...vnet, subnetId: inputs.subnetId };
  }
  if (Object.keys(vmProfile).length) properties.vmProfile = vmProfile;
  const timeout =
    inputs.buildTimeoutMinutes ??
    (typeof properties.buildTimeoutInMinutes === "number" ? properties.buildTimeoutInMinutes : 240);
  properties.buildTimeoutInMinutes = timeout;
  if (inputs.stagingResourceGroupId)
    properties.stagingResourceGroup = inputs.stagingResourceGroupId;
}
