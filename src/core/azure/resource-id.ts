import { InputError, quote } from "../errors.js";

/** A parsed ARM resource ID. Provider types are compared case-insensitively, as ARM does. */
export interface ResourceId {
  subscriptionId: string;
  resourceGroup: string;
  /** e.g. "Microsoft.Compute/galleries/images" */
  type: string;
  /** Names along the type path, e.g. ["myGallery", "myDefinition"]. */
  names: string[];
  /** Normalised ID: the casing of the input, no trailing slash. */
  id: string;
}

const SUBSCRIPTION =
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const RESOURCE_GROUP = /^[-\w._()]{1,90}$/u;

export function isSubscriptionId(value: string): boolean {
  return SUBSCRIPTION.test(value);
}

export function isResourceGroupName(value: string): boolean {
  return RESOURCE_GROUP.test(value) && !value.endsWith(".");
}

export function looksLikeResourceId(value: string): boolean {
  return value.startsWith("/");
}

/** Parses `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}…]`. */
export function parseResourceId(value: string): ResourceId | undefined {
  const id = value.replace(/\/+$/, "");
  const parts = id.split("/");
  if (parts[0] !== "" || parts.length < 9) return undefined;
  const [, subs, subscriptionId, rgs, resourceGroup, providers, namespace, ...rest] = parts;
  if (
    subs?.toLowerCase() !== "subscriptions" ||
    !subscriptionId ||
    !isSubscriptionId(subscriptionId)
  )
    return undefined;
  if (
    rgs?.toLowerCase() !== "resourcegroups" ||
    !resourceGroup ||
    !isResourceGroupName(resourceGroup)
  )
    return undefined;
  if (providers?.toLowerCase() !== "providers" || !namespace || rest.length % 2 !== 0)
    return undefined;
  const types: string[] = [];
  const names: string[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    if (!rest[i] || !rest[i + 1]) return undefined;
    types.push(rest[i]!);
    names.push(rest[i + 1]!);
  }
  return { subscriptionId, resourceGroup, type: [namespace, ...types].join("/"), names, id };
}

export interface ExpectedResource {
  /** e.g. "Microsoft.Compute/galleries/images" */
  type: string;
  /** How the user would call it: "an Azure Compute Gallery image definition". */
  noun: string;
  /** A template of the accepted form, shown in errors. */
  form: string;
}

export function sameType(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Parses and checks the resource type, or throws an error that shows the expected form. */
export function requireResourceId(
  input: string,
  value: string,
  expected: ExpectedResource,
): ResourceId {
  const parsed = parseResourceId(value);
  if (!parsed) {
    throw new InputError(
      input,
      `${quote(value)} is not a resource ID. Expected ${expected.noun}: ${expected.form}.`,
    );
  }
  if (!sameType(parsed.type, expected.type)) {
    throw new InputError(
      input,
      `${quote(value)} is a ${parsed.type} resource, not ${expected.noun}. Expected: ${expected.form}.`,
    );
  }
  return parsed;
}

export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

export const RESOURCE_TYPES = {
  galleryImage: {
    type: "Microsoft.Compute/galleries/images",
    noun: "an Azure Compute Gallery image definition",
    form: "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/galleries/<gallery>/images/<definition>",
  },
  galleryImageVersion: {
    type: "Microsoft.Compute/galleries/images/versions",
    noun: "an Azure Compute Gallery image version",
    form: "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/galleries/<gallery>/images/<definition>/versions/<version>",
  },
  managedImage: {
    type: "Microsoft.Compute/images",
    noun: "a managed image",
    form: "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/images/<name>",
  },
  userAssignedIdentity: {
    type: "Microsoft.ManagedIdentity/userAssignedIdentities",
    noun: "a user-assigned managed identity",
    form: "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>",
  },
  subnet: {
    type: "Microsoft.Network/virtualNetworks/subnets",
    noun: "a virtual network subnet",
    form: "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>",
  },
  imageTemplate: {
    type: "Microsoft.VirtualMachineImages/imageTemplates",
    noun: "an Image Builder image template",
    form: "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.VirtualMachineImages/imageTemplates/<name>",
  },
  storageAccount: {
    type: "Microsoft.Storage/storageAccounts",
    noun: "a storage account",
    form: "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Storage/storageAccounts/<name>",
  },
} satisfies Record<string, ExpectedResource>;
