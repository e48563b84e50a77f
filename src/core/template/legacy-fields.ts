import { InputError, quote } from "../errors.js";
import { closestName } from "./closest-name.js";
import type { Json, JsonObject } from "./template-file.js";
import { IMAGE_BUILDER_API_VERSION, unknownProperties } from "./validate-template.js";

/*
 * Fields of Image Builder API versions from 2019-05-01-preview on that the current version
 * renamed or removed. Renamed ones with the same meaning are rewritten (and reported);
 * removed ones are refused with what replaced them.
 */

/** Checked before placeholders are filled: an ISO source cannot be built whatever its URI. */
export function refuseRemovedFields(properties: Json | undefined): void {
  const source = asObject(asObject(properties)?.source);
  if (source && typeof source.type === "string" && source.type.toUpperCase() === "ISO") {
    const uri = source.sourceUri ?? source.sourceURI;
    throw new InputError(
      "template-file",
      `properties.source is an ISO source (type 'ISO', sourceUri ${quote(typeof uri === "string" ? uri : JSON.stringify(uri ?? ""))}), which Image Builder removed in API 2020-02-14. Start from a PlatformImage instead (e.g. RedHat:RHEL:<sku>:latest for Red Hat Enterprise Linux), or from a ManagedImage or SharedImageVersion made from the ISO.`,
    );
  }
}

export function mapLegacyFields(properties: JsonObject): string[] {
  const mapped: string[] = [];
  const distribute = Array.isArray(properties.distribute) ? properties.distribute : [];
  for (const [i, d] of distribute.entries()) {
    const distributor = asObject(d);
    if (!distributor || distributor.type !== "SharedImage") continue;
    const regions = distributor.replicationRegions;
    if (!Array.isArray(regions) || distributor.targetRegions !== undefined) continue;
    // replicationRegions and storageAccountType are deprecated in favour of targetRegions,
    // which says the same per region.
    const storage = distributor.storageAccountType;
    distributor.targetRegions = regions.map((name): JsonObject =>
      storage === undefined ? { name } : { name, storageAccountType: storage },
    );
    delete distributor.replicationRegions;
    delete distributor.storageAccountType;
    mapped.push(
      `properties.distribute[${i}].replicationRegions${storage === undefined ? "" : " and storageAccountType"} → targetRegions`,
    );
  }
  return mapped;
}

/** Every property name of the current API: the candidates a typo is compared with. */
const API_PROPERTY_NAMES = [
  "additionalDataDisks",
  "artifactTags",
  "autoRun",
  "buildTimeoutInMinutes",
  "containerInstanceSubnetId",
  "continueDistributeOnFailure",
  "customize",
  "destination",
  "distribute",
  "errorHandling",
  "excludeFromLatest",
  "filters",
  "galleryImageId",
  "identity",
  "imageId",
  "imageVersionId",
  "inline",
  "inVMValidations",
  "location",
  "major",
  "managedResourceTags",
  "name",
  "offer",
  "onCustomizerError",
  "onValidationError",
  "optimize",
  "osDiskSizeGB",
  "planInfo",
  "planName",
  "planProduct",
  "planPublisher",
  "properties",
  "proxyVmSize",
  "publisher",
  "replicaCount",
  "replicationMode",
  "replicationRegions",
  "restartCheckCommand",
  "restartCommand",
  "restartTimeout",
  "runAsSystem",
  "runElevated",
  "runOutputName",
  "scheme",
  "scriptUri",
  "searchCriteria",
  "sha256Checksum",
  "sizeGB",
  "sku",
  "source",
  "sourceUri",
  "sourceValidationOnly",
  "stagingResourceGroup",
  "state",
  "storageAccountType",
  "subnetId",
  "tags",
  "targetRegions",
  "type",
  "updateLimit",
  "uri",
  "userAssignedIdentities",
  "validate",
  "validExitCodes",
  "version",
  "versioning",
  "vmBoot",
  "vmProfile",
  "vmSize",
  "vnetConfig",
  "workload",
];

/**
 * Refuses the first property the API does not know, naming the valid property it most
 * likely meant: one the schema accepts at that place.
 */
export function refuseUnknownProperty(shownPath: string, doc: JsonObject): void {
  const probe: JsonObject = {
    location: "probe",
    identity: doc.identity ?? { type: "UserAssigned", userAssignedIdentities: {} },
    properties: doc.properties ?? {},
  };
  const unknown = unknownProperties(probe)[0];
  if (!unknown) return;
  const holder = objectAt(probe, unknown.at);
  const fits = API_PROPERTY_NAMES.filter((candidate) => {
    if (!holder || candidate in holder) return false;
    const value = holder[unknown.name]!;
    delete holder[unknown.name];
    holder[candidate] = value;
    const stillUnknown = unknownProperties(probe).some(
      (u) => u.at === unknown.at && u.name === candidate,
    );
    delete holder[candidate];
    holder[unknown.name] = value;
    return !stillUnknown;
  });
  const near = closestName(unknown.name, fits);
  const where = unknown.at ? `${unknown.at}.${unknown.name}` : unknown.name;
  throw new InputError(
    "template-file",
    `${where} in ${quote(shownPath)} is not a property of Image Builder API ${IMAGE_BUILDER_API_VERSION}${near ? `; did you mean ${quote(near)}?` : fits.length ? `. Valid here: ${fits.join(", ")}.` : "."}`,
  );
}

function asObject(value: Json | undefined): JsonObject | undefined {
  return value && typeof value === "object" && !Array.isArray(value) ? value : undefined;
}

/** "properties.customize[1]" → that object inside `root`. */
function objectAt(root: JsonObject, at: string): JsonObject | undefined {
  let node: Json | undefined = root;
  for (const part of at.match(/[^.[\]]+/g) ?? []) {
    if (Array.isArray(node)) node = node[Number(part)];
    else if (node && typeof node === "object") node = node[part];
    else return undefined;
  }
  return asObject(node);
}
