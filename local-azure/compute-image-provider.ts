import { armError, type ArmRoutes } from "./arm-kit.js";
import { json, type Reply } from "./http-kit.js";
import { compareVersions, type PlatformImage, type PlatformImages } from "./platform-images.js";

const IMAGE_VERSIONS =
  /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Compute\/locations\/([^/]+)\/publishers\/([^/]+)\/artifacttypes\/vmimage\/offers\/([^/]+)\/skus\/([^/]+)\/versions(?:\/([^/]+))?$/i;

/**
 * The Compute API's platform image reads (api-version 2024-07-01): a SKU's versions, with
 * `$orderby=name desc` and `$top`, and one version's metadata (generation, security type).
 * `latest` is not a version the API knows: clients list and pick the highest.
 */
export class ComputeImageProvider implements ArmRoutes {
  constructor(private readonly images: PlatformImages) {}

  handle(method: string, path: string, query: URLSearchParams): Reply | undefined {
    const m = IMAGE_VERSIONS.exec(path);
    if (!m || method !== "GET") return undefined;
    const [, subscription, location, publisher, offer, sku, version] = m.map((s) =>
      s === undefined ? undefined : decodeURIComponent(s),
    ) as [string, string, string, string, string, string, string | undefined];
    const versions = this.images.versions(location, publisher, offer, sku);
    const id = (i: PlatformImage) =>
      `/Subscriptions/${subscription}/Providers/Microsoft.Compute/Locations/${location}/Publishers/${i.publisher}/ArtifactTypes/VMImage/Offers/${i.offer}/Skus/${i.sku}/Versions/${i.version}`;
    if (version === undefined) {
      if (versions.length === 0) return imageNotFound();
      let listed = [...versions];
      if (/^name\s+desc$/i.test(query.get("$orderby") ?? ""))
        listed.sort((a, b) => compareVersions(b.version, a.version));
      const top = Number(query.get("$top"));
      if (Number.isInteger(top) && top > 0) listed = listed.slice(0, top);
      return json(
        200,
        listed.map((i) => ({ location, name: i.version, id: id(i) })),
      );
    }
    const image = versions.find((i) => i.version.toLowerCase() === version.toLowerCase());
    if (!image) return imageNotFound();
    return json(200, {
      properties: {
        hyperVGeneration: image.hyperVGeneration,
        architecture: image.architecture,
        replicaType: "Unmanaged",
        disallowed: { vmDiskType: "None" },
        automaticOSUpgradeProperties: { automaticOSUpgradeSupported: false },
        imageDeprecationStatus: { imageState: "Active" },
        features: [
          ...(image.securityType ? [{ name: "SecurityType", value: image.securityType }] : []),
          { name: "IsAcceleratedNetworkSupported", value: "True" },
          { name: "DiskControllerTypes", value: "SCSI, NVMe" },
        ],
        osDiskImage: { operatingSystem: image.osType, sizeInBytes: 32213303808, sizeInGb: 31 },
        dataDiskImages: [],
      },
      location,
      name: image.version,
      id: id(image),
    });
  }
}

/** What the Compute API answers for a publisher/offer/SKU/version it does not have. */
function imageNotFound(): Reply {
  return armError(404, "NotFound", "Artifact: VMImage was not found.", {
    target: "imageReference",
  });
}
