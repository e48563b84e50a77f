import type { Host } from "../host.js";
import { InputError, quote, ref } from "../errors.js";
import { CLOUD_NAMES, customCloud, knownCloud, type Cloud } from "../azure/clouds.js";
import {
  isResourceGroupName,
  isSubscriptionId,
  looksLikeResourceId,
  requireResourceId,
  resourceGroupId,
  RESOURCE_TYPES,
  type ExpectedResource,
} from "../azure/resource-id.js";
import {
  parseImageVersion,
  parsePlan,
  parseSource,
  type ImageSource,
  type PlanInfo,
} from "./source.js";
import { resolveLocalPath, resolveScriptLines, type LocalPath } from "./local-paths.js";
import { readKeepVersions, type KeepVersionsPolicy } from "../lifecycle/keep-versions.js";
import { defaultOf, IF_UNCHANGED, LOG_LEVELS, OS_TYPES, STAGING_ACCESS } from "./catalog.js";
import {
  readTemplateParameters,
  type TemplateParameters,
} from "../template/template-parameters.js";
import {
  readPowerShellSettings,
  readWindowsRestartSettings,
  readWindowsUpdateSettings,
  type PowerShellSettings,
  type WindowsRestartSettings,
  type WindowsUpdateSettings,
} from "./windows-settings.js";
import {
  parseBoolean,
  parseChoice,
  parseInteger,
  parseKeyValueLines,
  parseLines,
  parseList,
  parseTags,
} from "./values.js";

export type OsType = "linux" | "windows";

export interface FileMapping {
  local: LocalPath;
  destination: string;
}

export interface GalleryTarget {
  imageDefinitionId: string;
  version?: string;
  regions: string[];
  excludeFromLatest: boolean;
}

export interface BakeInputs {
  cloud: Cloud;
  subscriptionId?: string;
  location?: string;
  resourceGroup: string;
  templateFile?: LocalPath;
  /** Values for the parameters of an ARM deployment template file. */
  templateParameters?: TemplateParameters;
  source?: ImageSource;
  sourcePlan?: PlanInfo;
  osType?: OsType;
  identityId?: string;
  scripts: LocalPath[];
  inlineScript: string[];
  files: FileMapping[];
  windowsUpdate: boolean;
  windowsRestart: boolean;
  /** How the PowerShell of scripts and inline-script runs on Windows. */
  powerShell: PowerShellSettings;
  windowsUpdateSettings: WindowsUpdateSettings;
  windowsRestartSettings: WindowsRestartSettings;
  gallery?: GalleryTarget;
  managedImageId?: string;
  vhd: boolean;
  vmSize?: string;
  osDiskSizeGb?: number;
  subnetId?: string;
  containerInstanceSubnetId?: string;
  proxyVmSize?: string;
  /** Identities put on the build VM, each once. */
  buildVmIdentities: string[];
  /** Undefined when not given, so a template file's value can stand. */
  buildTimeoutMinutes?: number;
  stagingResourceGroupId?: string;
  tags: Record<string, string>;
  artifactTags: Record<string, string>;
  stagingStorageAccount?: { name: string; id?: string };
  stagingContainer: string;
  stagingAccess: "sas" | "identity";
  logLevel: "quiet" | "normal" | "verbose";
  variables: Record<string, string>;
  dryRun: boolean;
  /** A dry run on a pull request comments what would change (GitHub only). */
  comment: boolean;
  keepOnFailure: boolean;
  /** Undefined keeps every gallery image version. */
  keepVersions?: KeepVersionsPolicy;
  ifUnchanged: "skip" | "build";
}

export const BUILT_IN_VARIABLES = [
  "RUN_ID",
  "RUN_ATTEMPT",
  "RUN_NUMBER",
  "COMMIT_SHA",
  "REPOSITORY",
  "IMAGE_VERSION",
] as const;

const LOCATION = /^[a-z][a-z0-9]*$/;
const VM_SIZE = /^[A-Za-z][A-Za-z0-9_-]*$/;
const CONTAINER = /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const STORAGE_ACCOUNT = /^[a-z0-9]{3,24}$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Reads and checks every input before anything else happens, so a mistake costs seconds and
 * leaves nothing in Azure. Cross-input rules that need the template file are checked when it
 * is rendered.
 */
export function readInputs(host: Host): BakeInputs {
  // Defaults live in the catalogue only, so what action.yml and task.json declare is what runs.
  const get = (name: string): string | undefined => {
    const value = host.getInput(name);
    return value === undefined || value === "" ? defaultOf(name) : value;
  };
  const workspace = host.runContext().workspace;

  const cloud = readCloud(get);
  const subscriptionId = get("subscription-id");
  if (subscriptionId !== undefined && !isSubscriptionId(subscriptionId)) {
    throw new InputError(
      "subscription-id",
      `${quote(subscriptionId)} is not a subscription ID. Use the subscription's GUID, e.g. 00000000-0000-0000-0000-000000000000.`,
    );
  }

  const resourceGroup = get("resource-group");
  if (!resourceGroup) {
    throw new InputError(
      "resource-group",
      "is required. Name the resource group the image template is created in.",
    );
  }
  if (!isResourceGroupName(resourceGroup)) {
    throw new InputError(
      "resource-group",
      `${quote(resourceGroup)} is not a resource group name. Use up to 90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'.`,
    );
  }

  const ids = new IdResolver(subscriptionId, resourceGroup);

  const rawLocation = get("location");
  const location = rawLocation === undefined ? undefined : normaliseLocation(rawLocation);

  const templateFileRaw = get("template-file");
  const templateFile = templateFileRaw
    ? resolveLocalPath("template-file", templateFileRaw, workspace, workspace)
    : undefined;
  if (templateFile?.isDirectory) {
    throw new InputError(
      "template-file",
      `${quote(templateFileRaw!)} is a directory. Name a .json, .yaml or .yml file.`,
    );
  }

  const sourceRaw = get("source");
  const source = sourceRaw ? parseSource("source", sourceRaw) : undefined;
  const planRaw = get("source-plan");
  const sourcePlan = planRaw ? parsePlan("source-plan", planRaw) : undefined;
  if (sourcePlan && source && source.type !== "PlatformImage") {
    throw new InputError(
      "source-plan",
      `applies only to a platform image source (publisher:offer:sku:version). Remove it, or change ${ref("source")}.`,
    );
  }
  if (sourcePlan && !source) {
    throw new InputError(
      "source-plan",
      `needs a platform image in ${ref("source")} (publisher:offer:sku:version).`,
    );
  }

  const osType = parseChoice("os-type", get("os-type"), OS_TYPES);

  const identityRaw = get("identity");
  const identityId = identityRaw
    ? ids.resolve(
        "identity",
        identityRaw,
        RESOURCE_TYPES.userAssignedIdentity,
        "Microsoft.ManagedIdentity/userAssignedIdentities",
      )
    : undefined;

  const scripts = resolveScriptLines("scripts", parseLines(get("scripts")), workspace);
  const inlineRaw = host.getInput("inline-script");
  const inlineScript = inlineRaw ? inlineRaw.split(/\r?\n/).filter((l) => l.trim() !== "") : [];
  const files = parseKeyValueLines("files", get("files"), {
    separator: "=>",
    example: "local-path => destination",
  }).map(([local, destination]) => readFileMapping(local, destination, workspace));

  const gallery = readGallery(get);
  const managedImageRaw = get("managed-image-id");
  const managedImageId = managedImageRaw
    ? requireResourceId("managed-image-id", managedImageRaw, RESOURCE_TYPES.managedImage).id
    : undefined;

  const vmSize = get("vm-size");
  if (vmSize !== undefined && !VM_SIZE.test(vmSize)) {
    throw new InputError(
      "vm-size",
      `${quote(vmSize)} is not a VM size. Use a size name such as Standard_D4s_v5.`,
    );
  }
  const subnetRaw = get("subnet-id");
  const subnetId = subnetRaw
    ? requireResourceId("subnet-id", subnetRaw, RESOURCE_TYPES.subnet).id
    : undefined;
  const containerSubnetRaw = get("container-instance-subnet-id");
  const containerInstanceSubnetId = containerSubnetRaw
    ? requireResourceId("container-instance-subnet-id", containerSubnetRaw, RESOURCE_TYPES.subnet)
        .id
    : undefined;
  const proxyVmSize = get("proxy-vm-size");
  if (proxyVmSize !== undefined && !VM_SIZE.test(proxyVmSize)) {
    throw new InputError(
      "proxy-vm-size",
      `${quote(proxyVmSize)} is not a VM size. Use a size name such as Standard_A2_v2.`,
    );
  }
  const buildVmIdentities = readBuildVmIdentities(get("build-vm-identities"));
  const windowsUpdate = parseBoolean("windows-update", get("windows-update"), false);
  const windowsRestart = parseBoolean("windows-restart", get("windows-restart"), false);

  const stagingRgRaw = get("staging-resource-group");
  const stagingResourceGroupId = stagingRgRaw
    ? ids.resourceGroup("staging-resource-group", stagingRgRaw)
    : undefined;

  const stagingAccountRaw = get("staging-storage-account");
  const stagingStorageAccount = stagingAccountRaw
    ? readStorageAccount(stagingAccountRaw)
    : undefined;
  const stagingContainer = get("staging-container")!;
  if (!CONTAINER.test(stagingContainer)) {
    throw new InputError(
      "staging-container",
      `${quote(stagingContainer)} is not a container name. Use 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.`,
    );
  }

  return {
    cloud,
    subscriptionId,
    location,
    resourceGroup,
    templateFile,
    templateParameters: readTemplateParameters(get("template-parameters"), workspace),
    source,
    sourcePlan,
    osType,
    identityId,
    scripts,
    inlineScript,
    files,
    windowsUpdate,
    windowsRestart,
    powerShell: readPowerShellSettings(get),
    windowsUpdateSettings: readWindowsUpdateSettings(get, windowsUpdate),
    windowsRestartSettings: readWindowsRestartSettings(get, windowsRestart),
    gallery,
    managedImageId,
    vhd: parseBoolean("vhd", get("vhd"), false),
    vmSize,
    osDiskSizeGb: parseInteger("os-disk-size-gb", get("os-disk-size-gb"), {
      min: 1,
      max: 4095,
      unit: "GB",
    }),
    subnetId,
    containerInstanceSubnetId,
    proxyVmSize,
    buildVmIdentities,
    buildTimeoutMinutes: parseInteger("build-timeout-minutes", get("build-timeout-minutes"), {
      min: 1,
      max: 960,
      unit: "minutes",
    }),
    stagingResourceGroupId,
    tags: parseTags("tags", get("tags")),
    artifactTags: parseTags("artifact-tags", get("artifact-tags")),
    stagingStorageAccount,
    stagingContainer,
    logLevel: parseChoice("log-level", get("log-level"), LOG_LEVELS)!,
    stagingAccess: parseChoice("staging-access", get("staging-access"), STAGING_ACCESS)!,
    variables: readVariables(get("variables")),
    dryRun: parseBoolean("dry-run", get("dry-run"), false),
    comment: parseBoolean("comment", get("comment"), false),
    keepOnFailure: parseBoolean("keep-on-failure", get("keep-on-failure"), false),
    keepVersions: readKeepVersions(get),
    ifUnchanged: parseChoice("if-unchanged", get("if-unchanged"), IF_UNCHANGED)!,
  };
}

function readCloud(get: (name: string) => string | undefined): Cloud {
  const name = parseChoice("environment", get("environment"), CLOUD_NAMES)!;
  const arm = get("resource-manager-endpoint");
  const authority = get("authority-host");
  const audience = get("resource-manager-audience");
  if (name !== "custom") {
    if (audience)
      throw new InputError(
        "resource-manager-audience",
        `is only used with a custom cloud (${ref("environment")} is '${name}'). Remove it, or set ${ref("environment")} to custom.`,
      );
    if (arm)
      throw new InputError(
        "resource-manager-endpoint",
        `is only used with a custom cloud (${ref("environment")} is '${name}'). Remove it, or set ${ref("environment")} to custom.`,
      );
    if (authority)
      throw new InputError(
        "authority-host",
        `is only used with a custom cloud (${ref("environment")} is '${name}'). Remove it, or set ${ref("environment")} to custom.`,
      );
    return knownCloud(name);
  }
  for (const [input, value] of [
    ["resource-manager-endpoint", arm],
    ["authority-host", authority],
  ] as const) {
    if (!value)
      throw new InputError(
        input,
        "is required for a custom cloud or Azure Stack Hub. Give the https:// URL of the cloud's endpoint.",
      );
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new InputError(input, `${quote(value)} is not a URL. Give an https:// URL.`);
    }
    if (url.protocol !== "https:") {
      throw new InputError(
        input,
        `${quote(value)} does not use https. Azure endpoints are only reached over https.`,
      );
    }
  }
  return customCloud(arm!, authority!, audience);
}

function normaliseLocation(raw: string): string {
  // ARM accepts display names ("West Europe") and answers with the short form; so do we.
  const short = raw.toLowerCase().replace(/\s+/g, "");
  if (!LOCATION.test(short)) {
    throw new InputError(
      "location",
      `${quote(raw)} is not an Azure region. Use a region name such as westeurope or eastus2.`,
    );
  }
  return short;
}

function readGallery(get: (name: string) => string | undefined): GalleryTarget | undefined {
  const raw = get("gallery-image-id");
  const versionRaw = get("image-version");
  const named = parseList(get("replication-regions")).map((r) => {
    const short = r.toLowerCase().replace(/\s+/g, "");
    if (!LOCATION.test(short)) {
      throw new InputError(
        "replication-regions",
        `${quote(r)} is not an Azure region. Use region names such as westeurope, eastus2.`,
      );
    }
    return short;
  });
  // A region named twice ("westeurope, West Europe") means it once: Image Builder gets it once.
  const regions = [...new Set(named)];
  const excludeFromLatest = parseBoolean("exclude-from-latest", get("exclude-from-latest"), false);
  if (!raw) {
    for (const [input, given] of [
      ["image-version", versionRaw],
      ["replication-regions", regions.length ? "x" : undefined],
    ] as const) {
      if (given)
        throw new InputError(
          input,
          `needs ${ref("gallery-image-id")}: it applies to a gallery image version. Set ${ref("gallery-image-id")}, or remove it.`,
        );
    }
    return undefined;
  }
  let imageDefinitionId: string;
  let version = versionRaw ? parseImageVersion("image-version", versionRaw) : undefined;
  const asVersion = /\/versions\/[^/]+\/?$/i.test(raw);
  if (asVersion) {
    const parsed = requireResourceId("gallery-image-id", raw, RESOURCE_TYPES.galleryImageVersion);
    const inId = parseImageVersion("gallery-image-id", parsed.names[2]!);
    if (version && version !== inId) {
      throw new InputError(
        "image-version",
        `'${version}' differs from the version '${inId}' in ${ref("gallery-image-id")}. Give the version in one place.`,
      );
    }
    version = inId;
    imageDefinitionId = parsed.id.replace(/\/versions\/[^/]+$/i, "");
  } else {
    imageDefinitionId = requireResourceId("gallery-image-id", raw, RESOURCE_TYPES.galleryImage).id;
  }
  return { imageDefinitionId, version, regions, excludeFromLatest };
}

function readFileMapping(local: string, destination: string, workspace: string): FileMapping {
  if (!destination) {
    throw new InputError(
      "files",
      `${quote(local)} has no destination. Write \`${local} => /path/on/the/vm\`.`,
    );
  }
  if (!/^\//.test(destination) && !/^[A-Za-z]:[\\/]/.test(destination)) {
    throw new InputError(
      "files",
      `the destination ${quote(destination)} is not an absolute path. Use e.g. /opt/app/ on Linux or C:\\app\\ on Windows.`,
    );
  }
  return { local: resolveLocalPath("files", local, workspace, workspace), destination };
}

function readBuildVmIdentities(raw: string | undefined): string[] {
  const ids = new Map<string, string>();
  for (const item of parseList(raw)) {
    const id = requireResourceId(
      "build-vm-identities",
      item,
      RESOURCE_TYPES.userAssignedIdentity,
    ).id;
    // Resource IDs are case-insensitive: one identity named twice is put on the VM once.
    if (!ids.has(id.toLowerCase())) ids.set(id.toLowerCase(), id);
  }
  return [...ids.values()];
}

function readStorageAccount(raw: string): { name: string; id?: string } {
  if (looksLikeResourceId(raw)) {
    const id = requireResourceId("staging-storage-account", raw, RESOURCE_TYPES.storageAccount);
    return { name: id.names[0]!, id: id.id };
  }
  if (!STORAGE_ACCOUNT.test(raw)) {
    throw new InputError(
      "staging-storage-account",
      `${quote(raw)} is not a storage account name. Use 3 to 24 lowercase letters and digits, or the account's resource ID.`,
    );
  }
  return { name: raw };
}

function readVariables(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of parseKeyValueLines("variables", raw, {
    separator: "=",
    example: "NAME=value",
  })) {
    if (!VARIABLE_NAME.test(name)) {
      throw new InputError(
        "variables",
        `${quote(name)} is not a variable name. Use letters, digits and '_', not starting with a digit.`,
      );
    }
    if ((BUILT_IN_VARIABLES as readonly string[]).includes(name)) {
      throw new InputError(
        "variables",
        `${name} is set by bake-azure-image itself and cannot be redefined. Choose another name.`,
      );
    }
    out[name] = value;
  }
  return out;
}

/** Accepts a resource ID of the expected type or a bare name in resource-group. */
class IdResolver {
  constructor(
    private readonly subscriptionId: string | undefined,
    private readonly resourceGroupName: string,
  ) {}

  resolve(input: string, raw: string, expected: ExpectedResource, typePath: string): string {
    if (looksLikeResourceId(raw)) return requireResourceId(input, raw, expected).id;
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/.test(raw)) {
      throw new InputError(
        input,
        `${quote(raw)} is neither a resource ID nor a resource name. Expected ${expected.noun}: its name in ${ref("resource-group")}, or ${expected.form}.`,
      );
    }
    return `${this.requireSubscription(input)}/providers/${typePath}/${raw}`;
  }

  resourceGroup(input: string, raw: string): string {
    if (looksLikeResourceId(raw)) {
      const match = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/?$/i.exec(raw);
      if (!match || !isSubscriptionId(match[1]!) || !isResourceGroupName(match[2]!)) {
        throw new InputError(
          input,
          `${quote(raw)} is not a resource group ID. Use a name, or /subscriptions/<id>/resourceGroups/<name>.`,
        );
      }
      return resourceGroupId(match[1]!, match[2]!);
    }
    if (!isResourceGroupName(raw)) {
      throw new InputError(
        input,
        `${quote(raw)} is not a resource group name. Use up to 90 letters, digits, '-', '_', '.', '(' or ')'.`,
      );
    }
    const sub = this.subscriptionId;
    if (!sub) throw missingSubscription(input);
    return resourceGroupId(sub, raw);
  }

  private requireSubscription(input: string): string {
    if (!this.subscriptionId) throw missingSubscription(input);
    return resourceGroupId(this.subscriptionId, this.resourceGroupName);
  }
}

function missingSubscription(input: string): InputError {
  return new InputError(
    input,
    `is a name, and turning it into a resource ID needs the subscription. Set ${ref("subscription-id")}, or give the full resource ID.`,
  );
}
