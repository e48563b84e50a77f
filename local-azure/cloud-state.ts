import { randomBytes, randomUUID } from "node:crypto";
import { Networks } from "./networks.js";
import { PlatformImages } from "./platform-images.js";
import { RoleBasedAccess } from "./role-based-access.js";

/** The resources the emulated subscription holds, keyed case-insensitively as ARM does. */
export interface ResourceGroup {
  name: string;
  location: string;
  tags?: Record<string, string>;
}

export interface StorageAccount {
  name: string;
  resourceGroup: string;
  location: string;
  /** Base64 account key; Azurite knows it through AZURITE_ACCOUNTS. */
  key: string;
  tags?: Record<string, string>;
}

export interface ManagedIdentity {
  name: string;
  resourceGroup: string;
  location: string;
  clientId: string;
  principalId: string;
}

export interface GalleryImage {
  gallery: string;
  image: string;
  resourceGroup: string;
  location: string;
  osType: "Linux" | "Windows";
  hyperVGeneration: "V1" | "V2";
  /** The definition's `SecurityType` feature; none means Standard. */
  securityType?: GallerySecurityType;
  versions: Map<string, GalleryImageVersion>;
}

export type GallerySecurityType =
  | "TrustedLaunch"
  | "TrustedLaunchSupported"
  | "ConfidentialVM"
  | "ConfidentialVmSupported"
  | "TrustedLaunchAndConfidentialVmSupported";

export interface GalleryImageVersion {
  name: string;
  location: string;
  targetRegions: string[];
  excludeFromLatest: boolean;
  publishedDate: string;
  provisioningState: "Succeeded" | "Failed" | "Deleting";
  /** The distributor's artifactTags, as Image Builder puts them on what it publishes. */
  tags?: Record<string, string>;
}

export interface ManagedImage {
  name: string;
  resourceGroup: string;
  location: string;
  hyperVGeneration?: "V1" | "V2";
  tags?: Record<string, string>;
}

export interface ContainerGrant {
  principalId: string;
  account: string;
  container: string;
}

export class CloudState {
  readonly resourceGroups = new Map<string, ResourceGroup>();
  readonly storageAccounts = new Map<string, StorageAccount>();
  readonly identities = new Map<string, ManagedIdentity>();
  readonly galleryImages = new Map<string, GalleryImage>();
  readonly managedImages = new Map<string, ManagedImage>();
  readonly grants: ContainerGrant[] = [];
  /** Virtual networks, subnets and network security groups (`addVirtualNetwork`, `addSubnet`, ...). */
  readonly networks: Networks;
  /** Role definitions and assignments (`assignRole`, `addRoleDefinition`, `isGranted`). */
  readonly rbac: RoleBasedAccess;
  /** Marketplace images per location (`addPlatformImage`), a realistic set by default. */
  readonly platformImages = new PlatformImages();

  constructor(readonly subscriptionId: string) {
    this.networks = new Networks(
      subscriptionId,
      (rg, location) => this.addResourceGroup(rg, location).location,
    );
    this.rbac = new RoleBasedAccess(subscriptionId);
  }

  addResourceGroup(
    name: string,
    location = "westus2",
    tags?: Record<string, string>,
  ): ResourceGroup {
    const existing = this.resourceGroups.get(name.toLowerCase());
    if (existing) return existing;
    const rg: ResourceGroup = { name, location, ...(tags ? { tags } : {}) };
    this.resourceGroups.set(name.toLowerCase(), rg);
    return rg;
  }

  resourceGroup(name: string): ResourceGroup | undefined {
    return this.resourceGroups.get(name.toLowerCase());
  }

  removeResourceGroup(name: string): void {
    const key = name.toLowerCase();
    this.resourceGroups.delete(key);
    for (const [k, a] of this.storageAccounts) {
      if (a.resourceGroup.toLowerCase() === key) this.storageAccounts.delete(k);
    }
  }

  /** Storage account names are global in Azure, so the map is keyed by name alone. */
  addStorageAccount(name: string, resourceGroup: string, location?: string): StorageAccount {
    if (!/^[a-z0-9]{3,24}$/.test(name)) throw new Error(`invalid storage account name '${name}'`);
    const rg = this.addResourceGroup(resourceGroup, location);
    const existing = this.storageAccounts.get(name);
    if (existing) return existing;
    const account: StorageAccount = {
      name,
      resourceGroup: rg.name,
      location: location ?? rg.location,
      key: randomBytes(64).toString("base64"),
    };
    this.storageAccounts.set(name, account);
    return account;
  }

  addIdentity(name: string, resourceGroup: string, location?: string): ManagedIdentity {
    const rg = this.addResourceGroup(resourceGroup, location);
    const id = this.identityId(rg.name, name).toLowerCase();
    const existing = this.identities.get(id);
    if (existing) return existing;
    const identity: ManagedIdentity = {
      name,
      resourceGroup: rg.name,
      location: location ?? rg.location,
      clientId: randomUUID(),
      principalId: randomUUID(),
    };
    this.identities.set(id, identity);
    return identity;
  }

  identityByResourceId(resourceId: string): ManagedIdentity | undefined {
    return this.identities.get(resourceId.toLowerCase());
  }

  identityByPrincipalId(principalId: string): ManagedIdentity | undefined {
    return [...this.identities.values()].find((i) => i.principalId === principalId);
  }

  identityId(resourceGroup: string, name: string): string {
    return `/subscriptions/${this.subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
  }

  addGalleryImage(
    resourceGroup: string,
    gallery: string,
    image: string,
    opts: {
      location?: string;
      osType?: "Linux" | "Windows";
      hyperVGeneration?: "V1" | "V2";
      securityType?: GallerySecurityType;
    } = {},
  ): GalleryImage {
    const rg = this.addResourceGroup(resourceGroup, opts.location);
    const id = this.galleryImageId(rg.name, gallery, image).toLowerCase();
    const existing = this.galleryImages.get(id);
    if (existing) return existing;
    const def: GalleryImage = {
      gallery,
      image,
      resourceGroup: rg.name,
      location: opts.location ?? rg.location,
      osType: opts.osType ?? "Linux",
      hyperVGeneration: opts.hyperVGeneration ?? "V2",
      ...(opts.securityType ? { securityType: opts.securityType } : {}),
      versions: new Map(),
    };
    this.galleryImages.set(id, def);
    return def;
  }

  galleryImageId(resourceGroup: string, gallery: string, image: string): string {
    return `/subscriptions/${this.subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/galleries/${gallery}/images/${image}`;
  }

  galleryImageById(id: string): GalleryImage | undefined {
    return this.galleryImages.get(id.toLowerCase());
  }

  /** A version of an existing gallery image definition, e.g. a template's source. */
  addGalleryImageVersion(
    definitionId: string,
    version: string,
    opts: {
      location?: string;
      targetRegions?: string[];
      tags?: Record<string, string>;
      excludeFromLatest?: boolean;
      publishedDate?: string;
    } = {},
  ): GalleryImageVersion & { id: string } {
    const def = this.galleryImageById(definitionId);
    if (!def) throw new Error(`no gallery image definition ${definitionId}`);
    const v: GalleryImageVersion = {
      name: version,
      location: opts.location ?? def.location,
      targetRegions: opts.targetRegions ?? [opts.location ?? def.location],
      excludeFromLatest: opts.excludeFromLatest ?? false,
      publishedDate: opts.publishedDate ?? new Date().toISOString(),
      provisioningState: "Succeeded",
      ...(opts.tags ? { tags: opts.tags } : {}),
    };
    def.versions.set(version, v);
    return {
      ...v,
      id: `${this.galleryImageId(def.resourceGroup, def.gallery, def.image)}/versions/${version}`,
    };
  }

  managedImageId(resourceGroup: string, name: string): string {
    return `/subscriptions/${this.subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/images/${name}`;
  }

  /** A managed image, e.g. a template's source (`source.type: ManagedImage`). */
  addManagedImage(
    resourceGroup: string,
    name: string,
    opts: { location?: string; hyperVGeneration?: "V1" | "V2" } = {},
  ): ManagedImage & { id: string } {
    const rg = this.addResourceGroup(resourceGroup, opts.location);
    const id = this.managedImageId(rg.name, name);
    const image: ManagedImage = {
      name,
      resourceGroup: rg.name,
      location: opts.location ?? rg.location,
      hyperVGeneration: opts.hyperVGeneration ?? "V2",
    };
    this.managedImages.set(id.toLowerCase(), image);
    return { ...image, id };
  }

  grantContainerRead(principalId: string, account: string, container: string): void {
    this.grants.push({ principalId, account, container });
  }

  /** A grant made with grantContainerRead, or a role assignment whose role reads its blobs. */
  canRead(principalId: string, account: string, container: string): boolean {
    const a = this.storageAccounts.get(account);
    const scope = a
      ? `/subscriptions/${this.subscriptionId}/resourceGroups/${a.resourceGroup}/providers/Microsoft.Storage/storageAccounts/${account}/blobServices/default/containers/${container}`
      : undefined;
    return (
      this.grants.some(
        (g) =>
          g.principalId === principalId &&
          g.account === account &&
          (g.container === container || g.container === "*"),
      ) ||
      (scope !== undefined &&
        this.rbac.isGranted(
          principalId,
          "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
          scope,
          "DataAction",
        ))
    );
  }
}

/** Splits an ARM resource id into its segments, e.g. resourceGroups → name. */
export function parseResourceId(id: string): {
  subscription?: string;
  resourceGroup?: string;
  segments: string[];
} {
  const segments = id.split("/").filter(Boolean);
  const out: { subscription?: string; resourceGroup?: string; segments: string[] } = { segments };
  for (let i = 0; i + 1 < segments.length; i += 2) {
    const k = segments[i]!.toLowerCase();
    if (k === "subscriptions") out.subscription = segments[i + 1]!;
    if (k === "resourcegroups") out.resourceGroup = segments[i + 1]!;
  }
  return out;
}
