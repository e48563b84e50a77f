import { armError } from "./arm-kit.js";
import type { Reply } from "./http-kit.js";
import { isProviderRead } from "./resource-providers.js";

/**
 * Role-based access and resource-provider registration, as Resource Manager enforces them
 * before a request reaches a provider: a scenario names the actions the caller was not
 * granted and the namespaces the subscription is not registered for, and the answers carry
 * Resource Manager's own codes and wording.
 */
export interface AccessRules {
  /** RBAC actions the pipeline's identity lacks, e.g. `Microsoft.VirtualMachineImages/imageTemplates/write`. */
  deniedActions?: string[];
  /** Resource provider namespaces the subscription is not registered for. */
  unregisteredProviders?: string[];
}

export const VERB: Record<string, string> = {
  GET: "read",
  HEAD: "read",
  PUT: "write",
  PATCH: "write",
  DELETE: "delete",
};

/** The RBAC action of one Resource Manager request, or undefined for Entra ID and OIDC. */
export function armAction(method: string, requestPath: string): string | undefined {
  const segments = requestPath.split("/").filter(Boolean);
  // The last provider segment: role assignments at a resource are that resource's extension.
  const at = segments.map((s) => s.toLowerCase()).lastIndexOf("providers");
  if (at === -1) {
    // /subscriptions/{s}/resourceGroups/{rg}: the group itself.
    if (segments.length === 4 && segments[2]!.toLowerCase() === "resourcegroups")
      return `Microsoft.Resources/subscriptions/resourceGroups/${VERB[method]}`;
    return undefined;
  }
  const namespace = segments[at + 1]!;
  const rest = segments.slice(at + 2);
  // /subscriptions/{s}/providers/{namespace}: the registration of a resource provider.
  if (rest.length === 0 && at === 2)
    return `Microsoft.Resources/subscriptions/providers/${VERB[method]}`;
  // type/name/type/name...: the types alternate with names; a trailing odd segment after a
  // name is an action (POST) or a collection (GET).
  const types: string[] = [];
  for (let i = 0; i < rest.length; i += 2) types.push(rest[i]!);
  const isCollection = rest.length % 2 === 1;
  if (method === "POST" && !isCollection) return undefined;
  if (method === "POST") {
    const action = types.pop()!;
    return `${namespace}/${types.join("/")}/${action}/action`;
  }
  return `${namespace}/${types.join("/")}/${VERB[method] ?? method.toLowerCase()}`;
}

/** Where ARM checks the action: the resource, or the parent of a collection or action. */
function armScope(requestPath: string): string {
  const clean = requestPath.replace(/\/+$/, "");
  const segments = clean.split("/").filter(Boolean);
  const at = segments.map((s) => s.toLowerCase()).lastIndexOf("providers");
  const odd = at !== -1 && (segments.length - at - 2) % 2 === 1;
  return odd ? clean.slice(0, clean.lastIndexOf("/")) : clean;
}

/**
 * Azure's wildcard match; `a/*\/b` also matches `a/b`, as Azure evaluates it (Managed
 * Identity Operator's `userAssignedIdentities/*\/assign/action` grants `…/assign/action`).
 */
export function matchesAction(pattern: string, action: string): boolean {
  const escape = (s: string) => s.replace(/[.+?^${}()|[\]\\/]/g, "\\$&");
  const body = pattern
    .split("/*/")
    .map((part) => part.split("*").map(escape).join(".*"))
    .join("/(?:.*/)?");
  return new RegExp(`^${body}$`, "i").test(action);
}

/** Resource Manager's refusal of a request, or undefined when it may go on. */
export function accessReply(
  rules: AccessRules,
  method: string,
  path: string,
  body: unknown,
  callerObjectId: string,
): Reply | undefined {
  const action = armAction(method, path);
  if (!action || !path.toLowerCase().startsWith("/subscriptions/")) return undefined;
  const ns = /\/providers\/([^/]+)/i.exec(path)?.[1];
  if (
    ns &&
    !isProviderRead(method, path) &&
    rules.unregisteredProviders?.some((p) => p.toLowerCase() === ns.toLowerCase())
  ) {
    const message = `The subscription is not registered to use namespace '${ns}'. See https://aka.ms/rps-not-found for how to register subscriptions.`;
    return armError(409, "MissingSubscriptionRegistration", message, {
      details: [{ code: "MissingSubscriptionRegistration", target: ns, message }],
    });
  }
  const scope = armScope(path);
  const denied = rules.deniedActions ?? [];
  if (denied.some((d) => matchesAction(d, action))) {
    return armError(
      403,
      "AuthorizationFailed",
      `The client '${callerObjectId}' with object id '${callerObjectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
  }
  const assign = "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action";
  const identities = Object.keys(
    (body as { identity?: { userAssignedIdentities?: object } } | undefined)?.identity
      ?.userAssignedIdentities ?? {},
  );
  if (method === "PUT" && identities.length && denied.some((d) => matchesAction(d, assign))) {
    return armError(
      403,
      "LinkedAuthorizationFailed",
      `The client '${callerObjectId}' with object id '${callerObjectId}' has permission to perform action '${action}' on scope '${scope}'; however, it does not have permission to perform action(s) '${assign}' on the linked scope(s) '${identities.join(",")}' (respectively) or the linked scope(s) are invalid.`,
    );
  }
  return undefined;
}
