import { armError, type ArmRoutes } from "./arm-kit.js";
import { json, type Reply } from "./http-kit.js";

const KNOWN_NAMESPACES = [
  "Microsoft.Authorization",
  "Microsoft.Compute",
  "Microsoft.ContainerInstance",
  "Microsoft.KeyVault",
  "Microsoft.ManagedIdentity",
  "Microsoft.Network",
  "Microsoft.Resources",
  "Microsoft.Storage",
  "Microsoft.VirtualMachineImages",
];

/**
 * `GET /subscriptions/{s}/providers/{namespace}` (api-version 2021-04-01): a namespace is
 * Registered unless the scenario's `unregisteredProviders` names it, so one setting both
 * refuses the namespace's requests and shows in its registration state.
 */
export class ResourceProviders implements ArmRoutes {
  constructor(
    private readonly subscriptionId: string,
    private readonly unregistered: () => string[],
  ) {}

  handle(method: string, path: string): Reply | undefined {
    const m = /^\/subscriptions\/[^/]+\/providers\/([^/]+)$/i.exec(path);
    if (!m || method !== "GET") return undefined;
    const asked = decodeURIComponent(m[1]!);
    const namespace = KNOWN_NAMESPACES.find((n) => n.toLowerCase() === asked.toLowerCase());
    if (!namespace)
      return armError(
        404,
        "InvalidResourceNamespace",
        `The resource namespace '${asked}' is invalid.`,
      );
    const registered = !this.unregistered().some(
      (n) => n.toLowerCase() === namespace.toLowerCase(),
    );
    return json(200, {
      id: `/subscriptions/${this.subscriptionId}/providers/${namespace}`,
      namespace,
      registrationState: registered ? "Registered" : "NotRegistered",
      registrationPolicy: "RegistrationRequired",
      resourceTypes: [],
    });
  }
}

/** The provider registration read itself is never refused for the namespace being unregistered. */
export function isProviderRead(method: string, path: string): boolean {
  return method === "GET" && /^\/subscriptions\/[^/]+\/providers\/[^/]+$/i.test(path);
}
