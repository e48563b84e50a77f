/**
 * Rules Image Builder's API states in prose, between fields, that its JSON schema cannot
 * check: a template breaking one is refused (or fails) only after it is submitted. Each error
 * names the input that set the field, or the template file's JSON path when the file did.
 */
import { InputError, quote, ref } from "../errors.js";
import type { BakeInputs, OsType } from "../inputs/read-inputs.js";
import { windowsOnlyInputsGiven } from "../inputs/windows-settings.js";
import { objectOf } from "./build-settings.js";
import type { Json, JsonObject } from "./template-file.js";

type VnetField = "subnetId" | "containerInstanceSubnetId" | "proxyVmSize";

const INPUT_OF: Record<VnetField, "subnet-id" | "container-instance-subnet-id" | "proxy-vm-size"> =
  {
    subnetId: "subnet-id",
    containerInstanceSubnetId: "container-instance-subnet-id",
    proxyVmSize: "proxy-vm-size",
  };

/** Where a vnetConfig value came from: the input that set it, or the template file. */
interface Origin {
  input: string;
  /** How a message refers to the value. */
  shown: string;
}

/**
 * `containerInstanceSubnetId` only with `subnetId` and on its virtual network; `proxyVmSize`
 * never with `containerInstanceSubnetId` (an isolated build deploys no proxy VM).
 */
export function checkVnetConfig(properties: JsonObject, inputs: BakeInputs): void {
  const vnet = objectOf(objectOf(properties.vmProfile).vnetConfig);
  const value = (field: VnetField) => {
    const v = vnet[field];
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  const origin = (field: VnetField): Origin => {
    const input = INPUT_OF[field];
    return inputs[field] !== undefined
      ? { input, shown: ref(input) }
      : {
          input: "template-file",
          shown: `the template file's properties.vmProfile.vnetConfig.${field}`,
        };
  };
  /** The input a rule's error names: the first of the fields an input set, else the file. */
  const blame = (...fields: VnetField[]): string =>
    fields.map(origin).find((o) => o.input !== "template-file")?.input ?? "template-file";

  const subnet = value("subnetId");
  const containerSubnet = value("containerInstanceSubnetId");
  const proxySize = value("proxyVmSize");

  if (containerSubnet && !subnet) {
    const ci = origin("containerInstanceSubnetId");
    throw new InputError(
      ci.input,
      `${ci.shown} is set without a subnet for the build VM, and Image Builder takes a container instance subnet only together with one (isolated build). Set ${ref("subnet-id")} to a subnet of the same virtual network, or remove ${ci.shown}.`,
    );
  }
  if (containerSubnet && subnet) {
    const [ciNetwork, vmNetwork] = [networkOf(containerSubnet), networkOf(subnet)];
    if (ciNetwork && vmNetwork && ciNetwork.toLowerCase() !== vmNetwork.toLowerCase()) {
      const ci = origin("containerInstanceSubnetId");
      const vm = origin("subnetId");
      throw new InputError(
        blame("containerInstanceSubnetId", "subnetId"),
        `${ci.shown} is on the virtual network ${quote(ciNetwork, 400)}, and ${vm.shown} on ${quote(vmNetwork, 400)}: Image Builder needs both subnets on the same virtual network. Use a subnet of the build VM's network for the container instance, e.g. az network vnet subnet create --resource-group ${segmentAfter(vmNetwork, "resourceGroups")} --vnet-name ${segmentAfter(vmNetwork, "virtualNetworks")} --name <name> --address-prefixes <range> --delegations Microsoft.ContainerInstance/containerGroups`,
      );
    }
  }
  if (proxySize && containerSubnet) {
    const proxy = origin("proxyVmSize");
    const ci = origin("containerInstanceSubnetId");
    throw new InputError(
      blame("proxyVmSize", "containerInstanceSubnetId"),
      `${proxy.shown} is set for an isolated build (${ci.shown}), which deploys no proxy VM, and Image Builder refuses a proxy VM size with it. Remove ${proxy.shown}, or ${ci.shown} to build through a proxy VM.`,
    );
  }
  if (proxySize && !subnet && inputs.proxyVmSize !== undefined) {
    throw new InputError(
      "proxy-vm-size",
      `sizes the proxy VM of a build in an existing virtual network, and no subnet is given. Set ${ref("subnet-id")}, or remove ${ref("proxy-vm-size")}.`,
    );
  }
}

/** "/subscriptions/…/virtualNetworks/vnet/subnets/snet" → ".../virtualNetworks/vnet" */
function segmentAfter(id: string, key: string): string {
  const parts = id.split("/");
  const at = parts.findIndex((p) => p.toLowerCase() === key.toLowerCase());
  return at >= 0 && parts[at + 1] ? parts[at + 1]! : `<${key}>`;
}

function networkOf(subnetId: string): string | undefined {
  const match = /^(.*\/virtualNetworks\/[^/]+)\/subnets\/[^/]+\/?$/i.exec(subnetId);
  return match?.[1];
}

/**
 * `runAsSystem: true` only with `runElevated: true`, for the template file's PowerShell
 * customizers and in-VM validators (the inputs' own are checked when they are read).
 */
export function checkFileElevation(
  fileCustomizers: JsonObject[],
  validate: Json | undefined,
): void {
  const validations = objectOf(validate).inVMValidations;
  const places: Array<[string, Json]> = [
    ...fileCustomizers.map((c, i) => [`properties.customize[${i}]`, c] as [string, Json]),
    ...(Array.isArray(validations) ? validations : []).map(
      (v, i) => [`properties.validate.inVMValidations[${i}]`, v] as [string, Json],
    ),
  ];
  for (const [at, step] of places) {
    const s = objectOf(step);
    if (s.type === "PowerShell" && s.runAsSystem === true && s.runElevated !== true) {
      throw new InputError(
        "template-file",
        `${at} sets runAsSystem to true without runElevated: Image Builder runs PowerShell as the local system account only when it runs elevated. Add "runElevated": true to it, or remove runAsSystem.`,
      );
    }
  }
}

/** The Windows-only inputs make no sense for a Linux image: refused rather than ignored. */
export function refuseWindowsOnlyInputs(inputs: BakeInputs, osType: OsType | undefined): void {
  if (osType !== "linux") return;
  const [input] = windowsOnlyInputsGiven(inputs);
  if (!input) return;
  const why = inputs.osType
    ? `${ref("os-type")} is linux`
    : "inferred from the source, the scripts or the template file";
  throw new InputError(
    input,
    `applies to Windows images only, and this image is Linux (${why}). Remove ${ref(input)}.`,
  );
}
