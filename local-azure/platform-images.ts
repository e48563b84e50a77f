/**
 * Marketplace (platform) images the Compute API lists per location, with the metadata that
 * decides which VMs and gallery definitions they fit: Hyper-V generation and security type.
 */
export type HyperVGeneration = "V1" | "V2";

/** A platform image's `SecurityType` feature (absent on images that support neither). */
export type ImageSecurityType =
  "TrustedLaunchSupported" | "TrustedLaunchAndConfidentialVmSupported" | "ConfidentialVmSupported";

export interface PlatformImage {
  publisher: string;
  offer: string;
  sku: string;
  version: string;
  hyperVGeneration: HyperVGeneration;
  securityType?: ImageSecurityType;
  osType: "Linux" | "Windows";
  architecture: "x64" | "Arm64";
  /** Only in this location; in every location when undefined. */
  location?: string;
}

export type PlatformImageOptions = Partial<
  Pick<PlatformImage, "hyperVGeneration" | "securityType" | "osType" | "architecture" | "location">
>;

/**
 * Images with versions as Azure published them (e.g. `az vm image list --all`); V1 SKUs carry
 * no security type, their Gen2 siblings support Trusted Launch.
 */
const DEFAULT_IMAGES: PlatformImage[] = [
  ...["22.04.202401161", "22.04.202403010"].flatMap((version) => [
    linux("Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts", version, "V1"),
    linux("Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2", version, "V2"),
  ]),
  // The product's default source; "24.04.202611010" is what "latest" resolves to today.
  ...["24.04.202404230", "24.04.202611010"].flatMap((version) => [
    linux("Canonical", "ubuntu-24_04-lts", "server", version, "V2"),
    linux("Canonical", "ubuntu-24_04-lts", "server-gen1", version, "V1"),
  ]),
  ...["20348.1006.220908", "20348.5622.260906"].flatMap((version) => [
    windows("2022-datacenter", version, "V1"),
    windows("2022-datacenter-g2", version, "V2"),
    windows("2022-datacenter-azure-edition", version, "V2"),
  ]),
];

function linux(
  publisher: string,
  offer: string,
  sku: string,
  version: string,
  generation: HyperVGeneration,
): PlatformImage {
  return {
    publisher,
    offer,
    sku,
    version,
    hyperVGeneration: generation,
    ...(generation === "V2" ? { securityType: "TrustedLaunchSupported" as const } : {}),
    osType: "Linux",
    architecture: "x64",
  };
}

function windows(sku: string, version: string, generation: HyperVGeneration): PlatformImage {
  return {
    ...linux("MicrosoftWindowsServer", "WindowsServer", sku, version, generation),
    osType: "Windows",
  };
}

/** Dotted versions compared number by number, as the Compute API orders them. */
export function compareVersions(a: string, b: string): number {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export class PlatformImages {
  readonly images: PlatformImage[] = DEFAULT_IMAGES.map((i) => ({ ...i }));

  addPlatformImage(
    publisher: string,
    offer: string,
    sku: string,
    version: string,
    opts: PlatformImageOptions = {},
  ): PlatformImage {
    const image: PlatformImage = {
      publisher,
      offer,
      sku,
      version,
      hyperVGeneration: opts.hyperVGeneration ?? "V2",
      ...(opts.securityType ? { securityType: opts.securityType } : {}),
      osType: opts.osType ?? (/windows/i.test(`${publisher} ${offer}`) ? "Windows" : "Linux"),
      architecture: opts.architecture ?? "x64",
      ...(opts.location ? { location: opts.location } : {}),
    };
    this.images.push(image);
    return image;
  }

  /** The versions of a SKU in a location, oldest first. */
  versions(location: string, publisher: string, offer: string, sku: string): PlatformImage[] {
    return this.images
      .filter(
        (i) =>
          (!i.location || same(i.location, location)) &&
          same(i.publisher, publisher) &&
          same(i.offer, offer) &&
          same(i.sku, sku),
      )
      .sort((a, b) => compareVersions(a.version, b.version));
  }

  /** One version; `latest` means the highest, as the build (not the GET API) resolves it. */
  find(
    location: string,
    publisher: string,
    offer: string,
    sku: string,
    version: string,
  ): PlatformImage | undefined {
    const all = this.versions(location, publisher, offer, sku);
    if (version.toLowerCase() === "latest") return all[all.length - 1];
    return all.find((i) => same(i.version, version));
  }
}
