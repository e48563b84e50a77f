import { InputError, quote } from "../errors.js";
import {
  looksLikeResourceId,
  parseResourceId,
  RESOURCE_TYPES,
  sameType,
} from "../azure/resource-id.js";

export interface PlanInfo {
  planName: string;
  planProduct: string;
  planPublisher: string;
}

/** The three source kinds, in the shape the Image Builder API takes them. */
export type ImageSource =
  | {
      type: "PlatformImage";
      publisher: string;
      offer: string;
      sku: string;
      version: string;
      planInfo?: PlanInfo;
    }
  | { type: "ManagedImage"; imageId: string }
  | { type: "SharedImageVersion"; imageVersionId: string };

const FORMS =
  "publisher:offer:sku:version (e.g. Canonical:ubuntu-24_04-lts:server:latest), or the resource ID of a managed image, a gallery image definition or a gallery image version";

const PLATFORM_PART = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function parseSource(input: string, raw: string): ImageSource {
  if (looksLikeResourceId(raw)) {
    const id = parseResourceId(raw);
    if (!id) throw new InputError(input, `${quote(raw)} is not a valid resource ID. Use ${FORMS}.`);
    if (sameType(id.type, RESOURCE_TYPES.managedImage.type))
      return { type: "ManagedImage", imageId: id.id };
    if (sameType(id.type, RESOURCE_TYPES.galleryImageVersion.type)) {
      return { type: "SharedImageVersion", imageVersionId: id.id };
    }
    if (sameType(id.type, RESOURCE_TYPES.galleryImage.type)) {
      // Image Builder resolves "latest" when the build starts, the same as for platform images.
      return { type: "SharedImageVersion", imageVersionId: `${id.id}/versions/latest` };
    }
    throw new InputError(
      input,
      `${quote(raw)} is a ${id.type} resource, which cannot be a source. Use ${FORMS}.`,
    );
  }
  const parts = raw.split(":");
  if (parts.length !== 4 || parts.some((p) => !PLATFORM_PART.test(p))) {
    throw new InputError(input, `${quote(raw)} is not an image reference. Use ${FORMS}.`);
  }
  const [publisher, offer, sku, version] = parts as [string, string, string, string];
  if (version !== "latest" && !/^\d+(\.\d+){2,3}$/.test(version)) {
    throw new InputError(
      input,
      `the version ${quote(version)} of ${quote(raw)} is neither 'latest' nor a version number such as 24.04.202511010.`,
    );
  }
  return { type: "PlatformImage", publisher, offer, sku, version };
}

export function parsePlan(input: string, raw: string): PlanInfo {
  const parts = raw.split(":").map((p) => p.trim());
  if (parts.length !== 3 || parts.some((p) => !p)) {
    throw new InputError(
      input,
      `${quote(raw)} is not a purchase plan. Use publisher:product:name.`,
    );
  }
  const [planPublisher, planProduct, planName] = parts as [string, string, string];
  return { planName, planProduct, planPublisher };
}

const WINDOWS_PUBLISHERS =
  /^microsoftwindows(server|desktop)$|^microsoftvisualstudio$|^microsoftsqlserver$/i;
const LINUX_PUBLISHERS =
  /^(canonical|redhat|suse|openlogic|debian|almalinux|resf|kinvolk|oracle|microsoftcblmariner|microsoft-aks|credativ)$/i;

/** What a platform source says about the OS, when its publisher is well known. */
export function osTypeOfSource(source: ImageSource): "linux" | "windows" | undefined {
  if (source.type !== "PlatformImage") return undefined;
  if (WINDOWS_PUBLISHERS.test(source.publisher) || /windows/i.test(source.offer)) return "windows";
  if (LINUX_PUBLISHERS.test(source.publisher)) return "linux";
  return undefined;
}

/** Gallery image versions: three 32-bit integers. */
export function parseImageVersion(input: string, raw: string): string {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(raw);
  if (!match || match.slice(1).some((n) => Number(n) > 2147483647)) {
    throw new InputError(
      input,
      `${quote(raw)} is not a gallery image version. Use major.minor.patch with whole numbers, e.g. 1.4.27.`,
    );
  }
  return raw;
}
