/**
 * Every input and output of the product, once. action.yml, task.json and the README's tables
 * are generated from this list (tools/generate-metadata.ts), so the three cannot drift apart.
 */
import { CLOUD_NAMES } from "../azure/clouds.js";

export type HostKind = "github" | "ado";

/** Accepted values of the pick-list inputs, typed for the input reader. */
export const OS_TYPES = ["linux", "windows"] as const;
export const STAGING_ACCESS = ["sas", "identity"] as const;
export const LOG_LEVELS = ["quiet", "normal", "verbose"] as const;
export const IF_UNCHANGED = ["skip", "build"] as const;

export interface InputSpec {
  /** kebab-case: the GitHub spelling and the core's key. The ADO spelling is its camelCase. */
  name: string;
  description: string;
  required?: boolean;
  default?: string;
  /** How the ADO task form shows it; GitHub inputs are all strings. */
  adoType:
    "string" | "multiLine" | "boolean" | "pickList" | "filePath" | "connectedService:AzureRM";
  options?: readonly string[];
  /** Hosts that expose it; on the other host the value comes from elsewhere (see `adoSource`). */
  hosts?: readonly HostKind[];
  /** Where the ADO task takes a value it has no input for. */
  adoSource?: string;
  /** The README's Azure Pipelines cell for an input the task has no counterpart of. */
  adoNote?: string;
  group?: "image" | "customize" | "distribute" | "build" | "staging" | "azure" | "run";
  /**
   * When the Azure Pipelines task form shows it, in the form's syntax: `input op value`
   * predicates joined by one kind of operator, `&&` or `||` (the form cannot mix them).
   */
  visibleRule?: string;
}

/** Shown while the OS is Windows or left to inference: the form cannot know what is inferred. */
const NOT_LINUX = "osType != linux";

export interface OutputSpec {
  name: string;
  description: string;
}

export const INPUTS: readonly InputSpec[] = [
  // Azure and where the template lives.
  {
    name: "azure-subscription",
    description: "Azure Resource Manager service connection to authenticate with.",
    required: true,
    adoType: "connectedService:AzureRM",
    hosts: ["ado"],
    group: "azure",
  },
  {
    name: "subscription-id",
    description: "Subscription of the image template and its resources.",
    adoType: "string",
    hosts: ["github"],
    adoSource: "the service connection",
    group: "azure",
  },
  {
    name: "client-id",
    description:
      "Client ID of the Entra app or user-assigned identity whose federated credential trusts this repository. With tenant-id, the action signs in with GitHub OIDC (needs `permissions: id-token: write`); without, it uses the session of an earlier azure/login step.",
    adoType: "string",
    hosts: ["github"],
    adoSource: "the service connection",
    group: "azure",
  },
  {
    name: "tenant-id",
    description: "Entra tenant ID, with client-id.",
    adoType: "string",
    hosts: ["github"],
    adoSource: "the service connection",
    group: "azure",
  },
  {
    name: "location",
    description:
      "Azure region of the image template, e.g. westeurope. Overrides the template file's.",
    adoType: "string",
    group: "azure",
  },
  {
    name: "resource-group",
    description: "Resource group the image template is created in.",
    required: true,
    adoType: "string",
    group: "azure",
  },
  {
    name: "environment",
    description:
      "Azure cloud: AzureCloud, AzureUSGovernment, AzureChinaCloud or custom (then set resource-manager-endpoint and authority-host).",
    default: "AzureCloud",
    adoType: "pickList",
    options: CLOUD_NAMES,
    hosts: ["github"],
    adoSource: "the service connection",
    group: "azure",
  },
  {
    name: "resource-manager-endpoint",
    description:
      "Resource Manager endpoint of a custom cloud or Azure Stack Hub, e.g. https://management.local.azurestack.external.",
    adoType: "string",
    hosts: ["github"],
    adoSource: "the service connection",
    group: "azure",
  },
  {
    name: "authority-host",
    description:
      "Entra ID authority host of a custom cloud, e.g. https://login.microsoftonline.com.",
    adoType: "string",
    hosts: ["github"],
    adoSource: "the service connection",
    group: "azure",
  },
  {
    name: "resource-manager-audience",
    description:
      "Token audience of a custom cloud's Resource Manager, e.g. https://management.contoso.onmicrosoft.com/<guid> on Azure Stack Hub. Default: the first of authentication.audiences in <resource-manager-endpoint>/metadata/endpoints.",
    adoType: "string",
    hosts: ["github"],
    adoSource: "the service connection",
    group: "azure",
  },
  // The image definition.
  {
    name: "template-file",
    description:
      "Repository path of an Image Builder template: JSON or YAML holding the resource (location, identity, tags, properties; also the output of az image builder show), its properties alone, or an ARM deployment template with one imageTemplates resource; or a .bicep file (needs the Bicep CLI on the PATH). Relative scriptUri/sourceUri values are local files to upload. Other inputs override or extend it.",
    adoType: "filePath",
    group: "image",
  },
  {
    name: "template-parameters",
    description:
      "Parameters of an ARM deployment template or Bicep file given as template-file: the repository path of an ARM parameters file (.json), or name=value lines. A parameter not given takes its defaultValue.",
    adoType: "multiLine",
    group: "image",
  },
  {
    name: "source",
    description:
      "Source image: publisher:offer:sku:version of a platform image, or the resource ID of a managed image, a gallery image definition (latest version) or a gallery image version.",
    adoType: "string",
    group: "image",
  },
  {
    name: "source-plan",
    description: "Marketplace purchase plan of the source image, as publisher:product:name.",
    adoType: "string",
    group: "image",
  },
  {
    name: "os-type",
    description:
      "linux or windows. Inferred from the scripts, the template file or the source when possible.",
    adoType: "pickList",
    options: ["", ...OS_TYPES],
    group: "image",
  },
  {
    name: "identity",
    description:
      "User-assigned managed identity of the image template: its resource ID, or its name in resource-group.",
    adoType: "string",
    group: "image",
  },
  // Customization.
  {
    name: "scripts",
    description:
      "Local scripts or globs, one a line, run in order: .sh as Shell, .ps1 as PowerShell.",
    adoType: "multiLine",
    group: "customize",
  },
  {
    name: "inline-script",
    description:
      "Commands run on the build VM after the scripts (Shell on Linux, PowerShell on Windows).",
    adoType: "multiLine",
    group: "customize",
  },
  {
    name: "files",
    description:
      "Files or directories to copy to the build VM, one `local-path => destination` a line. Directories are archived and unpacked there.",
    adoType: "multiLine",
    group: "customize",
  },
  {
    name: "windows-update",
    description: "Install Windows updates after the other customizations.",
    default: "false",
    adoType: "boolean",
    group: "customize",
  },
  {
    name: "windows-restart",
    description: "Restart Windows at the end of customization.",
    default: "false",
    adoType: "boolean",
    group: "customize",
  },
  {
    name: "run-elevated",
    description:
      "Windows: run the PowerShell of scripts and inline-script with elevated privileges.",
    default: "true",
    adoType: "boolean",
    group: "customize",
    visibleRule: NOT_LINUX,
  },
  {
    name: "run-as-system",
    description:
      "Windows: run elevated PowerShell as the local system account, the combination that does not hang waiting for a password. Needs run-elevated.",
    default: "true",
    adoType: "boolean",
    group: "customize",
    visibleRule: NOT_LINUX,
  },
  {
    name: "valid-exit-codes",
    description:
      "Windows: exit codes of the PowerShell of scripts and inline-script that count as success, comma- or line-separated, e.g. 0,3010. Default: 0.",
    adoType: "string",
    group: "customize",
    visibleRule: NOT_LINUX,
  },
  {
    name: "windows-update-filters",
    description:
      "Filters of the Windows Update step, one a line, e.g. include:$_.Title -like '*Security*'. Default: every update except previews.",
    adoType: "multiLine",
    group: "customize",
    visibleRule: `${NOT_LINUX} && windowsUpdate = true`,
  },
  {
    name: "windows-update-limit",
    description:
      "Most updates the Windows Update step installs at a time (1 to 1000). Default: 40.",
    adoType: "string",
    group: "customize",
    visibleRule: `${NOT_LINUX} && windowsUpdate = true`,
  },
  {
    name: "restart-check-command",
    description:
      "Command the Windows restart step runs to check that the restart is done. Default: none.",
    adoType: "string",
    group: "customize",
    visibleRule: `${NOT_LINUX} && windowsRestart = true`,
  },
  {
    name: "restart-timeout",
    description:
      "How long the Windows restart step waits for the VM, as a duration such as 10m, 1h or 1h30m. Default: 10m.",
    adoType: "string",
    group: "customize",
    visibleRule: `${NOT_LINUX} && windowsRestart = true`,
  },
  // Distribution.
  {
    name: "gallery-image-id",
    description:
      "Resource ID of the Azure Compute Gallery image definition to publish a version to.",
    adoType: "string",
    group: "distribute",
  },
  {
    name: "image-version",
    description:
      "Gallery image version to create, as major.minor.patch (e.g. 1.4.27). Empty lets Image Builder choose.",
    adoType: "string",
    group: "distribute",
  },
  {
    name: "replication-regions",
    description:
      "Regions to replicate the gallery image version to, comma- or line-separated. Default: location.",
    adoType: "multiLine",
    group: "distribute",
  },
  {
    name: "exclude-from-latest",
    description: "Exclude the new gallery image version from 'latest'.",
    default: "false",
    adoType: "boolean",
    group: "distribute",
  },
  {
    name: "managed-image-id",
    description: "Resource ID of a managed image to create.",
    adoType: "string",
    group: "distribute",
  },
  {
    name: "vhd",
    description: "Also output a VHD in the staging resource group's storage account.",
    default: "false",
    adoType: "boolean",
    group: "distribute",
  },
  // Keeping the gallery tidy.
  {
    name: "keep-versions",
    description:
      "After a successful build, keep this many of the newest gallery image versions this repository made (by their bake.repository tag) in each target image definition, the new one included, and delete the older ones. Empty keeps every version.",
    adoType: "string",
    group: "distribute",
  },
  {
    name: "prune-excluded-versions",
    description:
      "With keep-versions, also count and delete versions excluded from latest. Default: they are never deleted.",
    default: "false",
    adoType: "boolean",
    group: "distribute",
  },
  // The build.
  {
    name: "vm-size",
    description: "Size of the build VM, e.g. Standard_D4s_v5. Default: Image Builder's.",
    adoType: "string",
    group: "build",
  },
  {
    name: "os-disk-size-gb",
    description: "OS disk size of the build VM in GB. Default: the source image's.",
    adoType: "string",
    group: "build",
  },
  {
    name: "subnet-id",
    description:
      "Resource ID of a subnet of an existing virtual network for the build VM. Default: Image Builder makes a network of its own.",
    adoType: "string",
    group: "build",
  },
  {
    name: "container-instance-subnet-id",
    description:
      "Isolated build: resource ID of a second subnet, on subnet-id's virtual network and delegated to Microsoft.ContainerInstance/containerGroups, where Image Builder runs an Azure Container Instance instead of a proxy VM.",
    adoType: "string",
    group: "build",
    // The form's values are plain words: every subnet resource ID contains "subnets".
    visibleRule: "subnetId Contains subnets",
  },
  {
    name: "proxy-vm-size",
    description:
      "Size of the proxy VM that relays traffic to the build VM in subnet-id, e.g. Standard_A2_v2. Not with container-instance-subnet-id, which deploys no proxy VM. Default: Image Builder's.",
    adoType: "string",
    group: "build",
    visibleRule: "subnetId Contains subnets && containerInstanceSubnetId NotContains subnets",
  },
  {
    name: "build-vm-identities",
    description:
      "Resource IDs of user-assigned identities put on the build VM, comma- or line-separated, e.g. to pull from a private registry or read Key Vault during the build. Added to the template file's.",
    adoType: "multiLine",
    group: "build",
  },
  {
    name: "build-timeout-minutes",
    description: "Build timeout in minutes (1 to 960). Default: the template file's, else 240.",
    adoType: "string",
    group: "build",
  },
  {
    name: "staging-resource-group",
    description: "Resource group (name or ID) Image Builder builds in. Default: one it creates.",
    adoType: "string",
    group: "build",
  },
  {
    name: "tags",
    description: "Tags of the image template, one key=value a line.",
    adoType: "multiLine",
    group: "build",
  },
  {
    name: "artifact-tags",
    description: "Tags of the images created, one key=value a line.",
    adoType: "multiLine",
    group: "build",
  },
  // Staging of local files.
  {
    name: "staging-storage-account",
    description:
      "Storage account (name in resource-group, or resource ID) that local scripts and files are uploaded to.",
    adoType: "string",
    group: "staging",
  },
  {
    name: "staging-access",
    description:
      "How Image Builder reads staged files: sas (a read-only user-delegation SAS per file that expires after the build timeout) or identity (the template's identity needs Storage Blob Data Reader on the container).",
    default: "sas",
    adoType: "pickList",
    options: STAGING_ACCESS,
    group: "staging",
  },
  {
    name: "staging-container",
    description: "Blob container in the staging storage account.",
    default: "bake-azure-image",
    adoType: "string",
    group: "staging",
  },
  // The run.
  {
    name: "variables",
    description:
      "NAME=value lines substituted for ${NAME} in the template file. RUN_ID, RUN_ATTEMPT, RUN_NUMBER, COMMIT_SHA, REPOSITORY and IMAGE_VERSION are always defined.",
    adoType: "multiLine",
    group: "run",
  },
  {
    name: "log-level",
    description:
      "How much of the build log to show: quiet (only failures), normal (each customizer's output in a group) or verbose (also Packer's own messages).",
    default: "normal",
    adoType: "pickList",
    options: LOG_LEVELS,
    group: "run",
  },
  {
    name: "dry-run",
    description:
      "Validate and render the template without touching Azure; the template is set as output. With keep-versions it signs in and lists the versions a build would delete.",
    default: "false",
    adoType: "boolean",
    group: "run",
  },
  {
    name: "comment",
    description:
      "On a pull request, a dry run signs in, computes the image fingerprint as a build would, looks for an image already built with it, and posts (or updates) one comment on the pull request saying what would change. Needs `permissions: pull-requests: write`.",
    default: "false",
    adoType: "boolean",
    hosts: ["github"],
    adoNote: "— (GitHub only)",
    group: "run",
  },
  {
    name: "github-token",
    description: "Token the pull request comment is posted with.",
    default: "${{ github.token }}",
    adoType: "string",
    hosts: ["github"],
    adoNote: "— (GitHub only)",
    group: "run",
  },
  {
    name: "keep-on-failure",
    description: "Keep the image template and staged files when the build fails, for debugging.",
    default: "false",
    adoType: "boolean",
    group: "run",
  },
  // Long builds and templates made elsewhere.
  {
    name: "existing-template",
    description:
      "Run an image template that already exists (made by Bicep, Terraform or ARM): its name in resource-group, or its resource ID. Nothing is uploaded, created or deleted; a run already going on is followed. Not with the inputs that describe an image (template-file, source, scripts, distribution...).",
    adoType: "string",
    group: "run",
  },
  {
    name: "wait",
    description:
      "Wait for the build to end. false: start it and return at once with template-id and run-status Running; a later step or job follows it with follow.",
    default: "true",
    adoType: "boolean",
    group: "run",
  },
  {
    name: "follow",
    description:
      "Resource ID of an image template whose build an earlier step started with wait: false (its template-id output): follow that build to its end, set the outputs and remove the template and the files staged for it. A build that already ended is reported at once.",
    adoType: "string",
    group: "run",
  },
  // Build only what changed.
  {
    name: "if-unchanged",
    description:
      "What to do when an image with the same fingerprint (rendered template, staged files' sha256, distribution targets, source version resolved now) already exists in every target: skip (reuse it, build nothing) or build.",
    default: "skip",
    adoType: "pickList",
    options: IF_UNCHANGED,
    group: "run",
  },
];

export const OUTPUTS: readonly OutputSpec[] = [
  {
    name: "image-version-id",
    description: "The first gallery image version made, else the managed image, else the VHD URI.",
  },
  {
    name: "image-version-ids",
    description:
      "JSON array of every artifact made: gallery image version IDs, managed image IDs, VHD URIs.",
  },
  {
    name: "run-outputs",
    description: "JSON object: run output name → { artifactId, artifactUri }.",
  },
  {
    name: "run-status",
    description:
      "The build's final state: Succeeded, PartiallySucceeded, Failed or Canceled; Running when wait is false.",
  },
  {
    name: "template-name",
    description:
      "The image template's name: run-specific, or the one existing-template or follow named.",
  },
  { name: "template-id", description: "Resource ID of the image template." },
  {
    name: "staging-resource-group",
    description: "Resource ID of the resource group Image Builder built in.",
  },
  {
    name: "source-image-version",
    description: "The exact source image version used (when the source said latest).",
  },
  {
    name: "deleted-versions",
    description:
      "JSON array of the gallery image version IDs keep-versions deleted; [] when none, or without keep-versions. A dry run deletes none and lists in the log what it would.",
  },
  {
    name: "template",
    description:
      "The image template request body (JSON) the run submits; staged file URIs carry no SAS, and values of secure template parameters show as ***.",
  },
  // Build only what changed.
  {
    name: "cache-hit",
    description:
      "true when an existing image with the same fingerprint was reused and nothing was built, else false.",
  },
  {
    name: "fingerprint",
    description:
      "sha256 of everything that decides the image; every artifact carries it as the tag bake.fingerprint.",
  },
];

export function inputSpec(name: string): InputSpec {
  const spec = INPUTS.find((i) => i.name === name);
  if (!spec) throw new Error(`unknown input ${name}`);
  return spec;
}

/** The value an input has when the pipeline gives none: the one the metadata files declare. */
export function defaultOf(name: string): string | undefined {
  const value = inputSpec(name).default;
  return value === "" ? undefined : value;
}

export function inputsFor(host: HostKind): InputSpec[] {
  return INPUTS.filter((i) => !i.hosts || i.hosts.includes(host));
}

export function camelCase(kebab: string): string {
  return kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
