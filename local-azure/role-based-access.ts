import { randomUUID } from "node:crypto";
import { matchesAction } from "./access-control.js";

/**
 * Azure RBAC of the emulated subscription: role definitions (Azure's built-in ones with their
 * real ids, and custom ones a test adds), role assignments of principals at scopes, and the
 * decision Azure makes from them: an action is granted when an assignment at the scope or one
 * of its ancestors has a role with a permission whose actions match it and whose notActions of
 * that same permission do not (https://learn.microsoft.com/azure/role-based-access-control/role-definitions#notactions).
 */
export interface RolePermission {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

export interface RoleDefinition {
  /** The GUID that names the definition. */
  name: string;
  roleName: string;
  type: "BuiltInRole" | "CustomRole";
  description: string;
  permissions: RolePermission[];
  assignableScopes: string[];
}

export interface RoleAssignment {
  /** The GUID that names the assignment. */
  name: string;
  principalId: string;
  principalType: "ServicePrincipal" | "User" | "Group";
  /** GUID of the role definition. */
  roleDefinitionName: string;
  scope: string;
}

const permission = (
  actions: string[],
  notActions: string[] = [],
  dataActions: string[] = [],
): RolePermission => ({ actions, notActions, dataActions, notDataActions: [] });

const BLOB = "Microsoft.Storage/storageAccounts/blobServices";

/**
 * Built-in roles as Azure documents them, ids and all:
 * https://learn.microsoft.com/azure/role-based-access-control/built-in-roles (the JSON of each
 * role; Virtual Machine Contributor and Network Contributor as listed under Compute and
 * Networking there).
 */
export const BUILT_IN_ROLE_DEFINITIONS: readonly RoleDefinition[] = [
  {
    name: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    roleName: "Owner",
    description:
      "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.",
    permissions: [permission(["*"])],
  },
  {
    name: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    roleName: "Contributor",
    description:
      "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.",
    permissions: [
      permission(
        ["*"],
        [
          "Microsoft.Authorization/*/Delete",
          "Microsoft.Authorization/*/Write",
          "Microsoft.Authorization/elevateAccess/Action",
          "Microsoft.Blueprint/blueprintAssignments/write",
          "Microsoft.Blueprint/blueprintAssignments/delete",
          "Microsoft.Compute/galleries/share/action",
          "Microsoft.Purview/consents/write",
          "Microsoft.Purview/consents/delete",
          "Microsoft.Resources/deploymentStacks/manageDenySetting/action",
          "Microsoft.Subscription/cancel/action",
          "Microsoft.Subscription/enable/action",
        ],
      ),
    ],
  },
  {
    name: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    roleName: "Reader",
    description: "View all resources, but does not allow you to make any changes.",
    permissions: [permission(["*/read"])],
  },
  {
    name: "4d97b98b-1d4f-4787-a291-c67834d212e7",
    roleName: "Network Contributor",
    description: "Lets you manage networks, but not access to them.",
    permissions: [
      permission([
        "Microsoft.Authorization/*/read",
        "Microsoft.Insights/alertRules/*",
        "Microsoft.Network/*",
        "Microsoft.ResourceHealth/availabilityStatuses/read",
        "Microsoft.Resources/deployments/*",
        "Microsoft.Resources/subscriptions/resourceGroups/read",
        "Microsoft.Support/*",
      ]),
    ],
  },
  {
    name: "9980e02c-c2be-4d73-94e8-173b1dc7cf3c",
    roleName: "Virtual Machine Contributor",
    description:
      "Lets you manage virtual machines, but not access to them, and not the virtual network or storage account they're connected to.",
    permissions: [
      permission([
        "Microsoft.Authorization/*/read",
        "Microsoft.Compute/availabilitySets/*",
        "Microsoft.Compute/locations/*",
        "Microsoft.Compute/virtualMachines/*",
        "Microsoft.Compute/virtualMachineScaleSets/*",
        "Microsoft.Compute/disks/write",
        "Microsoft.Compute/disks/read",
        "Microsoft.Compute/disks/delete",
        "Microsoft.DevTestLab/schedules/*",
        "Microsoft.Insights/alertRules/*",
        "Microsoft.Network/applicationGateways/backendAddressPools/join/action",
        "Microsoft.Network/loadBalancers/backendAddressPools/join/action",
        "Microsoft.Network/loadBalancers/inboundNatPools/join/action",
        "Microsoft.Network/loadBalancers/inboundNatRules/join/action",
        "Microsoft.Network/loadBalancers/probes/join/action",
        "Microsoft.Network/loadBalancers/read",
        "Microsoft.Network/locations/*",
        "Microsoft.Network/networkInterfaces/*",
        "Microsoft.Network/networkSecurityGroups/join/action",
        "Microsoft.Network/networkSecurityGroups/read",
        "Microsoft.Network/publicIPAddresses/join/action",
        "Microsoft.Network/publicIPAddresses/read",
        "Microsoft.Network/virtualNetworks/read",
        "Microsoft.Network/virtualNetworks/subnets/join/action",
        "Microsoft.RecoveryServices/locations/*",
        "Microsoft.RecoveryServices/Vaults/backupFabrics/backupProtectionIntent/write",
        "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/*/read",
        "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/read",
        "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/write",
        "Microsoft.RecoveryServices/Vaults/backupPolicies/read",
        "Microsoft.RecoveryServices/Vaults/backupPolicies/write",
        "Microsoft.RecoveryServices/Vaults/read",
        "Microsoft.RecoveryServices/Vaults/usages/read",
        "Microsoft.RecoveryServices/Vaults/write",
        "Microsoft.ResourceHealth/availabilityStatuses/read",
        "Microsoft.Resources/deployments/*",
        "Microsoft.Resources/subscriptions/resourceGroups/read",
        "Microsoft.SqlVirtualMachine/*",
        "Microsoft.Storage/storageAccounts/listKeys/action",
        "Microsoft.Storage/storageAccounts/read",
        "Microsoft.Support/*",
      ]),
    ],
  },
  {
    name: "db58b8e5-c6ad-4a2a-8342-4190687cbf4a",
    roleName: "Storage Blob Delegator",
    description:
      "Allows for generation of a user delegation key which can be used to sign SAS tokens",
    permissions: [permission([`${BLOB}/generateUserDelegationKey/action`])],
  },
  {
    name: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
    roleName: "Storage Blob Data Reader",
    description: "Allows for read access to Azure Storage blob containers and data",
    permissions: [
      permission(
        [`${BLOB}/containers/read`, `${BLOB}/generateUserDelegationKey/action`],
        [],
        [`${BLOB}/containers/blobs/read`],
      ),
    ],
  },
  {
    name: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    roleName: "Storage Blob Data Contributor",
    description:
      "Allows for read, write and delete access to Azure Storage blob containers and data",
    permissions: [
      permission(
        [
          `${BLOB}/containers/delete`,
          `${BLOB}/containers/read`,
          `${BLOB}/containers/write`,
          `${BLOB}/generateUserDelegationKey/action`,
        ],
        [],
        [
          `${BLOB}/containers/blobs/delete`,
          `${BLOB}/containers/blobs/read`,
          `${BLOB}/containers/blobs/write`,
          `${BLOB}/containers/blobs/move/action`,
          `${BLOB}/containers/blobs/add/action`,
        ],
      ),
    ],
  },
  {
    name: "f1a07417-d97a-45cb-824c-7a7467783830",
    roleName: "Managed Identity Operator",
    description: "Read and Assign User Assigned Identity",
    permissions: [
      permission([
        "Microsoft.ManagedIdentity/userAssignedIdentities/*/read",
        "Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action",
        "Microsoft.Authorization/*/read",
        "Microsoft.Insights/alertRules/*",
        "Microsoft.Resources/subscriptions/resourceGroups/read",
        "Microsoft.Resources/deployments/*",
        "Microsoft.Support/*",
      ]),
    ],
  },
].map((r) => ({ ...r, type: "BuiltInRole" as const, assignableScopes: ["/"] }));

export interface CustomRole {
  roleName: string;
  actions: string[];
  notActions?: string[];
  dataActions?: string[];
  notDataActions?: string[];
  description?: string;
}

/** A scope is within another when it is it, or one of its descendants (case-insensitively). */
export function scopeWithin(scope: string, ancestor: string): boolean {
  const s = scope.replace(/\/+$/, "").toLowerCase();
  const a = ancestor.replace(/\/+$/, "").toLowerCase();
  return a === "" || s === a || s.startsWith(`${a}/`);
}

export class RoleBasedAccess {
  readonly definitions = new Map<string, RoleDefinition>();
  readonly assignments: RoleAssignment[] = [];

  constructor(private readonly subscriptionId: string) {
    for (const d of BUILT_IN_ROLE_DEFINITIONS) this.definitions.set(d.name, d);
  }

  /** `/subscriptions/{s}/providers/Microsoft.Authorization/roleDefinitions/{guid}`, as ARM names them. */
  definitionId(guid: string): string {
    return `/subscriptions/${this.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
  }

  assignmentId(a: RoleAssignment): string {
    return `${a.scope.replace(/\/+$/, "")}/providers/Microsoft.Authorization/roleAssignments/${a.name}`;
  }

  addRoleDefinition(role: CustomRole): RoleDefinition & { id: string } {
    const def: RoleDefinition = {
      name: randomUUID(),
      roleName: role.roleName,
      type: "CustomRole",
      description: role.description ?? "",
      permissions: [
        {
          actions: role.actions,
          notActions: role.notActions ?? [],
          dataActions: role.dataActions ?? [],
          notDataActions: role.notDataActions ?? [],
        },
      ],
      assignableScopes: [`/subscriptions/${this.subscriptionId}`],
    };
    this.definitions.set(def.name, def);
    return { ...def, id: this.definitionId(def.name) };
  }

  /** A role by its name (`Contributor`), its GUID, or its full definition id. */
  definition(role: string): RoleDefinition | undefined {
    const guid = role.split("/").pop()!.toLowerCase();
    return (
      this.definitions.get(guid) ??
      [...this.definitions.values()].find((d) => d.roleName.toLowerCase() === role.toLowerCase())
    );
  }

  assignRole(
    principalId: string,
    role: string,
    scope: string,
    principalType: RoleAssignment["principalType"] = "ServicePrincipal",
  ): RoleAssignment & { id: string } {
    const def = this.definition(role);
    if (!def) throw new Error(`no role definition '${role}'`);
    const assignment: RoleAssignment = {
      name: randomUUID(),
      principalId,
      principalType,
      roleDefinitionName: def.name,
      scope: scope.replace(/\/+$/, "") || "/",
    };
    this.assignments.push(assignment);
    return { ...assignment, id: this.assignmentId(assignment) };
  }

  removeAssignments(principalId: string): void {
    for (let i = this.assignments.length - 1; i >= 0; i--)
      if (this.assignments[i]!.principalId === principalId) this.assignments.splice(i, 1);
  }

  assignmentsOf(principalId: string): RoleAssignment[] {
    return this.assignments.filter(
      (a) => a.principalId.toLowerCase() === principalId.toLowerCase(),
    );
  }

  /** Whether the principal's assignments at `scope` or above grant `action`. */
  isGranted(
    principalId: string,
    action: string,
    scope: string,
    kind: "Action" | "DataAction" = "Action",
  ): boolean {
    return this.assignmentsOf(principalId)
      .filter((a) => scopeWithin(scope, a.scope === "/" ? "" : a.scope))
      .flatMap((a) => this.definitions.get(a.roleDefinitionName)?.permissions ?? [])
      .some((p) => {
        const [allow, deny] =
          kind === "Action" ? [p.actions, p.notActions] : [p.dataActions, p.notDataActions];
        return (
          allow.some((x) => matchesAction(x, action)) && !deny.some((x) => matchesAction(x, action))
        );
      });
  }
}
