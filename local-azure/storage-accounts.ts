import { armError, notFound, resourceGroupNotFound } from "./arm-kit.js";
import type { CloudState, StorageAccount } from "./cloud-state.js";
import { json, type Reply } from "./http-kit.js";

type Json = Record<string, unknown>;

/**
 * The Resource Manager reads the product needs besides Image Builder: resource groups, storage
 * accounts (whose primaryEndpoints.blob points at Azurite, so blob endpoints are discovered
 * through ARM as in sovereign clouds), a gallery image definition/version, a managed image and a
 * user-assigned identity. listKeys exists because the real API has it; it is logged like all else
 * so tests can prove the product never calls it.
 */
export class OtherResources {
  constructor(
    private readonly state: CloudState,
    private readonly tenantId: string,
    private readonly blobEndpoint: (account: string) => string,
  ) {}

  handle(method: string, path: string): Reply | undefined {
    const sub = `/subscriptions/${this.state.subscriptionId}`;
    const rel = path.toLowerCase().startsWith(sub.toLowerCase())
      ? path.slice(sub.length)
      : undefined;
    if (rel === undefined) return undefined;
    let m: RegExpExecArray | null;
    if ((m = /^\/providers\/Microsoft\.Storage\/storageAccounts$/i.exec(rel)) && method === "GET") {
      return json(200, {
        value: [...this.state.storageAccounts.values()].map((a) => this.account(a)),
      });
    }
    if ((m = /^\/resourceGroups\/([^/]+)$/i.exec(rel))) {
      const rg = this.state.resourceGroup(decodeURIComponent(m[1]!));
      if (method === "HEAD") return { status: rg ? 204 : 404 };
      if (method !== "GET") return undefined;
      if (!rg) return resourceGroupNotFound(m[1]!);
      return json(200, {
        id: `${sub}/resourceGroups/${rg.name}`,
        name: rg.name,
        type: "Microsoft.Resources/resourceGroups",
        location: rg.location,
        ...(rg.tags ? { tags: rg.tags } : {}),
        properties: { provisioningState: "Succeeded" },
      });
    }
    m = /^\/resourceGroups\/([^/]+)\/providers\/(.+)$/i.exec(rel);
    if (!m) return undefined;
    const rgName = decodeURIComponent(m[1]!);
    const rest = m[2]!;
    const rg = this.state.resourceGroup(rgName);
    if (!rg) return resourceGroupNotFound(rgName);

    if (/^Microsoft\.Storage\/storageAccounts$/i.test(rest) && method === "GET") {
      return json(200, {
        value: [...this.state.storageAccounts.values()]
          .filter((a) => a.resourceGroup.toLowerCase() === rg.name.toLowerCase())
          .map((a) => this.account(a)),
      });
    }
    if ((m = /^Microsoft\.Storage\/storageAccounts\/([^/]+)(\/listKeys)?$/i.exec(rest))) {
      const a = this.state.storageAccounts.get(m[1]!);
      const inGroup = a && a.resourceGroup.toLowerCase() === rg.name.toLowerCase();
      if (!inGroup) return notFound("Microsoft.Storage/storageAccounts", m[1]!, rgName);
      if (m[2] && method === "POST") {
        return json(200, {
          keys: [
            {
              creationTime: new Date().toISOString(),
              keyName: "key1",
              value: a.key,
              permissions: "FULL",
            },
            {
              creationTime: new Date().toISOString(),
              keyName: "key2",
              value: a.key,
              permissions: "FULL",
            },
          ],
        });
      }
      if (!m[2] && method === "GET") return json(200, this.account(a));
      return undefined;
    }
    if (
      (m = /^Microsoft\.ManagedIdentity\/userAssignedIdentities\/([^/]+)$/i.exec(rest)) &&
      method === "GET"
    ) {
      const id = this.state.identityByResourceId(
        `${sub}/resourceGroups/${rgName}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${m[1]}`,
      );
      if (!id) return notFound("Microsoft.ManagedIdentity/userAssignedIdentities", m[1]!, rgName);
      return json(200, {
        id: this.state.identityId(id.resourceGroup, id.name),
        name: id.name,
        type: "Microsoft.ManagedIdentity/userAssignedIdentities",
        location: id.location,
        tags: {},
        properties: { tenantId: this.tenantId, principalId: id.principalId, clientId: id.clientId },
      });
    }
    if (
      (m =
        /^Microsoft\.Compute\/galleries\/([^/]+)\/images\/([^/]+)(?:\/versions(?:\/([^/]+))?)?$/i.exec(
          rest,
        )) &&
      method === "GET"
    ) {
      const [, gallery, image, version] = m as unknown as [
        string,
        string,
        string,
        string | undefined,
      ];
      const def = this.state.galleryImageById(this.state.galleryImageId(rgName, gallery, image));
      if (!def)
        return notFound("Microsoft.Compute/galleries/images", `${gallery}/${image}`, rgName);
      const defId = this.state.galleryImageId(def.resourceGroup, def.gallery, def.image);
      const versionResource = (v: NonNullable<ReturnType<typeof def.versions.get>>) => ({
        id: `${defId}/versions/${v.name}`,
        name: v.name,
        type: "Microsoft.Compute/galleries/images/versions",
        location: v.location,
        properties: {
          publishingProfile: {
            targetRegions: v.targetRegions.map((name) => ({
              name,
              regionalReplicaCount: 1,
              storageAccountType: "Standard_LRS",
            })),
            replicaCount: 1,
            excludeFromLatest: v.excludeFromLatest,
            publishedDate: v.publishedDate,
            storageAccountType: "Standard_LRS",
          },
          storageProfile: { osDiskImage: { sizeInGB: 30, hostCaching: "ReadWrite" } },
          provisioningState: v.provisioningState,
        },
      });
      if (rest.toLowerCase().endsWith("/versions"))
        return json(200, { value: [...def.versions.values()].map(versionResource) });
      if (version !== undefined) {
        const v = def.versions.get(version);
        if (!v)
          return notFound(
            "Microsoft.Compute/galleries/images/versions",
            `${gallery}/${image}/${version}`,
            rgName,
          );
        return json(200, versionResource(v));
      }
      return json(200, {
        id: defId,
        name: def.image,
        type: "Microsoft.Compute/galleries/images",
        location: def.location,
        properties: {
          osType: def.osType,
          osState: "Generalized",
          hyperVGeneration: def.hyperVGeneration,
          ...(def.securityType
            ? { features: [{ name: "SecurityType", value: def.securityType }] }
            : {}),
          identifier: { publisher: "contoso", offer: def.gallery, sku: def.image },
          provisioningState: "Succeeded",
        },
      });
    }
    if ((m = /^Microsoft\.Compute\/images\/([^/]+)$/i.exec(rest)) && method === "GET") {
      const id = `${sub}/resourceGroups/${rgName}/providers/Microsoft.Compute/images/${m[1]}`;
      const img = this.state.managedImages.get(id.toLowerCase());
      if (!img) return notFound("Microsoft.Compute/images", m[1]!, rgName);
      return json(200, {
        id,
        name: img.name,
        type: "Microsoft.Compute/images",
        location: img.location,
        properties: {
          hyperVGeneration: img.hyperVGeneration ?? "V2",
          provisioningState: "Succeeded",
        },
      });
    }
    return undefined;
  }

  private account(a: StorageAccount): Json {
    const blob = `${this.blobEndpoint(a.name)}/`;
    return {
      id: `/subscriptions/${this.state.subscriptionId}/resourceGroups/${a.resourceGroup}/providers/Microsoft.Storage/storageAccounts/${a.name}`,
      name: a.name,
      type: "Microsoft.Storage/storageAccounts",
      location: a.location,
      kind: "StorageV2",
      sku: { name: "Standard_LRS", tier: "Standard" },
      tags: a.tags ?? {},
      properties: {
        provisioningState: "Succeeded",
        creationTime: new Date().toISOString(),
        primaryEndpoints: { blob },
        primaryLocation: a.location,
        statusOfPrimary: "available",
        supportsHttpsTrafficOnly: true,
        minimumTlsVersion: "TLS1_2",
        allowBlobPublicAccess: false,
        accessTier: "Hot",
      },
    };
  }
}

export function unknownRoute(method: string, path: string): Reply {
  return armError(
    404,
    "NotFound",
    `No HTTP resource was found that matches the request URI '${path}' for method ${method}.`,
  );
}
