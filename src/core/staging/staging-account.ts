import { BakeError, InputError } from "../errors.js";
import { ArmError, type ResourceManager } from "../azure/arm.js";
import { resourceGroupId } from "../azure/resource-id.js";

const STORAGE_API_VERSION = "2023-05-01";

export interface StagingAccount {
  id: string;
  name: string;
  /** From Resource Manager, never built from a suffix: sovereign clouds and private endpoints differ. */
  blobEndpoint: string;
}

interface StorageAccountResource {
  id: string;
  name: string;
  properties?: { primaryEndpoints?: { blob?: string } };
}

export async function resolveStagingAccount(
  arm: ResourceManager,
  account: { name: string; id?: string },
  resourceGroup: string,
  abortSignal?: AbortSignal,
): Promise<StagingAccount> {
  const id =
    account.id ??
    `${resourceGroupId(arm.subscriptionId, resourceGroup)}/providers/Microsoft.Storage/storageAccounts/${account.name}`;
  let resource: StorageAccountResource;
  try {
    resource = await arm.get<StorageAccountResource>(id, STORAGE_API_VERSION, abortSignal);
  } catch (error) {
    if (error instanceof ArmError && error.code === "ResourceGroupNotFound" && !account.id) {
      throw new InputError(
        "resource-group",
        `names a resource group that does not exist in subscription ${arm.subscriptionId}: ${resourceGroup}. Create it first, or name an existing one.`,
      );
    }
    if (
      error instanceof ArmError &&
      (error.status === 404 ||
        error.code === "ResourceNotFound" ||
        error.code === "ResourceGroupNotFound")
    ) {
      throw new InputError(
        "staging-storage-account",
        `the storage account ${id} was not found (${error.message}). Check the name and resource group, or give its resource ID.`,
      );
    }
    throw error;
  }
  const blob = resource.properties?.primaryEndpoints?.blob;
  if (!blob)
    throw new BakeError(
      `The storage account ${id} has no blob endpoint. Use a general-purpose v2 or BlockBlobStorage account.`,
    );
  return {
    id: resource.id ?? id,
    name: resource.name ?? account.name,
    blobEndpoint: blob.endsWith("/") ? blob : `${blob}/`,
  };
}
