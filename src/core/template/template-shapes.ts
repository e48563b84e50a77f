import { InputError, quote } from "../errors.js";
import { closestName } from "./closest-name.js";
import type { Json, JsonObject } from "./template-file.js";

export const IMAGE_TEMPLATE_TYPE = "Microsoft.VirtualMachineImages/imageTemplates";
/** Microsoft's quickstart templates write the provider alone as the type. */
const PROVIDER = "Microsoft.VirtualMachineImages";
/** The 2021-10-01 REST examples write it in the singular in their responses: the same resource. */
const SINGULAR_TYPE = "Microsoft.VirtualMachineImages/imageTemplate";
const ACCEPTED_TYPES = new Set(
  [IMAGE_TEMPLATE_TYPE, PROVIDER, SINGULAR_TYPE].map((t) => t.toLowerCase()),
);
const OLDEST_API_VERSION = "2019-05-01-preview";

/** Keys of a resource that say where it is written, not what to build: dropped silently. */
const FRAMING_KEYS = new Set(["type", "apiVersion", "dependsOn", "comments"]);
/** What `az image builder show` and `az resource show` add; null there means unset. */
const SHOW_KEYS_WHEN_NULL = new Set([
  "kind",
  "managedBy",
  "plan",
  "sku",
  "extendedLocation",
  "etag",
]);
const RESOURCE_KEYS = ["location", "identity", "tags", "properties"];
/** Set by Azure, never by a request: the output of a show command carries them. */
const READ_ONLY_TOP = ["id", "name", "systemData", "resourceGroup", "etag"];
const READ_ONLY_PROPERTIES = [
  "provisioningState",
  "provisioningError",
  "lastRunStatus",
  "exactStagingResourceGroup",
];

export interface NormalisedResource {
  /** location, identity, tags and properties, as the file has them. */
  doc: JsonObject;
  /** Read-only fields that were dropped, by JSON path. */
  dropped: string[];
}

/** The resource shape: ARM template resource, quickstart file, or show output. */
export function normaliseResource(shownPath: string, input: JsonObject): NormalisedResource {
  if (typeof input.type === "string") {
    if (!ACCEPTED_TYPES.has(input.type.toLowerCase())) {
      throw new InputError(
        "template-file",
        `${quote(shownPath)} describes a ${input.type}, not a ${IMAGE_TEMPLATE_TYPE}.`,
      );
    }
  }
  checkApiVersion(shownPath, input.apiVersion);
  const dropped: string[] = [];
  const doc: JsonObject = {};
  for (const [key, value] of Object.entries(input)) {
    if (FRAMING_KEYS.has(key)) continue;
    if (READ_ONLY_TOP.includes(key)) {
      if (value !== null) dropped.push(key);
      continue;
    }
    if (SHOW_KEYS_WHEN_NULL.has(key) && value === null) continue;
    if (!RESOURCE_KEYS.includes(key)) {
      const near = closestName(key, RESOURCE_KEYS);
      throw new InputError(
        "template-file",
        `${quote(shownPath)} has an unknown top-level property ${quote(key)}${near ? `; did you mean ${quote(near)}?` : "."} A template file holds location, identity, tags and properties, or the properties alone.`,
      );
    }
    if (value !== null) doc[key] = withoutNulls(value);
  }
  const properties = doc.properties;
  if (properties && typeof properties === "object" && !Array.isArray(properties)) {
    for (const key of READ_ONLY_PROPERTIES) {
      if (key in properties) {
        dropped.push(`properties.${key}`);
        delete properties[key];
      }
    }
    const source = properties.source;
    if (
      source &&
      typeof source === "object" &&
      !Array.isArray(source) &&
      "exactVersion" in source
    ) {
      dropped.push("properties.source.exactVersion");
      delete source.exactVersion;
    }
  }
  dropIdentityReadOnly(doc.identity, "identity", dropped);
  return { doc, dropped };
}

function dropIdentityReadOnly(identity: Json | undefined, at: string, dropped: string[]): void {
  if (!identity || typeof identity !== "object" || Array.isArray(identity)) return;
  for (const key of ["principalId", "tenantId"]) {
    if (key in identity) {
      dropped.push(`${at}.${key}`);
      delete identity[key];
    }
  }
  const users = identity.userAssignedIdentities;
  if (!users || typeof users !== "object" || Array.isArray(users)) return;
  const keys = new Set<string>();
  for (const [id, value] of Object.entries(users)) {
    if (!value || typeof value !== "object" || Array.isArray(value)) continue;
    for (const key of Object.keys(value))
      if (key === "principalId" || key === "clientId") keys.add(key);
    users[id] = {};
  }
  if (keys.size) dropped.push(`${at}.userAssignedIdentities[*].${[...keys].sort().join("/")}`);
}

function checkApiVersion(shownPath: string, apiVersion: Json | undefined): void {
  if (typeof apiVersion !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(apiVersion)) return;
  if (apiVersion.slice(0, 10) < OLDEST_API_VERSION.slice(0, 10)) {
    throw new InputError(
      "template-file",
      `${quote(shownPath)} is written for Image Builder API ${apiVersion}, a preview from before ${OLDEST_API_VERSION} whose fields later versions renamed. Port it to ${OLDEST_API_VERSION} or later (e.g. a Shell customizer's script became scriptUri).`,
    );
  }
}

/**
 * An identity that names user-assigned identities but no type means UserAssigned, the only
 * type that holds any (files edited by hand, or compiled templates trimmed, drop it). Image
 * Builder wants the type said, so it is filled in. True when it was.
 */
export function fillIdentityType(identity: JsonObject | undefined): boolean {
  if (!identity || identity.type !== undefined) return false;
  const users = identity.userAssignedIdentities;
  if (!users || typeof users !== "object" || Array.isArray(users)) return false;
  if (Object.keys(users).length === 0) return false;
  identity.type = "UserAssigned";
  return true;
}

/** Resource Manager treats a null property as one not given. */
export function withoutNulls(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === "object") {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
    return out;
  }
  return value;
}
