import { randomUUID } from "node:crypto";
import { json, type Reply } from "./http-kit.js";

export interface ArmErrorDetail {
  code: string;
  message: string;
  target?: string;
  details?: ArmErrorDetail[];
}

/** ARM's error shape (common-types ErrorResponse): `{ error: { code, message, target?, details? } }`. */
export function armError(
  status: number,
  code: string,
  message: string,
  extra: Partial<ArmErrorDetail> = {},
  headers: Record<string, string> = {},
): Reply {
  return json(status, { error: { code, message, ...extra } }, headers);
}

export function notFound(type: string, name: string, resourceGroup: string): Reply {
  return armError(
    404,
    "ResourceNotFound",
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

export function resourceGroupNotFound(name: string): Reply {
  return armError(404, "ResourceGroupNotFound", `Resource group '${name}' could not be found.`);
}

export function armTimestamp(d = new Date()): string {
  return d.toISOString().replace(/Z$/, "0000Z");
}

export function newRequestId(): string {
  return randomUUID();
}

/** A resource provider's reads: an answer, or undefined when the request is not its. */
export interface ArmRoutes {
  handle(method: string, path: string, query: URLSearchParams): Reply | undefined;
}
