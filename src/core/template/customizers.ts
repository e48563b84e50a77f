import type { JsonObject } from "./template-file.js";
import type { OsType } from "../inputs/read-inputs.js";
import type {
  PowerShellSettings,
  WindowsRestartSettings,
  WindowsUpdateSettings,
} from "../inputs/windows-settings.js";

/** Single-quotes for sh: the only character needing care inside '…' is ' itself. */
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Single-quotes for PowerShell, where ' is escaped by doubling it. */
export function psQuote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The field holding the file a customizer or in-VM validator uses: a File copies its
 * `sourceUri`, every other type runs its `scriptUri`.
 */
export function localUriKey(type: unknown): "sourceUri" | "scriptUri" {
  return type === "File" ? "sourceUri" : "scriptUri";
}

/**
 * How the product's own PowerShell steps run: elevated as the local system account, since
 * elevated PowerShell as the build VM's admin user can hang waiting for a password.
 */
export const ELEVATED_AS_SYSTEM: PowerShellSettings = { runElevated: true, runAsSystem: true };

/** The PowerShell customizer's run fields; Image Builder takes exit codes only when given. */
function powerShellFields(settings: PowerShellSettings): JsonObject {
  const fields: JsonObject = {
    runElevated: settings.runElevated,
    runAsSystem: settings.runAsSystem,
  };
  if (settings.validExitCodes) fields.validExitCodes = [...settings.validExitCodes];
  return fields;
}

export function scriptCustomizer(
  os: OsType,
  name: string,
  scriptUri: string,
  sha256: string,
  powerShell: PowerShellSettings,
): JsonObject {
  return os === "windows"
    ? {
        type: "PowerShell",
        name,
        scriptUri,
        sha256Checksum: sha256,
        ...powerShellFields(powerShell),
      }
    : { type: "Shell", name, scriptUri, sha256Checksum: sha256 };
}

export function inlineCustomizer(
  os: OsType,
  name: string,
  commands: string[],
  powerShell: PowerShellSettings,
): JsonObject {
  return os === "windows"
    ? { type: "PowerShell", name, inline: commands, ...powerShellFields(powerShell) }
    : { type: "Shell", name, inline: commands };
}

/** Where an archive waits on the build VM before it is unpacked. */
export function archiveLandingPath(os: OsType, index: number, archive: "tar.gz" | "zip"): string {
  return os === "windows"
    ? `C:\\Windows\\Temp\\bake-azure-image-${index}.${archive}`
    : `/tmp/bake-azure-image-${index}.${archive}`;
}

/** The step added after a directory's archive is copied: unpack it where the user asked. */
export function unpackCustomizer(
  os: OsType,
  name: string,
  landing: string,
  destination: string,
): JsonObject {
  if (os === "windows") {
    return inlineCustomizer(
      os,
      name,
      [
        `New-Item -ItemType Directory -Force -Path ${psQuote(destination)} | Out-Null`,
        `Expand-Archive -Path ${psQuote(landing)} -DestinationPath ${psQuote(destination)} -Force`,
        `Remove-Item -Force -Path ${psQuote(landing)}`,
      ],
      ELEVATED_AS_SYSTEM,
    );
  }
  return inlineCustomizer(
    os,
    name,
    [
      `sudo mkdir -p ${shQuote(destination)}`,
      `sudo tar -xzf ${shQuote(landing)} -C ${shQuote(destination)}`,
      `rm -f ${shQuote(landing)}`,
    ],
    ELEVATED_AS_SYSTEM,
  );
}

/** The Windows Update step: every update but previews, 40 at a time, unless the inputs say otherwise. */
export function windowsUpdateCustomizer(settings: WindowsUpdateSettings): JsonObject {
  return {
    type: "WindowsUpdate",
    name: "windows-update",
    searchCriteria: "IsInstalled=0",
    filters: [...(settings.filters ?? ["exclude:$_.Title -like '*Preview*'", "include:$true"])],
    updateLimit: settings.updateLimit ?? 40,
  };
}

export function windowsRestartCustomizer(settings: WindowsRestartSettings): JsonObject {
  const restart: JsonObject = { type: "WindowsRestart", name: "windows-restart" };
  if (settings.restartCheckCommand) restart.restartCheckCommand = settings.restartCheckCommand;
  restart.restartTimeout = settings.restartTimeout ?? "10m";
  return restart;
}

const WINDOWS_TYPES = new Set(["PowerShell", "WindowsUpdate", "WindowsRestart"]);
const LINUX_TYPES = new Set(["Shell"]);

export function osTypeOfCustomizerType(type: unknown): OsType | undefined {
  if (typeof type !== "string") return undefined;
  if (WINDOWS_TYPES.has(type)) return "windows";
  if (LINUX_TYPES.has(type)) return "linux";
  return undefined;
}
