import { armError } from "./arm-kit.js";
import type { Reply } from "./http-kit.js";

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

/** The RBAC action and scope of a Resource Manager request, the way ARM authorizes it. */
export function armAction(
  method: string,
  path: string,
): { action: string; scope: string; namespace?: string } | undefined {
  const clean = path.replace(/\/+$/, "");
  const m =
    /^(\/subscriptions\/[^/]+(?:\/resourceGroups\/[^/]+)?)(?:\/providers\/([^/]+)((?:\/[^/]+)*))?$/i.exec(
      clean,
    );
  if (!m) return undefined;
  const [, base, namespace, rest = ""] = m;
  const verb =
    method === "GET"
      ? "read"
      : method === "DELETE"
        ? "delete"
        : method === "POST"
          ? "action"
          : "write";
  if (!namespace) {
    const isGroup = /\/resourceGroups\/[^/]+$/i.test(base!);
    const type = isGroup
      ? "Microsoft.Resources/subscriptions/resourceGroups"
      : "Microsoft.Resources/subscriptions";
    return { action: `${type}/${verb}`, scope: base! };
  }
  const segments = rest.split("/").filter(Boolean);
  const types: string[] = [];
  for (let i = 0; i < segments.length; i += 2) types.push(segments[i]!);
  // An odd count ends in an action name (POST …/run), or lists a collection (GET …/images).
  let action: string;
  if (segments.length % 2 === 1 && method === "POST") {
    const name = types.pop()!;
    action = [namespace, ...types, name, "action"].join("/");
  } else {
    action = [namespace, ...types, verb].join("/");
  }
  const scope =
    segments.length % 2 === 1
      ? `${base}/providers/${namespace}/${segments.slice(0, -1).join("/")}`
      : clean;
  return { action, scope: scope.replace(/\/$/, ""), namespace };
}

function actionMatches(granted: string, action: string): boolean {
  const pattern = new RegExp(
    `^${granted.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`,
    "i",
  );
  return pattern.test(action);
}

/** Resource Manager's refusal of a request, or undefined when it may go on. */
export function accessReply(
  rules: AccessRules,
  method: string,
  path: string,
  body: unknown,
  callerObjectId: string,
): Reply | undefined {
  const target = armAction(method, path);
  if (!target) return undefined;
  const ns = target.namespace;
  if (ns && rules.unregisteredProviders?.some((p) => p.toLowerCase() === ns.toLowerCase())) {
    const message = `The subscription is not registered to use namespace '${ns}'. See https://aka.ms/rps-not-found for how to register subscriptions.`;
    return armError(409, "MissingSubscriptionRegistration", message, {
      details: [{ code: "MissingSubscriptionRegistration", target: ns, message }],
    });
  }
  const denied = rules.deniedActions ?? [];
  if (denied.some((d) => actionMatches(d, target.action))) {
    return armError(
      403,
      "AuthorizationFailed",
      `The client '${callerObjectId}' with object id '${callerObjectId}' does not have authorization to perform action '${target.action}' over scope '${target.scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
  }
  const assign = "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action";
  const identities = Object.keys(
    (body as { identity?: { userAssignedIdentities?: object } } | undefined)?.identity
      ?.userAssignedIdentities ?? {},
  );
  if (method === "PUT" && identities.length && denied.some((d) => actionMatches(d, assign))) {
    return armError(
      403,
      "LinkedAuthorizationFailed",
      `The client '${callerObjectId}' with object id '${callerObjectId}' has permission to perform action '${target.action}' on scope '${target.scope}'; however, it does not have permission to perform action(s) '${assign}' on the linked scope(s) '${identities.join(",")}' (respectively) or the linked scope(s) are invalid.`,
    );
  }
  return undefined;
}
