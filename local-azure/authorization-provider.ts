import { armError, resourceGroupNotFound, type ArmRoutes } from "./arm-kit.js";
import type { CloudState } from "./cloud-state.js";
import { json, type Reply } from "./http-kit.js";
import { scopeWithin, type RoleAssignment, type RoleDefinition } from "./role-based-access.js";

type Json = Record<string, unknown>;

const AUTHORIZATION =
  /^(.*)\/providers\/Microsoft\.Authorization\/(roleAssignments|roleDefinitions)(?:\/([^/]+))?$/i;
/** When the emulated subscription's built-in and custom roles count as created. */
const CREATED_ON = "2015-02-02T21:55:09.8806423Z";

/**
 * Microsoft.Authorization's reads (api-version 2022-04-01): role assignments at a scope,
 * filtered by `principalId eq '…'` or `atScope()`, and role definitions by id or roleName.
 */
export class AuthorizationProvider implements ArmRoutes {
  constructor(private readonly state: CloudState) {}

  handle(method: string, path: string, query: URLSearchParams): Reply | undefined {
    const m = AUTHORIZATION.exec(path);
    if (!m || method !== "GET") return undefined;
    const [, scopePath, kind, name] = m as unknown as [string, string, string, string | undefined];
    const scope = scopePath || "/";
    const rgName = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)/i.exec(scope)?.[1];
    if (rgName && !this.state.resourceGroup(decodeURIComponent(rgName)))
      return resourceGroupNotFound(rgName);
    const filter = query.get("$filter") ?? "";
    const rbac = this.state.rbac;
    if (kind.toLowerCase() === "roledefinitions") {
      if (name) {
        const def = rbac.definitions.get(name.toLowerCase());
        if (!def)
          return armError(
            404,
            "RoleDefinitionDoesNotExist",
            `The specified role definition with ID '${name}' does not exist.`,
          );
        return json(200, this.definition(def));
      }
      const roleName = /roleName\s+eq\s+'([^']*)'/i.exec(filter)?.[1];
      return json(200, {
        value: [...rbac.definitions.values()]
          .filter(
            (d) => roleName === undefined || d.roleName.toLowerCase() === roleName.toLowerCase(),
          )
          .map((d) => this.definition(d)),
      });
    }
    if (name) {
      const a = rbac.assignments.find((x) => x.name.toLowerCase() === name.toLowerCase());
      if (!a)
        return armError(
          404,
          "RoleAssignmentNotFound",
          `The role assignment '${name}' is not found.`,
        );
      return json(200, this.assignment(a));
    }
    const principalId = /principalId\s+eq\s+'([^']*)'/i.exec(filter)?.[1];
    const atScope = /atScope\(\)/i.test(filter);
    return json(200, {
      value: rbac.assignments
        .filter((a) => !principalId || a.principalId.toLowerCase() === principalId.toLowerCase())
        .filter((a) => {
          // A principal's assignments are listed wherever they are (the product keeps those on
          // the target's ancestry); otherwise those at and above the scope, and below it
          // unless atScope().
          if (principalId !== undefined && !atScope) return true;
          const above = a.scope === "/" || scopeWithin(scope, a.scope);
          return above || (!atScope && scopeWithin(a.scope, scope === "/" ? "" : scope));
        })
        .map((a) => this.assignment(a)),
    });
  }

  private assignment(a: RoleAssignment): Json {
    return {
      id: this.state.rbac.assignmentId(a),
      name: a.name,
      type: "Microsoft.Authorization/roleAssignments",
      properties: {
        roleDefinitionId: this.state.rbac.definitionId(a.roleDefinitionName),
        principalId: a.principalId,
        principalType: a.principalType,
        scope: a.scope,
        condition: null,
        conditionVersion: null,
        createdOn: CREATED_ON,
        updatedOn: CREATED_ON,
        createdBy: null,
        updatedBy: null,
        delegatedManagedIdentityResourceId: null,
        description: null,
      },
    };
  }

  private definition(d: RoleDefinition): Json {
    return {
      id: this.state.rbac.definitionId(d.name),
      name: d.name,
      type: "Microsoft.Authorization/roleDefinitions",
      properties: {
        roleName: d.roleName,
        type: d.type,
        description: d.description,
        assignableScopes: d.assignableScopes,
        permissions: d.permissions,
        createdOn: CREATED_ON,
        updatedOn: CREATED_ON,
        createdBy: null,
        updatedBy: null,
      },
    };
  }
}
