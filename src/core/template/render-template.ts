import type { Host, RunContext } from "../host.js";
import { InputError, quote, ref } from "../errors.js";
import type { BakeInputs, OsType } from "../inputs/read-inputs.js";
import { resolveLocalPath, type LocalPath } from "../inputs/local-paths.js";
import type { ImageSource } from "../inputs/source.js";
import { runNames, type RunNames } from "../naming.js";
import { ArtifactPreparer, type StagedArtifact } from "../staging/artifacts.js";
import {
  archiveLandingPath,
  inlineCustomizer,
  localUriKey,
  scriptCustomizer,
  unpackCustomizer,
  WINDOWS_RESTART,
  WINDOWS_UPDATE,
} from "./customizers.js";
import { decideOsType } from "./os-type.js";
import {
  loadTemplateFile,
  type Json,
  type JsonObject,
  type TemplateResource,
} from "./template-file.js";
import { validateImageTemplate } from "./validate-template.js";

/** Where a customizer came from, so build logs can be traced back to a repository file. */
export interface CustomizerOrigin {
  index: number;
  name?: string;
  type: string;
  /** Workspace-relative path of the local script or file it runs or copies. */
  sourceFile?: string;
}

export interface RunOutputPlan {
  name: string;
  kind: "gallery" | "managed" | "vhd";
}

export interface RenderedTemplate {
  names: RunNames;
  /** The request body of the PUT: location, tags, identity, properties. */
  body: JsonObject;
  artifacts: StagedArtifact[];
  customizers: CustomizerOrigin[];
  runOutputs: RunOutputPlan[];
  osType?: OsType;
  /** Changes made to read the template file (read-only fields dropped, old fields mapped). */
  notices: string[];
  /** Values of the template file's secure parameters: register them as secrets before showing the body. */
  secrets: string[];
  /**
   * Puts the checksums of files hashed while uploading into `body` and `artifacts`; call
   * before the template is shown or submitted.
   */
  resolveHashes(): Promise<void>;
  /** Removes scratch files made while rendering (archives of directories). */
  dispose(): void;
}

export interface RenderOptions {
  /** Blob endpoint of the staging account, e.g. https://acct.blob.core.windows.net/. */
  blobEndpoint: string | undefined;
  /**
   * Files of at least this many bytes are hashed while they upload, and `resolveHashes`
   * completes the template; when undefined every checksum is in the template at once.
   */
  deferHashesFrom?: number;
}

const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const DISTRIBUTOR_KIND: Record<string, RunOutputPlan["kind"]> = {
  SharedImage: "gallery",
  ManagedImage: "managed",
  VHD: "vhd",
};

export function imageVersionOf(inputs: BakeInputs): string {
  return inputs.gallery?.version ?? "";
}

/** What the run produces, used to tell two bake steps of one job apart. */
function targetKey(inputs: BakeInputs): string {
  return [
    inputs.templateFile?.relativePath ?? "",
    inputs.gallery?.imageDefinitionId ?? "",
    inputs.managedImageId ?? "",
    inputs.vhd ? "vhd" : "",
    inputs.location ?? "",
  ].join("\n");
}

export async function renderTemplate(
  inputs: BakeInputs,
  ctx: RunContext,
  options: RenderOptions,
): Promise<RenderedTemplate> {
  const names = runNames(ctx, targetKey(inputs));
  const variables = {
    ...inputs.variables,
    RUN_ID: ctx.runId,
    RUN_ATTEMPT: ctx.runAttempt,
    RUN_NUMBER: ctx.runNumber,
    COMMIT_SHA: ctx.commitSha,
    REPOSITORY: ctx.repository,
    IMAGE_VERSION: imageVersionOf(inputs),
  };
  const overridden = new Set<"location" | "identity" | "source">();
  if (inputs.location) overridden.add("location");
  if (inputs.identityId) overridden.add("identity");
  if (inputs.source) overridden.add("source");
  const file = inputs.templateFile
    ? loadTemplateFile(inputs.templateFile, variables, {
        parameters: inputs.templateParameters,
        scope: {
          location: inputs.location,
          resourceGroupName: inputs.resourceGroup,
          subscriptionId: inputs.subscriptionId,
        },
        overridden,
      })
    : undefined;
  const fromFile: TemplateResource = file?.resource ?? { properties: {} };
  const properties: JsonObject = structuredClone(fromFile.properties);

  const location = inputs.location ?? normaliseFileLocation(fromFile.location);
  if (!location) {
    throw new InputError(
      "location",
      `is required${inputs.templateFile ? " (the template file has none)" : ""}. Name the Azure region of the image template, e.g. westeurope.`,
    );
  }

  const identity = inputs.identityId
    ? { type: "UserAssigned", userAssignedIdentities: { [inputs.identityId]: {} } }
    : fromFile.identity;
  if (!identity) {
    throw new InputError(
      "identity",
      `is required: Image Builder acts as a user-assigned managed identity. Give its resource ID, or its name in ${ref("resource-group")}.`,
    );
  }

  const source = inputs.source
    ? withPlan(inputs.source, inputs)
    : (properties.source as ImageSource | undefined);
  if (!source) {
    throw new InputError(
      "source",
      `is required${inputs.templateFile ? " (the template file has no properties.source)" : ""}. Use publisher:offer:sku:version or an image resource ID.`,
    );
  }
  properties.source = source as unknown as Json;

  const fileCustomizers = arrayOf(properties.customize);
  const osType = decideOsType(
    inputs,
    inputs.source ? source : (properties.source as ImageSource),
    fileCustomizers,
  );
  const needOs = (input: string, why: string): OsType => {
    if (!osType)
      throw new InputError(
        "os-type",
        `could not be inferred, and ${ref(input)} needs it (${why}). Set ${ref("os-type")} to linux or windows.`,
      );
    return osType;
  };

  const localPaths = collectLocalPaths(inputs, file);
  if (localPaths && !inputs.stagingStorageAccount) {
    throw new InputError(
      "staging-storage-account",
      `is required: ${localPaths} local ${localPaths === 1 ? "file is" : "files are"} uploaded for the build. Name a storage account that Image Builder's identity can read.`,
    );
  }
  const preparer = new ArtifactPreparer(
    {
      blobEndpoint: options.blobEndpoint ?? "https://staging.invalid/",
      container: inputs.stagingContainer,
      prefix: names.stagingPrefix,
    },
    osType,
    options.deferHashesFrom,
  );
  try {
    const customizers: Array<{ customizer: JsonObject; origin?: string }> = [];
    let archiveCount = 0;
    const addArchiveStep = (
      os: OsType,
      artifact: StagedArtifact,
      destination: string,
      label: string,
    ): JsonObject => {
      const landing = archiveLandingPath(os, ++archiveCount, artifact.archive!);
      customizers.push({
        customizer: unpackCustomizer(os, `unpack ${label}`, landing, destination),
        origin: artifact.source.relativePath,
      });
      return { sourceUri: artifact.blobUrl, sha256Checksum: artifact.sha256, destination: landing };
    };

    // 1. The template file's own customizers, with local paths turned into staged blobs.
    for (const [i, c] of fileCustomizers.entries()) {
      const at = `properties.customize[${i}]`;
      const uriKey = localUriKey(c.type);
      const uri = c[uriKey];
      if (typeof uri !== "string" || URL_SCHEME.test(uri)) {
        customizers.push({ customizer: c });
        continue;
      }
      const local = resolveTemplatePath(uri, at, file!.baseDir, ctx.workspace);
      const artifact = await preparer.prepare(local);
      if (local.isDirectory) {
        if (c.type !== "File") {
          throw new InputError(
            "template-file",
            `${at}.${uriKey} ${quote(uri)} is a directory; only a File customizer can copy a directory.`,
          );
        }
        const os = needOs(
          "template-file",
          `${at} copies the directory ${quote(uri)}, archived as .tar.gz or .zip`,
        );
        const slot = customizers.length;
        if (typeof c.destination !== "string" || !c.destination) {
          throw new InputError(
            "template-file",
            `${at}.destination must be the absolute path to unpack ${quote(uri)} to.`,
          );
        }
        const landing = addArchiveStep(os, artifact, c.destination, local.relativePath);
        customizers.splice(slot, 0, {
          customizer: { ...c, ...landing },
          origin: local.relativePath,
        });
        continue;
      }
      customizers.push({
        customizer: { ...c, [uriKey]: artifact.blobUrl, sha256Checksum: artifact.sha256 },
        origin: local.relativePath,
      });
    }

    // 2. Inputs: files, scripts, inline commands, Windows updates and restart, in that order,
    //    so scripts can use the files and the restart comes last.
    for (const mapping of inputs.files) {
      const os = needOs("files", "the destination decides how files are copied");
      const artifact = await preparer.prepare(mapping.local);
      const name = `files: ${mapping.local.relativePath}`;
      if (mapping.local.isDirectory) {
        const slot = customizers.length;
        const landing = addArchiveStep(
          os,
          artifact,
          mapping.destination,
          mapping.local.relativePath,
        );
        customizers.splice(slot, 0, {
          customizer: { type: "File", name, ...landing },
          origin: mapping.local.relativePath,
        });
      } else {
        customizers.push({
          customizer: {
            type: "File",
            name,
            sourceUri: artifact.blobUrl,
            sha256Checksum: artifact.sha256,
            destination: mapping.destination,
          },
          origin: mapping.local.relativePath,
        });
      }
    }
    for (const script of inputs.scripts) {
      const artifact = await preparer.prepare(script);
      customizers.push({
        customizer: scriptCustomizer(
          osType!,
          script.relativePath,
          artifact.blobUrl,
          artifact.sha256,
        ),
        origin: script.relativePath,
      });
    }
    if (inputs.inlineScript.length) {
      const os = needOs("inline-script", "it runs as Shell on Linux or PowerShell on Windows");
      customizers.push({ customizer: inlineCustomizer(os, "inline-script", inputs.inlineScript) });
    }
    if (inputs.windowsUpdate) customizers.push({ customizer: { ...WINDOWS_UPDATE } });
    if (inputs.windowsRestart) customizers.push({ customizer: { ...WINDOWS_RESTART } });
    if (customizers.length) properties.customize = customizers.map((c) => c.customizer);

    await stageValidatorPaths(properties, preparer, file?.baseDir, ctx.workspace);

    const runOutputs = renderDistribution(properties, inputs, names, location);
    renderBuildSettings(properties, inputs);

    const body: JsonObject = {
      location,
      tags: { ...(fromFile.tags ?? {}), ...inputs.tags, ...names.provenanceTags },
      identity,
      properties,
    };
    validateImageTemplate(body, inputs.templateFile ? "template-file" : undefined);

    const artifacts = await preparer.all();
    const standIns = artifacts.filter((a) => a.hashDeferred).map((a) => [a, a.sha256] as const);
    return {
      names,
      body,
      artifacts,
      resolveHashes: async () => {
        let text = JSON.stringify(body);
        for (const [artifact, standIn] of standIns) {
          const sha256 = await artifact.hashed;
          text = text.replaceAll(standIn, sha256);
          artifact.sha256 = sha256;
        }
        const resolved = JSON.parse(text) as JsonObject;
        for (const key of Object.keys(body)) delete body[key];
        Object.assign(body, resolved);
      },
      customizers: customizers.map((c, index) => ({
        index,
        name: typeof c.customizer.name === "string" ? c.customizer.name : undefined,
        type: typeof c.customizer.type === "string" ? c.customizer.type : "unknown",
        sourceFile: c.origin,
      })),
      runOutputs,
      osType,
      notices: file?.notices ?? [],
      secrets: file?.secrets ?? [],
      dispose: () => preparer.dispose(),
    };
  } catch (error) {
    preparer.dispose();
    throw error;
  }
}

function withPlan(source: ImageSource, inputs: BakeInputs): ImageSource {
  return source.type === "PlatformImage" && inputs.sourcePlan
    ? { ...source, planInfo: inputs.sourcePlan }
    : source;
}

function normaliseFileLocation(location: string | undefined): string | undefined {
  return location?.toLowerCase().replace(/\s+/g, "");
}

function arrayOf(value: Json | undefined): JsonObject[] {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    throw new InputError("template-file", "properties.customize must be a list of customizers.");
  return value.map((v, i) => {
    if (!v || typeof v !== "object" || Array.isArray(v)) {
      throw new InputError(
        "template-file",
        `properties.customize[${i}] must be an object with a type.`,
      );
    }
    return v;
  });
}

function resolveTemplatePath(
  uri: string,
  at: string,
  baseDir: string,
  workspace: string,
): LocalPath {
  try {
    return resolveLocalPath("template-file", uri, baseDir, workspace);
  } catch (error) {
    if (error instanceof InputError) {
      throw new InputError(
        "template-file",
        `${at}: ${error.problem} (Relative paths are resolved against the template file's directory.)`,
      );
    }
    throw error;
  }
}

function countTemplateLocalPaths(properties: JsonObject): number {
  let count = 0;
  const visit = (c: Json | undefined, key: string) => {
    if (c && typeof c === "object" && !Array.isArray(c)) {
      const uri = c[key];
      if (typeof uri === "string" && !URL_SCHEME.test(uri)) count++;
    }
  };
  for (const c of Array.isArray(properties.customize) ? properties.customize : []) {
    visit(c, localUriKey((c as JsonObject)?.type));
  }
  for (const v of validatorsOf(properties)) visit(v, localUriKey(v.type));
  const workload = (properties.optimize as JsonObject | undefined)?.workload;
  visit(workload, "scriptUri");
  return count;
}

function collectLocalPaths(
  inputs: BakeInputs,
  file: { resource: TemplateResource } | undefined,
): number {
  return (
    inputs.scripts.length +
    inputs.files.length +
    (file ? countTemplateLocalPaths(file.resource.properties) : 0)
  );
}

function validatorsOf(properties: JsonObject): JsonObject[] {
  const validate = properties.validate as JsonObject | undefined;
  const list = validate?.inVMValidations;
  return Array.isArray(list)
    ? (list.filter((v) => v && typeof v === "object" && !Array.isArray(v)) as JsonObject[])
    : [];
}

/** In-VM validators and the workload optimisation script may point at local files too. */
async function stageValidatorPaths(
  properties: JsonObject,
  preparer: ArtifactPreparer,
  baseDir: string | undefined,
  workspace: string,
) {
  if (!baseDir) return;
  const stage = async (holder: JsonObject, key: string, at: string) => {
    const uri = holder[key];
    if (typeof uri !== "string" || URL_SCHEME.test(uri)) return;
    const local = resolveTemplatePath(uri, at, baseDir, workspace);
    if (local.isDirectory)
      throw new InputError(
        "template-file",
        `${at}.${key} ${quote(uri)} is a directory; name a file.`,
      );
    const artifact = await preparer.prepare(local);
    holder[key] = artifact.blobUrl;
    holder.sha256Checksum = artifact.sha256;
  };
  for (const [i, v] of validatorsOf(properties).entries()) {
    await stage(v, localUriKey(v.type), `properties.validate.inVMValidations[${i}]`);
  }
  const workload = (properties.optimize as JsonObject | undefined)?.workload;
  if (workload && typeof workload === "object" && !Array.isArray(workload)) {
    await stage(workload, "scriptUri", "properties.optimize.workload");
  }
}

function renderDistribution(
  properties: JsonObject,
  inputs: BakeInputs,
  names: RunNames,
  location: string,
): RunOutputPlan[] {
  const fromFile = Array.isArray(properties.distribute)
    ? (properties.distribute as JsonObject[])
    : [];
  const distributors: JsonObject[] = fromFile.map((d) => ({ ...d }));
  if (inputs.gallery) {
    const g = inputs.gallery;
    const regions = g.regions.length ? g.regions : [location];
    distributors.push({
      type: "SharedImage",
      galleryImageId: g.version
        ? `${g.imageDefinitionId}/versions/${g.version}`
        : g.imageDefinitionId,
      targetRegions: regions.map((name) => ({ name })),
      excludeFromLatest: g.excludeFromLatest,
    });
  }
  if (inputs.managedImageId)
    distributors.push({ type: "ManagedImage", imageId: inputs.managedImageId, location });
  if (inputs.vhd) distributors.push({ type: "VHD" });
  if (!distributors.length) {
    throw new InputError(
      "gallery-image-id",
      `no distribution target is set${inputs.templateFile ? " (the template file has no properties.distribute)" : ""}. Set ${ref("gallery-image-id")}, ${ref("managed-image-id")} or ${ref("vhd")} (any combination).`,
    );
  }
  // Run output names are made run-specific, so the outputs of this run are never confused
  // with those of another run of the same template file.
  const used = new Map<string, number>();
  const plans: RunOutputPlan[] = [];
  for (const d of distributors) {
    const kind = (typeof d.type === "string" && DISTRIBUTOR_KIND[d.type]) || "vhd";
    const n = (used.get(kind) ?? 0) + 1;
    used.set(kind, n);
    const name = names.runOutputName(kind) + (n > 1 ? String(n) : "");
    d.runOutputName = name;
    const existing =
      d.artifactTags && typeof d.artifactTags === "object" && !Array.isArray(d.artifactTags)
        ? d.artifactTags
        : {};
    d.artifactTags = { ...existing, ...inputs.artifactTags, ...names.provenanceTags };
    plans.push({ name, kind });
  }
  properties.distribute = distributors;
  return plans;
}

function renderBuildSettings(properties: JsonObject, inputs: BakeInputs): void {
  const current = properties.vmProfile;
  const vmProfile: JsonObject =
    current && typeof current === "object" && !Array.isArray(current) ? { ...current } : {};
  if (inputs.vmSize) vmProfile.vmSize = inputs.vmSize;
  if (inputs.osDiskSizeGb !== undefined) vmProfile.osDiskSizeGB = inputs.osDiskSizeGb;
  if (inputs.subnetId) {
    const vnet =
      vmProfile.vnetConfig &&
      typeof vmProfile.vnetConfig === "object" &&
      !Array.isArray(vmProfile.vnetConfig)
        ? vmProfile.vnetConfig
        : {};
    vmProfile.vnetConfig = { ...vnet, subnetId: inputs.subnetId };
  }
  if (Object.keys(vmProfile).length) properties.vmProfile = vmProfile;
  const timeout =
    inputs.buildTimeoutMinutes ??
    (typeof properties.buildTimeoutInMinutes === "number" ? properties.buildTimeoutInMinutes : 240);
  properties.buildTimeoutInMinutes = timeout;
  if (inputs.stagingResourceGroupId)
    properties.stagingResourceGroup = inputs.stagingResourceGroupId;
}

export function describeOrigin(origin: CustomizerOrigin): string {
  const named = `${origin.type}${origin.name ? ` ${quote(origin.name)}` : ""}`;
  return origin.sourceFile && origin.sourceFile !== origin.name
    ? `${named} from ${origin.sourceFile}`
    : named;
}

/**
 * What rendering found that the job should know before anything else is printed: secure
 * parameter values are masked first, then the notices (dropped read-only fields, mapped old
 * fields) are shown. Dry and real runs alike.
 */
export function announceRendered(host: Host, rendered: RenderedTemplate): void {
  for (const secret of rendered.secrets) host.setSecret(secret);
  for (const notice of rendered.notices) host.annotate("notice", { message: notice });
}

/**
 * The rendered body as the `template` output carries it: values of secure parameters are
 * replaced by *** there too, since an output reaches later steps and jobs unmasked.
 */
export function shownTemplate(rendered: RenderedTemplate, indent?: number): string {
  let json = JSON.stringify(rendered.body, null, indent);
  // Longest first, so a secret that contains another is replaced whole.
  for (const secret of [...rendered.secrets].sort((a, b) => b.length - a.length)) {
    if (secret) json = json.split(JSON.stringify(secret).slice(1, -1)).join("***");
  }
  return json;
}
