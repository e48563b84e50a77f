import type { Host, RunContext } from "../host.js";
import { InputError, quote, ref, spellInputs } from "../errors.js";
import type { BakeInputs, OsType } from "../inputs/read-inputs.js";
import type { ImageSource } from "../inputs/source.js";
import { runNames, type RunNames } from "../naming.js";
import { ArtifactPreparer, type StagedArtifact } from "../staging/artifacts.js";
import { renderBuildSettings } from "./build-settings.js";
import { renderDistribution, type RunOutputPlan } from "./distribution.js";
import { decideOsType } from "./os-type.js";
import {
  CustomizerList,
  customizersFromFile,
  customizersFromInputs,
  type CustomizerStaging,
  type PlacedCustomizer,
} from "./render-customizers.js";
import { countLocalPaths, stageValidatorPaths } from "./staged-paths.js";
import { templateCustomizer, type TemplateCustomizer } from "./template-customizer.js";
import {
  loadTemplateFile,
  type Json,
  type JsonObject,
  type LoadedTemplateFile,
  type TemplateResource,
} from "./template-file.js";
import { validateImageTemplate } from "./validate-template.js";
import {
  checkFileElevation,
  checkVnetConfig,
  refuseWindowsOnlyInputs,
} from "./cross-field-rules.js";

export type { RunOutputPlan } from "./distribution.js";

export interface RenderedTemplate {
  names: RunNames;
  /** The request body of the PUT: location, tags, identity, properties. */
  body: JsonObject;
  artifacts: StagedArtifact[];
  customizers: TemplateCustomizer[];
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
  const file = loadFile(inputs, ctx);
  const fromFile: TemplateResource = file?.resource ?? { properties: {} };
  const properties: JsonObject = structuredClone(fromFile.properties);
  const location = renderLocation(inputs, fromFile);
  const identity = renderIdentity(inputs, fromFile);
  const source = renderSource(inputs, properties);

  const fileCustomizers = arrayOf(properties.customize);
  const osType = decideOsType(inputs, source, fileCustomizers);
  refuseWindowsOnlyInputs(inputs, osType);
  checkFileElevation(fileCustomizers, properties.validate);
  const preparer = stagingPreparer(inputs, file, names, osType, options);
  try {
    const staging: CustomizerStaging = { preparer, osType, needOs: osTypeNeeded(osType) };
    const customizers = new CustomizerList();
    await customizersFromFile(customizers, fileCustomizers, staging, file?.baseDir, ctx.workspace);
    await customizersFromInputs(customizers, inputs, staging);
    if (customizers.items.length) properties.customize = customizers.items.map((c) => c.customizer);
    await stageValidatorPaths(properties, preparer, file?.baseDir, ctx.workspace);
    const runOutputs = renderDistribution(properties, inputs, names, location);
    const overrides = renderBuildSettings(properties, inputs);
    checkVnetConfig(properties, inputs);

    const body: JsonObject = {
      location,
      tags: { ...(fromFile.tags ?? {}), ...inputs.tags, ...names.provenanceTags },
      identity,
      properties,
    };
    validateImageTemplate(body, inputs.templateFile ? "template-file" : undefined);
    const artifacts = await preparer.all();
    return {
      names,
      body,
      artifacts,
      resolveHashes: hashResolver(body, artifacts),
      customizers: originsOf(customizers.items),
      runOutputs,
      osType,
      notices: [...(file?.notices ?? []), ...overrides],
      secrets: file?.secrets ?? [],
      dispose: () => preparer.dispose(),
    };
  } catch (error) {
    preparer.dispose();
    throw error;
  }
}

/** The template file, read with the run's variables and the inputs that override its fields. */
function loadFile(inputs: BakeInputs, ctx: RunContext): LoadedTemplateFile | undefined {
  if (!inputs.templateFile) return undefined;
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
  return loadTemplateFile(inputs.templateFile, variables, {
    parameters: inputs.templateParameters,
    scope: {
      location: inputs.location,
      resourceGroupName: inputs.resourceGroup,
      subscriptionId: inputs.subscriptionId,
    },
    overridden,
  });
}

function renderLocation(inputs: BakeInputs, fromFile: TemplateResource): string {
  const location = inputs.location ?? normaliseFileLocation(fromFile.location);
  if (!location) {
    throw new InputError(
      "location",
      `is required${inputs.templateFile ? " (the template file has none)" : ""}. Name the Azure region of the image template, e.g. westeurope.`,
    );
  }
  return location;
}

function renderIdentity(inputs: BakeInputs, fromFile: TemplateResource): JsonObject {
  const identity = inputs.identityId
    ? { type: "UserAssigned", userAssignedIdentities: { [inputs.identityId]: {} } }
    : fromFile.identity;
  if (!identity) {
    throw new InputError(
      "identity",
      `is required: Image Builder acts as a user-assigned managed identity. Give its resource ID, or its name in ${ref("resource-group")}.`,
    );
  }
  return identity;
}

/** The image source, from the inputs or the template file; written into `properties`. */
function renderSource(inputs: BakeInputs, properties: JsonObject): ImageSource {
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
  return source;
}

function osTypeNeeded(osType: OsType | undefined): CustomizerStaging["needOs"] {
  return (input, why) => {
    if (!osType)
      throw new InputError(
        "os-type",
        `could not be inferred, and ${ref(input)} needs it (${why}). Set ${ref("os-type")} to linux or windows.`,
      );
    return osType;
  };
}

/** Where local files are uploaded; refused before anything is staged when no account is named. */
function stagingPreparer(
  inputs: BakeInputs,
  file: LoadedTemplateFile | undefined,
  names: RunNames,
  osType: OsType | undefined,
  options: RenderOptions,
): ArtifactPreparer {
  const localPaths = countLocalPaths(inputs, file);
  if (localPaths && !inputs.stagingStorageAccount) {
    throw new InputError(
      "staging-storage-account",
      `is required: ${localPaths} local ${localPaths === 1 ? "file is" : "files are"} uploaded for the build. Name a storage account that Image Builder's identity can read.`,
    );
  }
  return new ArtifactPreparer(
    {
      blobEndpoint: options.blobEndpoint ?? "https://staging.invalid/",
      container: inputs.stagingContainer,
      prefix: names.stagingPrefix,
    },
    osType,
    options.deferHashesFrom,
  );
}

/** Completes `body` and `artifacts` with the checksums taken while large files uploaded. */
function hashResolver(body: JsonObject, artifacts: StagedArtifact[]): () => Promise<void> {
  const standIns = artifacts.filter((a) => a.hashDeferred).map((a) => [a, a.sha256] as const);
  return async () => {
    let text = JSON.stringify(body);
    for (const [artifact, standIn] of standIns) {
      const sha256 = await artifact.hashed;
      text = text.replaceAll(standIn, sha256);
      artifact.sha256 = sha256;
    }
    const resolved = JSON.parse(text) as JsonObject;
    for (const key of Object.keys(body)) delete body[key];
    Object.assign(body, resolved);
  };
}

function originsOf(items: PlacedCustomizer[]): TemplateCustomizer[] {
  return items.map((c, index) => ({
    ...templateCustomizer(c.customizer, index),
    sourceFile: c.origin,
  }));
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

export function describeOrigin(origin: TemplateCustomizer): string {
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
  for (const notice of rendered.notices)
    host.annotate("notice", { message: spellInputs(notice, (n) => host.inputDisplayName(n)) });
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
