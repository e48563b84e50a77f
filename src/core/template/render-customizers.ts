import { InputError, quote, ref } from "../errors.js";
import type { BakeInputs, OsType } from "../inputs/read-inputs.js";
import type { ArtifactPreparer, StagedArtifact } from "../staging/artifacts.js";
import {
  archiveLandingPath,
  inlineCustomizer,
  localUriKey,
  scriptCustomizer,
  unpackCustomizer,
  windowsRestartCustomizer,
  windowsUpdateCustomizer,
} from "./customizers.js";
import { isLocalUri, resolveTemplatePath } from "./staged-paths.js";
import type { JsonObject } from "./template-file.js";

/** A customizer of the rendered template and the repository file it came from, if any. */
export interface PlacedCustomizer {
  customizer: JsonObject;
  origin?: string;
}

/** What the customizer steps need to stage local files and to shape steps for the OS. */
export interface CustomizerStaging {
  preparer: ArtifactPreparer;
  osType: OsType | undefined;
  /** The OS type, or the error naming `input` and why it needs one. */
  needOs(input: string, why: string): OsType;
}

/** The rendered template's customizers, in order. */
export class CustomizerList {
  readonly items: PlacedCustomizer[] = [];
  private archiveCount = 0;

  add(customizer: JsonObject, origin?: string): void {
    this.items.push({ customizer, origin });
  }

  /**
   * A directory is copied as an archive, then unpacked where the user asked: `copy` gets the
   * archive's copy fields (sourceUri, checksum, landing destination) and returns its step.
   */
  addDirectoryCopy(
    os: OsType,
    artifact: StagedArtifact,
    destination: string,
    label: string,
    copy: (archiveCopy: JsonObject) => PlacedCustomizer,
  ): void {
    const landing = archiveLandingPath(os, ++this.archiveCount, artifact.archive!);
    this.items.push(
      copy({ sourceUri: artifact.blobUrl, sha256Checksum: artifact.sha256, destination: landing }),
    );
    this.items.push({
      customizer: unpackCustomizer(os, `unpack ${label}`, landing, destination),
      origin: artifact.source.relativePath,
    });
  }
}

/** The template file's own customizers, with local paths turned into staged blobs. */
export async function customizersFromFile(
  list: CustomizerList,
  fileCustomizers: JsonObject[],
  staging: CustomizerStaging,
  baseDir: string | undefined,
  workspace: string,
): Promise<void> {
  for (const [i, c] of fileCustomizers.entries()) {
    const at = `properties.customize[${i}]`;
    const uriKey = localUriKey(c.type);
    const uri = c[uriKey];
    if (!isLocalUri(uri)) {
      list.add(c);
      continue;
    }
    const local = resolveTemplatePath(uri, at, baseDir!, workspace);
    const artifact = await staging.preparer.prepare(local);
    if (local.isDirectory) {
      if (c.type !== "File") {
        throw new InputError(
          "template-file",
          `${at}.${uriKey} ${quote(uri)} is a directory; only a File customizer can copy a directory.`,
        );
      }
      const os = staging.needOs(
        "template-file",
        `${at} copies the directory ${quote(uri)}, archived as .tar.gz or .zip`,
      );
      if (typeof c.destination !== "string" || !c.destination) {
        throw new InputError(
          "template-file",
          `${at}.destination must be the absolute path to unpack ${quote(uri)} to.`,
        );
      }
      list.addDirectoryCopy(os, artifact, c.destination, local.relativePath, (archiveCopy) => ({
        customizer: { ...c, ...archiveCopy },
        origin: local.relativePath,
      }));
      continue;
    }
    list.add(
      { ...c, [uriKey]: artifact.blobUrl, sha256Checksum: artifact.sha256 },
      local.relativePath,
    );
  }
}

/**
 * The inputs' customizers: files, scripts, inline commands, Windows updates and restart, in
 * that order, so scripts can use the files and the restart comes last.
 */
export async function customizersFromInputs(
  list: CustomizerList,
  inputs: BakeInputs,
  staging: CustomizerStaging,
): Promise<void> {
  for (const mapping of inputs.files) {
    const os = staging.needOs("files", "the destination decides how files are copied");
    const artifact = await staging.preparer.prepare(mapping.local);
    const name = `files: ${mapping.local.relativePath}`;
    if (mapping.local.isDirectory) {
      list.addDirectoryCopy(
        os,
        artifact,
        mapping.destination,
        mapping.local.relativePath,
        (archiveCopy) => ({
          customizer: { type: "File", name, ...archiveCopy },
          origin: mapping.local.relativePath,
        }),
      );
    } else {
      list.add(
        {
          type: "File",
          name,
          sourceUri: artifact.blobUrl,
          sha256Checksum: artifact.sha256,
          destination: mapping.destination,
        },
        mapping.local.relativePath,
      );
    }
  }
  let powerShellSteps = 0;
  for (const script of inputs.scripts) {
    const artifact = await staging.preparer.prepare(script);
    const step = scriptCustomizer(
      staging.osType!,
      script.relativePath,
      artifact.blobUrl,
      artifact.sha256,
      inputs.powerShell,
    );
    if (step.type === "PowerShell") powerShellSteps++;
    list.add(step, script.relativePath);
  }
  if (inputs.inlineScript.length) {
    const os = staging.needOs(
      "inline-script",
      "it runs as Shell on Linux or PowerShell on Windows",
    );
    const step = inlineCustomizer(os, "inline-script", inputs.inlineScript, inputs.powerShell);
    if (step.type === "PowerShell") powerShellSteps++;
    list.add(step);
  }
  if (inputs.powerShell.validExitCodes && !powerShellSteps) {
    throw new InputError(
      "valid-exit-codes",
      `applies to the PowerShell of ${ref("scripts")} and ${ref("inline-script")}, and there is none (a template file's PowerShell customizers keep their own validExitCodes). Remove it, or add a .ps1 script.`,
    );
  }
  if (inputs.windowsUpdate) list.add(windowsUpdateCustomizer(inputs.windowsUpdateSettings));
  if (inputs.windowsRestart) list.add(windowsRestartCustomizer(inputs.windowsRestartSettings));
}
