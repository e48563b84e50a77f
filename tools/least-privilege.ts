/**
 * Least privilege from evidence: `npm run least-privilege [-- --write | --check]`.
 *
 * Runs the GitHub bundle against the local Azure once per mode (staging access sas or
 * identity; log-level normal or quiet; dry run; a build in an existing network; a managed
 * image from a gallery image version), reads the emulator's request log, and maps each request
 * (and each action Image Builder took as the template's identity) to the Azure RBAC action it
 * needs (control-plane Actions and data-plane DataActions) and the scope it was made on. Prints, per mode, the actions and a minimal
 * custom role definition per scope, and which built-in roles grant each action. `--write`
 * replaces the README's "## Permissions" section with the result; `--check` fails when the
 * README is out of date (the same comparison test/tools/least-privilege.test.ts makes).
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { armAction, matchesAction, VERB } from "../local-azure/access-control.js";
import { startLocalAzure, type LocalAzure } from "../local-azure/harness.js";
import { BUILT_IN_ROLE_DEFINITIONS } from "../local-azure/role-based-access.js";
import type { LoggedRequest } from "../local-azure/request-log.js";
import { runStep, type StepResult } from "../local-ci/ci-step.js";
import { baseInputs, stepAgainst } from "../local-ci/local-azure-step.js";
import { GITHUB_RUN } from "../local-ci/run-bundle.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const README = path.join(ROOT, "README.md");

export interface Mode {
  name: string;
  stagingAccess: "sas" | "identity";
  logLevel: "normal" | "quiet";
  dryRun?: boolean;
  /** `subnet-id`: the build VM in an existing network, reached through the proxy VM. */
  network?: boolean;
  /** A managed image (`managed-image-id`) from a gallery image version (`source`), no gallery target. */
  managedFromGallery?: boolean;
  /** `keep-versions`: an older version this repository made is deleted after the build. */
  keepVersions?: boolean;
}

export const MODES: Mode[] = [
  { name: "sas", stagingAccess: "sas", logLevel: "normal" },
  { name: "sas, log-level quiet", stagingAccess: "sas", logLevel: "quiet" },
  { name: "identity", stagingAccess: "identity", logLevel: "normal" },
  { name: "identity, log-level quiet", stagingAccess: "identity", logLevel: "quiet" },
  { name: "dry-run", stagingAccess: "sas", logLevel: "normal", dryRun: true },
  { name: "subnet-id", stagingAccess: "sas", logLevel: "normal", network: true },
  {
    name: "managed image from a gallery version",
    stagingAccess: "sas",
    logLevel: "normal",
    managedFromGallery: true,
  },
  { name: "keep-versions", stagingAccess: "sas", logLevel: "normal", keepVersions: true },
];

/** Who needs the permission: the pipeline's identity, or the image template's identity. */
export type Principal = "pipeline" | "template identity";

export type Scope =
  | "resource group"
  | "subscription"
  | "staging storage account"
  | "staging container"
  | "user-assigned identity"
  | "gallery image definition"
  | "managed image"
  | "source image"
  | "virtual network"
  | "subnet"
  | "Image Builder's staging resource group";

export interface Permission {
  principal: Principal;
  action: string;
  kind: "Action" | "DataAction";
  scope: Scope;
  /** A request that needed it, with the run's names replaced by placeholders. */
  evidence: string;
}

export interface Observation {
  mode: Mode;
  exitCode: number | null;
  requests: number;
  permissions: Permission[];
}

// ---------------------------------------------------------------------------------------------
// Requests → actions.

interface Names {
  subscriptionId: string;
  resourceGroup: string;
  stagingAccount: string;
  container: string;
  templateName?: string;
  /** The resource group of the network `subnet-id` is in, when the run used one. */
  networkResourceGroup?: string;
  /** `source` when it is a managed image or gallery image version. */
  sourceImage?: string;
}

function placeholders(p: string, n: Names): string {
  let out = p.replace(new RegExp(n.subscriptionId, "gi"), "{subscription}");
  if (n.templateName) out = out.split(n.templateName).join("{template}");
  if (n.sourceImage) out = out.split(n.sourceImage).join("{source}");
  if (n.networkResourceGroup)
    out = out.replace(
      new RegExp(`/resourceGroups/${n.networkResourceGroup}(?=/|$)`, "g"),
      "/resourceGroups/{network-resource-group}",
    );
  return out
    .replace(/IT_[^/]+/g, "{staging-resource-group}")
    .replace(/\/virtualNetworks\/[^/]+/, "/virtualNetworks/{vnet}")
    .replace(/\/subnets\/[^/]+/, "/subnets/{subnet}")
    .replace(/\/Microsoft\.Compute\/images\/[^/]+/, "/Microsoft.Compute/images/{image}")
    .replace(/\/versions\/\d+\.\d+\.\d+$/, "/versions/{version}")
    .replace(/\/operations\/[0-9A-Fa-f-]{36}/g, "/operations/{id}")
    .replace(/\/capsOperations\/[0-9A-Fa-f-]{36}/g, "/capsOperations/{id}")
    .replace(/\/packerlogs\/[0-9a-f-]{36}\//g, "/packerlogs/{run}/")
    .replace(
      new RegExp(`/resourceGroups/${n.resourceGroup}(?=/|$)`, "g"),
      "/resourceGroups/{resource-group}",
    )
    .replace(/\/userAssignedIdentities\/[^/]+/, "/userAssignedIdentities/{identity}")
    .replace(/\/galleries\/[^/]+\/images\/[^/]+/, "/galleries/{gallery}/images/{image}")
    .replace(new RegExp(`/${n.stagingAccount}(?=/|$)`, "g"), "/{staging-account}")
    .replace(/^\/[a-z0-9]{24}\/packerlogs/, "/{image-builder-account}/packerlogs")
    .replace(new RegExp(`/${n.container}/.+$`), `/${n.container}/{prefix}/{file}`)
    .replace(new RegExp(`/${n.container}(?=/|$)`), "/{container}");
}

export { armAction };

const BLOB = "Microsoft.Storage/storageAccounts/blobServices";

/** The RBAC action of one Blob storage request (path-style: /account/container/blob). */
export function storageAction(
  method: string,
  requestPath: string,
  query: Record<string, string>,
): { action: string; kind: "Action" | "DataAction" } {
  const [, container, ...blob] = requestPath.split("/").filter(Boolean);
  if (!container) {
    if (query.comp === "userdelegationkey")
      return { action: `${BLOB}/generateUserDelegationKey/action`, kind: "Action" };
    return { action: `${BLOB}/read`, kind: "Action" };
  }
  if (blob.length === 0) {
    if (query.comp === "list")
      return { action: `${BLOB}/containers/blobs/read`, kind: "DataAction" };
    return { action: `${BLOB}/containers/${VERB[method] ?? "read"}`, kind: "Action" };
  }
  return { action: `${BLOB}/containers/blobs/${VERB[method] ?? "read"}`, kind: "DataAction" };
}

function armScope(requestPath: string, n: Names): Scope {
  const rg = /\/resourceGroups\/([^/]+)/i.exec(requestPath)?.[1];
  if (!rg) return "subscription";
  if (rg.startsWith("IT_")) return "Image Builder's staging resource group";
  if (new RegExp(`/storageAccounts/${n.stagingAccount}$`, "i").test(requestPath))
    return "staging storage account";
  if (/\/Microsoft\.ManagedIdentity\/userAssignedIdentities\//i.test(requestPath))
    return "user-assigned identity";
  if (n.sourceImage && requestPath.toLowerCase() === n.sourceImage.toLowerCase())
    return "source image";
  if (/\/Microsoft\.Compute\/galleries\//i.test(requestPath)) return "gallery image definition";
  if (/\/Microsoft\.Compute\/images\//i.test(requestPath)) return "managed image";
  if (/\/subnets\//i.test(requestPath)) return "subnet";
  if (/\/virtualNetworks\//i.test(requestPath)) return "virtual network";
  return "resource group";
}

function storageScope(requestPath: string, n: Names): Scope {
  const [account, container] = requestPath.split("/").filter(Boolean);
  if (account !== n.stagingAccount) return "Image Builder's staging resource group";
  return container === n.container ? "staging container" : "staging storage account";
}

/** Every permission the requests of one run needed, deduplicated, in a stable order. */
export function permissionsOf(
  requests: LoggedRequest[],
  serviceRequests: LoggedRequest[],
  n: Names,
  template?: { identity?: { userAssignedIdentities?: Record<string, unknown> } },
): Permission[] {
  const out = new Map<string, Permission>();
  const add = (p: Permission) => {
    const key = `${p.principal}|${p.action}|${p.scope}`;
    if (!out.has(key)) out.set(key, p);
  };
  for (const r of requests) {
    if (r.status === 0 || r.status === 401) continue;
    const comp = r.surface === "storage" && r.query.comp ? `?comp=${r.query.comp}` : "";
    const evidence = `${r.method} ${placeholders(r.path, n)}${comp}`;
    if (r.surface === "arm") {
      const action = armAction(r.method, r.path);
      if (action)
        add({
          principal: "pipeline",
          action,
          kind: "Action",
          scope: armScope(r.path, n),
          evidence,
        });
    } else if (r.surface === "storage" && r.auth === "bearer") {
      const { action, kind } = storageAction(r.method, r.path, r.query);
      add({ principal: "pipeline", action, kind, scope: storageScope(r.path, n), evidence });
    }
  }
  // Creating a template with a user-assigned identity is a linked access check on the identity.
  const identities = Object.keys(template?.identity?.userAssignedIdentities ?? {});
  if (
    identities.length &&
    requests.some((r) => r.method === "PUT" && r.operationId?.includes("CreateOrUpdate"))
  )
    add({
      principal: "pipeline",
      action: "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action",
      kind: "Action",
      scope: "user-assigned identity",
      evidence: "PUT {template} with identity.userAssignedIdentities (linked access check)",
    });
  // What Image Builder did on Resource Manager as the template's identity: join the subnet,
  // read the source image, write the images.
  for (const r of serviceRequests) {
    if (r.surface !== "arm" || !r.principalId) continue;
    const action = armAction(r.method, r.path);
    if (!action) continue;
    add({
      principal: "template identity",
      action,
      kind: "Action",
      scope: armScope(r.path, n),
      evidence: `${r.method} ${placeholders(r.path, n)} (by Image Builder)`,
    });
  }
  // Image Builder reads the staged files with the template's identity unless they carry a SAS.
  for (const r of serviceRequests) {
    if (r.surface !== "storage") continue;
    const [account, container] = r.path.split("/").filter(Boolean);
    if (r.auth !== "bearer" || account !== n.stagingAccount || container !== n.container) continue;
    // Its writes are Image Builder's own (its first-party identity), not the template's.
    if (r.method !== "GET" && r.method !== "HEAD") continue;
    const { action, kind } = storageAction(r.method, r.path, r.query);
    add({
      principal: "template identity",
      action,
      kind,
      scope: "staging container",
      evidence: `${r.method} ${placeholders(r.path, n)} (by Image Builder)`,
    });
  }
  return [...out.values()].sort((a, b) =>
    `${a.principal}|${a.scope}|${a.kind}|${a.action}`.localeCompare(
      `${b.principal}|${b.scope}|${b.kind}|${b.action}`,
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Running the bundle.

async function observe(mode: Mode): Promise<Observation> {
  const az: LocalAzure = await startLocalAzure({ templateGetRetryAfterMs: 100 });
  try {
    const d = az.defaults;
    // The emulator's own set-up traffic is not the run's.
    const serviceBefore = az.serviceRequestLog.length;
    if (mode.stagingAccess === "identity")
      az.seed.grantBlobRead(d.identityId, d.storageAccount, d.container);
    const extra: Record<string, string> = {};
    let networkResourceGroup: string | undefined;
    let sourceImage: string | undefined;
    if (mode.network) {
      // A network that meets Image Builder's checklist, in a group of its own.
      networkResourceGroup = "rg-network";
      const net = az.cloud.networks;
      const nsg = net.addNetworkSecurityGroup(networkResourceGroup, "nsg-build");
      const vnet = net.addVirtualNetwork(networkResourceGroup, "vnet-build", {
        location: az.location,
      });
      extra["subnet-id"] = net.addSubnet(vnet.id, "snet-build", {
        networkSecurityGroupId: nsg.id,
        privateLinkServiceNetworkPolicies: "Disabled",
      }).id;
    }
    if (mode.managedFromGallery) {
      sourceImage = az.cloud.addGalleryImageVersion(d.galleryImageId, "1.0.0").id;
      extra.source = sourceImage;
      extra["managed-image-id"] = az.cloud.managedImageId(d.resourceGroup, "img-baked");
    }
    if (mode.keepVersions) {
      az.cloud.addGalleryImageVersion(d.galleryImageId, "0.9.0", {
        tags: { "bake.repository": GITHUB_RUN.repository },
        publishedDate: "2026-01-05T08:00:00Z",
      });
      extra["keep-versions"] = "1";
    }
    const result: StepResult = await runStep(
      stepAgainst(az, "github", {
        ...baseInputs(az),
        ...(mode.managedFromGallery ? {} : { "gallery-image-id": d.galleryImageId, vhd: "true" }),
        ...extra,
        "staging-access": mode.stagingAccess,
        "log-level": mode.logLevel,
        ...(mode.dryRun ? { "dry-run": "true" } : {}),
      }),
    );
    if (result.exitCode !== 0)
      throw new Error(
        `The ${mode.name} run failed: ${result.errors.join("\n") || result.log.slice(-10).join("\n")}`,
      );
    const template = result.outputs.template
      ? (JSON.parse(result.outputs.template) as Record<string, never>)
      : undefined;
    const permissions = permissionsOf(
      az.requestLog,
      az.serviceRequestLog.slice(serviceBefore),
      {
        subscriptionId: az.subscriptionId,
        resourceGroup: d.resourceGroup,
        stagingAccount: d.storageAccount,
        container: d.container,
        templateName: result.outputs["template-name"],
        ...(networkResourceGroup ? { networkResourceGroup } : {}),
        ...(sourceImage ? { sourceImage } : {}),
      },
      mode.dryRun ? undefined : template,
    );
    return { mode, exitCode: result.exitCode, requests: az.requestLog.length, permissions };
  } finally {
    await az.stop();
  }
}

/**
 * One run per mode, each against a local Azure of its own, three at a time: seven local
 * Azures at once overload a small machine until Azurite drops connections.
 */
export async function observeAll(modes: Mode[] = MODES, concurrency = 3): Promise<Observation[]> {
  const out: Observation[] = new Array<Observation>(modes.length);
  let next = 0;
  const worker = async () => {
    while (next < modes.length) {
      const i = next++;
      out[i] = await observe(modes[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, modes.length) }, worker));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Built-in roles (their Actions/DataActions as Azure documents them), for the coverage column.

interface RoleDefinition {
  name: string;
  actions: string[];
  notActions?: string[];
  dataActions?: string[];
}

/**
 * The built-in roles the coverage column names, smallest first and Contributor last, with
 * their Actions/DataActions as Azure documents them (the local Azure's own copy of
 * https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
 */
export const BUILT_IN_ROLES: RoleDefinition[] = [
  "Storage Blob Delegator",
  "Storage Blob Data Reader",
  "Storage Blob Data Contributor",
  "Managed Identity Operator",
  "Reader",
  "Network Contributor",
  "Virtual Machine Contributor",
  "Contributor",
].map((roleName) => {
  const def = BUILT_IN_ROLE_DEFINITIONS.find((r) => r.roleName === roleName)!;
  const [p] = def.permissions;
  return {
    name: roleName,
    actions: p!.actions,
    notActions: p!.notActions,
    dataActions: p!.dataActions,
  };
});

export function builtInRolesGranting(p: Pick<Permission, "action" | "kind">): string[] {
  return BUILT_IN_ROLES.filter((r) => {
    const list = p.kind === "Action" ? r.actions : (r.dataActions ?? []);
    return (
      list.some((a) => matchesAction(a, p.action)) &&
      !(p.kind === "Action" && (r.notActions ?? []).some((a) => matchesAction(a, p.action)))
    );
  }).map((r) => r.name);
}

// ---------------------------------------------------------------------------------------------
// The README section.

const SCOPE_TEXT: Record<Scope, string> = {
  subscription: "subscription (Image Builder's operation status)",
  "resource group": "`resource-group`",
  "staging storage account": "`staging-storage-account`",
  "staging container": "`staging-container` in that account",
  "user-assigned identity": "`identity`",
  "gallery image definition": "`gallery-image-id`",
  "managed image": "`managed-image-id`",
  "source image": "`source` (a managed image or gallery image version)",
  "virtual network": "the virtual network of `subnet-id`",
  subnet: "`subnet-id`",
  "Image Builder's staging resource group":
    "Image Builder's staging resource group (`staging-resource-group`, else the `IT_…` group it creates)",
};

/** Custom role definitions, one per principal and scope, as `az role definition create` takes them. */
export function roleDefinitions(observations: Observation[]): Array<Record<string, unknown>> {
  const all = observations.flatMap((o) => o.permissions);
  const groups = new Map<string, Permission[]>();
  for (const p of all) {
    const key = `${p.principal}|${p.scope}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups].map(([key, ps]) => {
    const [principal, scope] = key.split("|") as [Principal, Scope];
    const uniq = (kind: Permission["kind"]) =>
      [...new Set(ps.filter((p) => p.kind === kind).map((p) => p.action))].sort();
    return {
      Name: `bake-azure-image ${principal} on ${scope}`,
      Actions: uniq("Action"),
      DataActions: uniq("DataAction"),
      AssignableScopes: ["/subscriptions/{subscription}"],
    };
  });
}

function modesOf(observations: Observation[], p: Permission): string {
  const real = observations.filter((o) => !o.mode.dryRun);
  const having = real.filter((o) =>
    o.permissions.some(
      (q) => q.principal === p.principal && q.action === p.action && q.scope === p.scope,
    ),
  );
  if (having.length === real.length) return "all";
  const lacking = real.filter((o) => !having.includes(o));
  if (lacking.length === 1) return `all but ${lacking[0]!.mode.name}`;
  const accesses = [...new Set(having.map((o) => o.mode.stagingAccess))];
  if (
    accesses.length === 1 &&
    having.length === real.filter((o) => o.mode.stagingAccess === accesses[0]).length
  )
    return `\`${accesses[0]}\``;
  return having.map((o) => o.mode.name).join("; ");
}

/** For each principal and scope, the smallest built-in role(s) granting all its permissions. */
export function builtInPlan(permissions: Permission[]): string {
  const groups = new Map<string, Permission[]>();
  for (const p of permissions) {
    const key = `${p.principal}|${p.scope}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const parts: string[] = [];
  for (const [key, ps] of groups) {
    const [principal, scope] = key.split("|") as [Principal, Scope];
    const covers = (roles: string[]) =>
      ps.every((p) => builtInRolesGranting(p).some((r) => roles.includes(r)));
    const small = BUILT_IN_ROLES.map((r) => r.name).filter((r) => r !== "Contributor");
    const candidates = [
      ...small.map((r) => [r]),
      ...small.flatMap((a, i) => small.slice(i + 1).map((b) => [a, b])),
      ...[[], ...small.map((r) => [r])].map((r) => [...r, "Contributor"]),
    ];
    const roles = candidates.find(covers) ?? ["none"];
    parts.push(
      `${roles.join(" + ")} for the ${principal === "pipeline" ? "pipeline" : "template's identity"} on ${SCOPE_TEXT[scope]}`,
    );
  }
  return parts.join("; ");
}

export function permissionsSection(observations: Observation[]): string {
  const rows = new Map<string, Permission>();
  for (const o of observations)
    for (const p of o.permissions) rows.set(`${p.principal}|${p.scope}|${p.kind}|${p.action}`, p);
  const sorted = [...rows.values()].sort((a, b) =>
    `${a.principal === "pipeline" ? 0 : 1}|${a.scope}|${a.kind}|${a.action}`.localeCompare(
      `${b.principal === "pipeline" ? 0 : 1}|${b.scope}|${b.kind}|${b.action}`,
    ),
  );
  const dry = observations.find((o) => o.mode.dryRun);
  const quietSame = ["sas", "identity"].every((access) => {
    const [normal, quiet] = ["normal", "quiet"].map((l) =>
      observations.find(
        (o) => !o.mode.dryRun && o.mode.stagingAccess === access && o.mode.logLevel === l,
      ),
    );
    const key = (o?: Observation) =>
      o?.permissions.map((p) => `${p.principal}|${p.action}|${p.scope}`).join() ?? "";
    return key(normal) === key(quiet);
  });
  const line = (p: Permission) =>
    `| ${p.principal} | \`${p.action}\` | ${p.kind} | ${SCOPE_TEXT[p.scope]} | ${modesOf(observations, p)} | ${builtInRolesGranting(p).slice(0, 3).join(", ") || "none"} | \`${p.evidence}\` |`;
  return [
    "## Permissions",
    "",
    "Measured, not guessed: `npm run least-privilege` runs the GitHub Action against the local",
    "Azure in each mode, maps every request it (and Image Builder on the template identity's",
    "behalf) made to the Azure RBAC action that authorizes it, and prints the minimal custom",
    "role definitions. `npm run least-privilege -- --write` regenerates this section; a test",
    "fails when it is out of date.",
    "",
    `Modes: \`staging-access: sas\` or \`identity\`, each with \`log-level: normal\` and \`quiet\`, publishing to \`gallery-image-id\` and a VHD; \`subnet-id\` (a build in an existing network, through the proxy VM); a managed image (\`managed-image-id\`) from a gallery image version (\`source\`); and \`keep-versions\` (an older version of this repository deleted after the build).${quietSame ? " `log-level` changes nothing: the build log is read at every level (for the failure annotation); without that read permission the step warns once and the build goes on." : ""}${dry && dry.permissions.length === 0 ? ` \`dry-run: true\` needs no permission at all (it made ${dry.requests} requests).` : ""}`,
    "",
    "| Who | Action | Kind | Scope | Modes | Built-in roles that grant it | Evidence |",
    "|---|---|---|---|---|---|---|",
    ...sorted.map(line),
    "",
    "Minimal custom roles, one per scope (assign each at the scope in its name; `{subscription}`",
    "is yours):",
    "",
    "```json",
    JSON.stringify(roleDefinitions(observations), null, 2),
    "```",
    "",
    `With built-in roles instead (the smallest that grant a scope's actions): ${builtInPlan(sorted)}.`,
    // A blank line before the next section's heading.
    "",
    "",
  ].join("\n");
}

/** The README with its "## Permissions" section (up to the next "## ") replaced. */
export function withSection(readme: string, section: string): string {
  const start = readme.indexOf("\n## Permissions\n");
  if (start === -1) throw new Error("README.md has no '## Permissions' section");
  const end = readme.indexOf("\n## ", start + 1);
  return `${readme.slice(0, start + 1)}${section}${end === -1 ? "" : readme.slice(end + 1)}`;
}

export function currentSection(readme: string): string {
  const start = readme.indexOf("\n## Permissions\n");
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start + 1, end === -1 ? undefined : end + 1);
}

async function main(): Promise<void> {
  const observations = await observeAll();
  for (const o of observations) {
    console.log(`# ${o.mode.name}: ${o.requests} requests, ${o.permissions.length} permissions`);
    for (const p of o.permissions)
      console.log(`  ${p.principal.padEnd(18)} ${p.kind.padEnd(10)} ${p.action}  @ ${p.scope}`);
  }
  console.log(JSON.stringify(roleDefinitions(observations), null, 2));
  const section = permissionsSection(observations);
  const readme = readFileSync(README, "utf8");
  if (process.argv.includes("--write")) {
    writeFileSync(README, withSection(readme, section));
    console.log("README.md: Permissions section written.");
  } else if (process.argv.includes("--check") && currentSection(readme) !== section) {
    console.error(
      "README.md's Permissions section is out of date: npm run least-privilege -- --write",
    );
    process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  await main();
