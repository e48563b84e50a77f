/**
 * Azure RBAC as Resource Manager applies it to one principal: an action is allowed on a scope
 * when a role assigned at that scope or above it has an action pattern matching it, and that
 * same permission block has no not-action pattern matching it. Patterns use `*` as a wildcard
 * and compare case-insensitively.
 */

export interface RoleAssignment {
  id?: string;
  properties: { roleDefinitionId: string; principalId?: string; scope: string };
}

export interface Permission {
  actions?: string[];
  notActions?: string[];
}

export interface RoleDefinition {
  id?: string;
  name?: string;
  properties: { roleName?: string; type?: string; permissions?: Permission[] };
}

/**
 * `*` stands for any characters; a `/*\/` segment also stands for no segment at all, which is
 * how Managed Identity Operator's `userAssignedIdentities/*\/assign/action` grants
 * `userAssignedIdentities/assign/action`.
 */
function pattern(glob: string): RegExp {
  const literal = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
  const body = glob
    .split("/*/")
    .map((part) => part.split("*").map(literal).join(".*"))
    .join("/(?:.*/)?");
  return new RegExp(`^${body}$`, "i");
}

export function permissionAllows(permission: Permission, action: string): boolean {
  return (
    (permission.actions ?? []).some((a) => pattern(a).test(action)) &&
    !(permission.notActions ?? []).some((n) => pattern(n).test(action))
  );
}

export function roleAllows(role: RoleDefinition, action: string): boolean {
  return (role.properties.permissions ?? []).some((p) => permissionAllows(p, action));
}

function normalise(scope: string): string {
  return scope.replace(/\/+$/, "").toLowerCase();
}

/**
 * Whether an assignment at `assignmentScope` applies to `resource`: the same resource or one
 * of its ancestors. A management group is above every subscription it holds, and which ones
 * it holds is not in the assignment: it is taken to apply, so the check never reports a role
 * the identity may well have.
 */
export function scopeCovers(assignmentScope: string, resource: string): boolean {
  const scope = normalise(assignmentScope);
  if (scope === "" || scope.startsWith("/providers/microsoft.management/managementgroups/"))
    return true;
  const target = normalise(resource);
  return target === scope || target.startsWith(`${scope}/`);
}

/** The actions of `wanted` that no assignment applying to `resource` allows. */
export function missingActions(
  assignments: RoleAssignment[],
  roles: Map<string, RoleDefinition>,
  resource: string,
  wanted: string[],
): string[] {
  const applying = assignments
    .filter((a) => scopeCovers(a.properties.scope, resource))
    .map((a) => roles.get(a.properties.roleDefinitionId.toLowerCase()))
    .filter((r): r is RoleDefinition => r !== undefined);
  return wanted.filter((action) => !applying.some((role) => roleAllows(role, action)));
}
