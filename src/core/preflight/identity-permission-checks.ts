import { API } from "./api-versions.js";
import { inputFor, problem, type CheckFamily, type PreflightContext } from "./check-family.js";
import { missingActions, type RoleAssignment, type RoleDefinition } from "./role-grants.js";
import {
  distributionsOf,
  galleryDefinitionOf,
  galleryOf,
  groupOf,
  sourceOf,
  templateIdentityIds,
  vnetConfigOf,
  vnetOf,
} from "./template-fields.js";

/**
 * What the template's identity must be allowed to do, from "Configure Azure VM Image Builder
 * permissions by using the Azure CLI":
 * https://learn.microsoft.com/azure/virtual-machines/linux/image-builder-permissions-cli
 */
const ACTIONS = {
  vnetRead: "Microsoft.Network/virtualNetworks/read",
  subnetJoin: "Microsoft.Network/virtualNetworks/subnets/join/action",
  galleryRead: "Microsoft.Compute/galleries/read",
  definitionRead: "Microsoft.Compute/galleries/images/read",
  versionRead: "Microsoft.Compute/galleries/images/versions/read",
  versionWrite: "Microsoft.Compute/galleries/images/versions/write",
  imageRead: "Microsoft.Compute/images/read",
  imageWrite: "Microsoft.Compute/images/write",
  imageDelete: "Microsoft.Compute/images/delete",
};

/** One item of the checklist: actions on scopes, and the role assignment that grants them. */
interface Requirement {
  what: string;
  grants: Array<{ scope: string; actions: string[] }>;
  role: string;
  scope: string;
}

export const identityPermissionChecks: CheckFamily = {
  name: "template identity permission",
  needs:
    "Microsoft.Authorization/roleAssignments/read and roleDefinitions/read (e.g. Reader) where the template's identity has its roles, and Reader on the identity",
  checks(ctx) {
    const requirements = requirementsOf(ctx);
    const identities = templateIdentityIds(ctx.rendered);
    return requirements.length && identities.length === 1
      ? [checkIdentity(ctx, identities[0]!, requirements)]
      : [];
  },
};

function requirementsOf({ rendered }: PreflightContext): Requirement[] {
  const out: Requirement[] = [];
  const vnet = vnetConfigOf(rendered);
  if (typeof vnet.subnetId === "string") {
    const vnetId = vnetOf(vnet.subnetId);
    const subnets = [
      vnet.subnetId,
      ...(typeof vnet.containerInstanceSubnetId === "string"
        ? [vnet.containerInstanceSubnetId]
        : []),
    ];
    out.push({
      what: `join ${subnets.length > 1 ? "the subnets" : "the subnet"} ${subnets.join(" and ")} (for the build VM and Image Builder's ${subnets.length > 1 ? "container instance" : "load balancer and proxy VM"})`,
      grants: [
        { scope: vnetId, actions: [ACTIONS.vnetRead] },
        ...subnets.map((s) => ({ scope: s, actions: [ACTIONS.subnetJoin] })),
      ],
      role: "Network Contributor",
      scope: vnetId,
    });
  }
  const source = sourceOf(rendered);
  if (source?.type === "ManagedImage")
    out.push({
      what: `read the source image ${source.imageId}`,
      grants: [{ scope: source.imageId, actions: [ACTIONS.imageRead] }],
      role: "Reader",
      scope: source.imageId,
    });
  if (source?.type === "SharedImageVersion") {
    const definition = galleryDefinitionOf(source.imageVersionId);
    const version = /\/versions\/latest$/i.test(source.imageVersionId)
      ? definition
      : source.imageVersionId;
    out.push({
      what: `read the source image ${source.imageVersionId}`,
      grants: [
        { scope: galleryOf(definition), actions: [ACTIONS.galleryRead] },
        { scope: definition, actions: [ACTIONS.definitionRead] },
        { scope: version, actions: [ACTIONS.versionRead] },
      ],
      role: "Reader",
      scope: galleryOf(definition),
    });
  }
  for (const d of distributionsOf(rendered)) {
    if (d.type === "SharedImage" && typeof d.galleryImageId === "string") {
      const definition = galleryDefinitionOf(d.galleryImageId);
      out.push({
        what: `publish image versions to ${definition}`,
        grants: [
          { scope: galleryOf(definition), actions: [ACTIONS.galleryRead] },
          {
            scope: definition,
            actions: [ACTIONS.definitionRead, ACTIONS.versionRead, ACTIONS.versionWrite],
          },
        ],
        role: "Contributor",
        scope: galleryOf(definition),
      });
    }
    if (d.type === "ManagedImage" && typeof d.imageId === "string") {
      const group = groupOf(d.imageId)?.id ?? d.imageId;
      out.push({
        what: `write the managed image ${d.imageId}`,
        grants: [
          {
            scope: d.imageId,
            actions: [ACTIONS.imageWrite, ACTIONS.imageRead, ACTIONS.imageDelete],
          },
        ],
        role: "Contributor",
        scope: group,
      });
    }
  }
  return out;
}

async function checkIdentity(
  ctx: PreflightContext,
  identityId: string,
  requirements: Requirement[],
) {
  const { inputs, reads, skip } = ctx;
  const identity = await reads.read<{ properties?: { principalId?: string } }>(
    identityId,
    API.identities,
  );
  if (!("found" in identity)) {
    if ("unreadable" in identity) skip(identityId, identity.unreadable);
    return; // a missing identity is the resource checks' error
  }
  const principalId = identity.found.properties?.principalId;
  if (!principalId) return skip(identityId, "its principal ID is not in the answer");
  const assignments = await reads.list<RoleAssignment>(
    `/subscriptions/${reads.subscriptionId}/providers/Microsoft.Authorization/roleAssignments`,
    API.authorization,
    { $filter: `principalId eq '${principalId}'` },
  );
  if (!("found" in assignments))
    return skip(
      `the role assignments of ${identityId}`,
      "unreadable" in assignments ? assignments.unreadable : "not found",
    );
  // Roles given to a group the identity is in are not among its own assignments: with none
  // of its own, what it may do is not known here, and the build is left to tell.
  // A log line, not a notice: a team that grants roles through groups would see it every run.
  if (!assignments.found.length)
    return ctx.inform(
      `The template identity's permissions were not checked: no role is assigned to ${identityId} (principal ${principalId}) directly, and roles it has through a group are not read.`,
    );
  // Role IDs compare case-insensitively; each is read once, as the first assignment spells it.
  const byKey = new Map<string, string>();
  for (const a of assignments.found) {
    const id = a.properties.roleDefinitionId;
    if (!byKey.has(id.toLowerCase())) byKey.set(id.toLowerCase(), id);
  }
  const roles = new Map<string, RoleDefinition>();
  const read = await Promise.all(
    [...byKey.values()].map((id) => reads.read<RoleDefinition>(id, API.authorization)),
  );
  for (const [i, role] of read.entries()) {
    const id = [...byKey.values()][i]!;
    // Without every role's definition, a missing action may be granted by the one not read.
    if (!("found" in role))
      return skip(id, "unreadable" in role ? role.unreadable : "the role definition was not found");
    roles.set(id.toLowerCase(), role.found);
  }
  for (const requirement of requirements) {
    const missing = requirement.grants.flatMap((g) =>
      missingActions(assignments.found, roles, g.scope, g.actions).map((a) => `${a} on ${g.scope}`),
    );
    if (!missing.length) continue;
    throw problem(
      inputFor(inputs, "identity", inputs.identityId !== undefined),
      `names the template's identity ${identityId}, which may not ${requirement.what}: none of its role assignments allows ${missing.join(", ")}. Image Builder uses this identity for it, so the build would fail. Grant it: az role assignment create --assignee-object-id ${principalId} --assignee-principal-type ServicePrincipal --role "${requirement.role}" --scope ${requirement.scope} (or a custom role with those actions).`,
    );
  }
}
