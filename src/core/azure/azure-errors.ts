/**
 * Turns Azure's refusals into what a platform engineer acts on: which identity lacks which
 * permission on which scope and the role that grants it, or which resource provider the
 * subscription must register. Works on the errors of every client (Resource Manager's
 * `{error:{code,message}}`, the SDKs' RestError, storage's error codes) by their shape, so
 * this module loads no SDK.
 */

/** Built-in roles that grant an action, most specific first. */
const ROLE_FOR_ACTION: Array<[RegExp, string]> = [
  [
    /^Microsoft\.ManagedIdentity\/userAssignedIdentities\/assign\/action$/i,
    "Managed Identity Operator on the identity",
  ],
  [
    /^Microsoft\.ManagedIdentity\/userAssignedIdentities\/read$/i,
    "Managed Identity Operator (or Reader) on the identity",
  ],
  [
    /^Microsoft\.VirtualMachineImages\/imageTemplates\//i,
    "a role that manages image templates (Contributor, or the custom role in the README's Permissions) on the resource group",
  ],
  [
    /^Microsoft\.Storage\/storageAccounts\/blobServices\/generateUserDelegationKey\/action$/i,
    "Storage Blob Delegator (or Storage Blob Data Contributor) on the storage account",
  ],
  [
    /^Microsoft\.Storage\/storageAccounts\/blobServices\/containers\/blobs\/read$/i,
    "Storage Blob Data Reader on the container",
  ],
  [
    /^Microsoft\.Storage\/storageAccounts\/blobServices\/containers\/blobs\//i,
    "Storage Blob Data Contributor on the container",
  ],
  [
    /^Microsoft\.Storage\/storageAccounts\/(read|listAccountSas\/action)$/i,
    "Reader on the storage account",
  ],
  [/^Microsoft\.Compute\/galleries\/.*\/read$/i, "Reader on the gallery"],
  [
    /^Microsoft\.Compute\/galleries\//i,
    "Contributor on the gallery (or a custom role with this action)",
  ],
  [/^Microsoft\.Compute\/images\//i, "Contributor on the managed image's resource group"],
  [/^Microsoft\.Resources\/subscriptions\/resourceGroups\/read$/i, "Reader on the resource group"],
  [/\/read$/i, "Reader on that scope"],
];

export function roleFor(action: string): string {
  return (
    ROLE_FOR_ACTION.find(([pattern]) => pattern.test(action))?.[1] ??
    "a role with this action on that scope"
  );
}

const AUTHORIZATION_FAILED =
  /client '([^']*)' with object id '([^']*)' does not have authorization to perform action '([^']+)' over scope '([^']+)'/i;
const LINKED_FAILED =
  /client '([^']*)' with object id '([^']*)' has permission to perform action '([^']+)' on scope '([^']+)'; however, it does not have permission to perform action\(s\) '([^']+)' on the linked scope\(s\) '([^']+)'/i;
const NOT_REGISTERED = /not registered to use namespace '([^']+)'/i;

interface ErrorShape {
  code?: string;
  statusCode?: number;
  status?: number;
  message?: string;
  request?: { method?: string; url?: string };
  details?: { error?: { code?: string; message?: string } };
}

function shapeOf(error: unknown): ErrorShape | undefined {
  return error && typeof error === "object" ? error : undefined;
}

/** A refusal found in a message: who, which action, where. */
export interface Refusal {
  objectId: string;
  action: string;
  scope: string;
}

/** Resource Manager's AuthorizationFailed or LinkedAuthorizationFailed wording, taken apart. */
export function refusalIn(message: string): Refusal | undefined {
  const linked = LINKED_FAILED.exec(message);
  if (linked) return { objectId: linked[2]!, action: linked[5]!, scope: linked[6]! };
  const direct = AUTHORIZATION_FAILED.exec(message);
  if (direct) return { objectId: direct[2]!, action: direct[3]!, scope: direct[4]! };
  return undefined;
}

export function describeRefusal(who: string, refusal: Refusal): string {
  const id = refusal.objectId ? ` (object ID ${refusal.objectId})` : "";
  return `${who}${id} may not perform '${refusal.action}' on ${refusal.scope}. Grant it ${roleFor(refusal.action)}, then run the step again.`;
}

/** Storage answers 403 with a code, not a sentence; the request says what was refused. */
function storageRefusal(e: ErrorShape): string | undefined {
  if ((e.statusCode ?? e.status) !== 403 || !e.request?.url) return undefined;
  if (!/^Authorization(PermissionMismatch|Failure)$/.test(e.code ?? "")) return undefined;
  const url = new URL(e.request.url);
  const segments = url.pathname.split("/").filter(Boolean);
  // Azure Stack and local endpoints put the account in the path, not the host name.
  const pathStyle = /^(\d+\.){3}\d+$|^localhost$|^\[/.test(url.hostname);
  const account = pathStyle ? segments.shift() : url.hostname.split(".")[0];
  const [container] = segments;
  const where = container
    ? `container '${container}' of storage account '${account}'`
    : `storage account '${account}'`;
  const method = e.request.method ?? "GET";
  const delegation = url.searchParams.get("comp") === "userdelegationkey";
  const action = delegation
    ? "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action"
    : `Microsoft.Storage/storageAccounts/blobServices/containers/blobs/${method === "GET" || method === "HEAD" ? "read" : method === "DELETE" ? "delete" : "write"}`;
  return `The pipeline's identity may not perform '${action}' on the ${where} (${e.code}). Grant it ${roleFor(action)}, then run the step again.`;
}

/**
 * The message for an Azure refusal made to the pipeline's own requests, or undefined when the
 * error is something else.
 */
export function explainAzureError(error: unknown): string | undefined {
  const e = shapeOf(error);
  if (!e) return undefined;
  const message = e.message ?? "";
  const code = e.code ?? e.details?.error?.code;
  if (code === "MissingSubscriptionRegistration" || NOT_REGISTERED.test(message)) {
    const ns = NOT_REGISTERED.exec(message)?.[1] ?? "Microsoft.VirtualMachineImages";
    return `The subscription is not registered for the resource provider ${ns}. Register it once (az provider register --namespace ${ns}); Image Builder needs Microsoft.VirtualMachineImages, Microsoft.Compute, Microsoft.Storage, Microsoft.Network, Microsoft.KeyVault and Microsoft.ContainerInstance.`;
  }
  if (code === "AuthorizationFailed" || code === "LinkedAuthorizationFailed") {
    const refusal = refusalIn(message);
    if (refusal) return describeRefusal("The pipeline's identity", refusal);
    return `The pipeline's identity was refused by Resource Manager: ${message}`;
  }
  return storageRefusal(e);
}
