import { armAction } from "./access-control.js";
import type { CloudState } from "./cloud-state.js";
import type { LoggedRequest } from "./request-log.js";
import type { Scenario } from "./scenario.js";

export interface TemplateIdentityContext {
  state: CloudState;
  scenario(): Scenario;
  serviceRequestLog: LoggedRequest[];
}

/**
 * What Image Builder does as the template's user-assigned identity on Resource Manager (join
 * the subnet, read the source image, write the images): each action is decided by that
 * identity's role assignments, and logged in the service request log (with the identity's
 * principal id) so the least-privilege tool can list it. For compatibility with scenarios that
 * never modelled RBAC, an identity with no role assignment at all may do everything unless the
 * scenario sets `templateIdentityRbac`.
 */
export class TemplateIdentity {
  readonly principalId: string | undefined;

  constructor(
    private readonly ctx: TemplateIdentityContext,
    identity: { userAssignedIdentities?: Record<string, unknown> },
  ) {
    const id = Object.keys(identity.userAssignedIdentities ?? {})[0];
    this.principalId = id ? ctx.state.identityByResourceId(id)?.principalId : undefined;
  }

  private get enforced(): boolean {
    if (!this.principalId) return false;
    return (
      this.ctx.scenario().templateIdentityRbac === true ||
      this.ctx.state.rbac.assignmentsOf(this.principalId).length > 0
    );
  }

  /**
   * Whether the identity may make this Resource Manager request (`POST {subnet}/join` stands
   * for the subnet's join action), recorded as if it had been made.
   */
  may(method: string, path: string): boolean {
    const action = armAction(method, path)!;
    const scope = method === "POST" ? path.slice(0, path.lastIndexOf("/")) : path;
    const allowed =
      !this.enforced || this.ctx.state.rbac.isGranted(this.principalId!, action, scope);
    this.ctx.serviceRequestLog.push({
      time: Date.now(),
      surface: "arm",
      method,
      path,
      query: {},
      headers: {},
      auth: "bearer",
      status: allowed ? 200 : 403,
      durationMs: 0,
      ...(this.principalId ? { principalId: this.principalId } : {}),
    });
    return allowed;
  }

  /** Resource Manager's AuthorizationFailed message for this identity. */
  denied(action: string, scope: string): string {
    const who = this.principalId ?? "";
    return `The client '${who}' with object id '${who}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`;
  }
}
