/**
 * Each bad input, run through the real GitHub and Azure Pipelines bundles: the step fails with
 * exactly one error annotation that names the input in the host's own spelling and says what
 * is wrong, sets no template output and never reaches for the network.
 */
import { camelCase } from "../../src/core/inputs/catalog.js";
import {
  makeWorkspace,
  removeWorkspace,
  runBundle,
  type AdoRunOptions,
  type BundleHost,
  type BundleResult,
  type ServiceConnection,
} from "../../local-ci/run-bundle.js";

const SUB = "00000000-0000-0000-0000-000000000000";
const RG = `/subscriptions/${SUB}/resourceGroups/rg-images`;
const IDENTITY = `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-image-builder`;
const GALLERY_IMAGE = `${RG}/providers/Microsoft.Compute/galleries/golden/images/ubuntu-24-04`;
const MANAGED_IMAGE = `${RG}/providers/Microsoft.Compute/images/ubuntu-base`;
const VNET = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet-build`;
const STORAGE = `${RG}/providers/Microsoft.Storage/storageAccounts/stbakestaging`;

/** Valid on both hosts: every case changes one thing. */
const BASE: Record<string, string> = {
  "resource-group": "rg-images",
  location: "westeurope",
  source: "Canonical:ubuntu-24_04-lts:server:latest",
  identity: IDENTITY,
  vhd: "true",
  "dry-run": "true",
};

/** The files every workspace holds. */
const FILES: Record<string, string> = {
  "scripts/setup.sh": "#!/bin/sh\necho setup\n",
  "scripts/setup.ps1": "Write-Host setup\n",
  "scripts/setup.py": "print('setup')\n",
  "config/app.conf": "port=8080\n",
  "../outside.sh": "#!/bin/sh\necho outside\n",
  "templates/broken.json": '{ "properties": { "source": ',
  "templates/broken.yaml": "properties:\n  source: [unclosed\n  customize:\n",
};

const yamlTemplate = (properties: string) =>
  `location: westeurope\nidentity:\n  type: UserAssigned\n  userAssignedIdentities:\n    ${IDENTITY}: {}\nproperties:\n  source:\n    type: PlatformImage\n    publisher: Canonical\n    offer: ubuntu-24_04-lts\n    sku: server\n    version: latest\n  distribute:\n    - type: VHD\n      runOutputName: vhd\n${properties}`;

interface Case {
  name: string;
  /** Changes to BASE; undefined removes an input. */
  inputs: Record<string, string | undefined>;
  /** Extra files of the workspace. */
  files?: Record<string, string>;
  /** The input the error must name (kebab-case; each host spells it its own way). */
  input: string;
  /** What the message must explain. */
  says: string | RegExp;
  /** Hosts the input exists on; both by default. */
  hosts?: BundleHost[];
  serviceConnection?: ServiceConnection;
  /** The name Azure Pipelines shows, when the value comes from the service connection. */
  adoName?: string;
}

const CASES: Case[] = [
  // Resource IDs.
  {
    name: "gallery-image-id that is not a resource ID",
    inputs: {
      vhd: undefined,
      "gallery-image-id":
        "/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/d",
    },
    input: "gallery-image-id",
    says: "is not a resource ID. Expected an Azure Compute Gallery image definition",
  },
  {
    name: "gallery-image-id pointing at a managed image",
    inputs: { vhd: undefined, "gallery-image-id": MANAGED_IMAGE },
    input: "gallery-image-id",
    says: "is a Microsoft.Compute/images resource, not an Azure Compute Gallery image definition",
  },
  {
    name: "identity that is a storage account",
    inputs: { identity: STORAGE },
    input: "identity",
    says: "is a Microsoft.Storage/storageAccounts resource, not a user-assigned managed identity",
  },
  {
    name: "identity that is neither an ID nor a name",
    inputs: { identity: "id image builder" },
    input: "identity",
    says: "is neither a resource ID nor a resource name",
  },
  {
    name: "subnet-id that is a virtual network",
    inputs: { "subnet-id": VNET },
    input: "subnet-id",
    says: "is a Microsoft.Network/virtualNetworks resource, not a virtual network subnet",
  },
  {
    name: "managed-image-id given as a bare name",
    inputs: { "managed-image-id": "win2022-iis" },
    input: "managed-image-id",
    says: "is not a resource ID. Expected a managed image",
  },
  {
    name: "source that is a storage account",
    inputs: { source: STORAGE },
    input: "source",
    says: "is a Microsoft.Storage/storageAccounts resource, which cannot be a source",
  },
  {
    name: "source that is not an image reference",
    inputs: { source: "Canonical:ubuntu-24_04-lts" },
    input: "source",
    says: "is not an image reference. Use publisher:offer:sku:version",
  },
  // OS type and scripts.
  {
    name: "unknown os-type",
    inputs: { "os-type": "macos" },
    input: "os-type",
    says: "'macos' is not allowed. Use one of: linux, windows.",
  },
  {
    name: "os-type linux with a .ps1 script",
    inputs: {
      "os-type": "linux",
      scripts: "scripts/setup.ps1",
      "staging-storage-account": "stbake",
    },
    input: "scripts",
    says: "'scripts/setup.ps1' is a PowerShell script, but {{os-type}} is linux",
  },
  {
    name: "a .ps1 script on a Linux source without os-type",
    inputs: { scripts: "scripts/setup.ps1", "staging-storage-account": "stbake" },
    input: "source",
    says: "One image has one OS",
  },
  {
    name: "inline-script when the OS cannot be inferred",
    inputs: { source: MANAGED_IMAGE, "inline-script": "echo hello" },
    input: "os-type",
    says: "could not be inferred",
  },
  {
    name: "a script file that does not exist",
    inputs: { scripts: "scripts/missing.sh", "staging-storage-account": "stbake" },
    input: "scripts",
    says: "'scripts/missing.sh' does not exist",
  },
  {
    name: "a glob matching nothing",
    inputs: { scripts: "scripts/*.bash", "staging-storage-account": "stbake" },
    input: "scripts",
    says: "the glob 'scripts/*.bash' matches no file in the workspace",
  },
  {
    name: "a script with an unknown extension",
    inputs: { scripts: "scripts/setup.py", "staging-storage-account": "stbake" },
    input: "scripts",
    says: "'scripts/setup.py' has no known script extension",
  },
  {
    name: "a directory given as a script",
    inputs: { scripts: "scripts", "staging-storage-account": "stbake" },
    input: "scripts",
    says: "'scripts' is a directory. List the scripts in it",
  },
  {
    name: "a script outside the workspace",
    inputs: { scripts: "../outside.sh", "staging-storage-account": "stbake" },
    input: "scripts",
    says: "'../outside.sh' is outside the workspace",
  },
  // Inputs that conflict.
  {
    name: "image-version without gallery-image-id",
    inputs: { "image-version": "1.4.27" },
    input: "image-version",
    says: "needs {{gallery-image-id}}",
  },
  {
    name: "image-version differing from the version in gallery-image-id",
    inputs: { "gallery-image-id": `${GALLERY_IMAGE}/versions/1.4.27`, "image-version": "1.4.28" },
    input: "image-version",
    says: "'1.4.28' differs from the version '1.4.27' in {{gallery-image-id}}",
  },
  {
    name: "source-plan with a managed image source",
    inputs: { source: MANAGED_IMAGE, "source-plan": "contoso:hardened:cis" },
    input: "source-plan",
    says: "applies only to a platform image source",
  },
  {
    name: "source-plan that is not publisher:product:name",
    inputs: { "source-plan": "contoso:hardened" },
    input: "source-plan",
    says: "is not a purchase plan. Use publisher:product:name",
  },
  // Values.
  {
    name: "image-version 1.2",
    inputs: { "gallery-image-id": GALLERY_IMAGE, "image-version": "1.2" },
    input: "image-version",
    says: "'1.2' is not a gallery image version. Use major.minor.patch",
  },
  {
    name: "image-version 1.2.x",
    inputs: { "gallery-image-id": GALLERY_IMAGE, "image-version": "1.2.x" },
    input: "image-version",
    says: "'1.2.x' is not a gallery image version",
  },
  {
    name: "build-timeout-minutes 0",
    inputs: { "build-timeout-minutes": "0" },
    input: "build-timeout-minutes",
    says: "0 minutes is out of range. Use a number from 1 to 960 minutes",
  },
  {
    name: "build-timeout-minutes 961",
    inputs: { "build-timeout-minutes": "961" },
    input: "build-timeout-minutes",
    says: "961 minutes is out of range",
  },
  {
    name: "build-timeout-minutes abc",
    inputs: { "build-timeout-minutes": "abc" },
    input: "build-timeout-minutes",
    says: "'abc' is not a whole number",
  },
  {
    name: "os-disk-size-gb that is not a number",
    inputs: { "os-disk-size-gb": "128GB" },
    input: "os-disk-size-gb",
    says: "'128GB' is not a whole number. Use a number from 1 to 4095 GB",
  },
  {
    name: "a boolean given as yes",
    inputs: { vhd: "yes" },
    input: "vhd",
    says: "'yes' is not a boolean. Use true or false.",
  },
  {
    name: "vm-size with a space",
    inputs: { "vm-size": "Standard D4s v5" },
    input: "vm-size",
    says: "is not a VM size",
  },
  {
    name: "a tag without an equals sign",
    inputs: { tags: "team=platform\nno-equals-sign" },
    input: "tags",
    says: "'no-equals-sign' is not of the form key=value",
  },
  {
    name: "a tag name with a slash",
    inputs: { tags: "team/owner=platform" },
    input: "tags",
    says: "tag name 'team/owner' is not allowed",
  },
  {
    name: "a tag key given twice",
    inputs: { "artifact-tags": "team=platform\nTeam=images" },
    input: "artifact-tags",
    says: "'Team' is given twice",
  },
  {
    name: "an invalid staging container name",
    inputs: { "staging-container": "Bake_Images" },
    input: "staging-container",
    says: "'Bake_Images' is not a container name",
  },
  {
    name: "an invalid staging storage account name",
    inputs: { "staging-storage-account": "st-bake-staging" },
    input: "staging-storage-account",
    says: "'st-bake-staging' is not a storage account name",
  },
  {
    name: "an unknown staging-access",
    inputs: { "staging-access": "public" },
    input: "staging-access",
    says: "Use one of: sas, identity",
  },
  {
    name: "an unknown log-level",
    inputs: { "log-level": "debug" },
    input: "log-level",
    says: "'debug' is not allowed. Use one of: quiet, normal, verbose.",
  },
  {
    name: "a location that is not a region",
    inputs: { location: "west-europe" },
    input: "location",
    says: "'west-europe' is not an Azure region",
  },
  {
    name: "a replication region that is not a region",
    inputs: {
      "gallery-image-id": GALLERY_IMAGE,
      "replication-regions": "westeurope, north/europe",
    },
    input: "replication-regions",
    says: "'north/europe' is not an Azure region",
  },
  {
    name: "a resource group name with a slash",
    inputs: { "resource-group": "rg/images" },
    input: "resource-group",
    says: "'rg/images' is not a resource group name",
  },
  // Missing inputs.
  {
    name: "no resource group",
    inputs: { "resource-group": undefined },
    input: "resource-group",
    says: "is required. Name the resource group",
  },
  {
    name: "no location",
    inputs: { location: undefined },
    input: "location",
    says: "is required. Name the Azure region",
  },
  {
    name: "no source",
    inputs: { source: undefined },
    input: "source",
    says: "is required. Use publisher:offer:sku:version",
  },
  {
    name: "no identity",
    inputs: { identity: undefined },
    input: "identity",
    says: "is required: Image Builder acts as a user-assigned managed identity",
  },
  {
    name: "no distribution target",
    inputs: { vhd: undefined },
    input: "gallery-image-id",
    says: "no distribution target is set. Set {{gallery-image-id}}, {{managed-image-id}} or {{vhd}}",
  },
  // Template files.
  {
    name: "a template file that does not exist",
    inputs: { "template-file": "templates/missing.yaml" },
    input: "template-file",
    says: "does not exist (looked for 'templates/missing.yaml' in the workspace)",
  },
  {
    name: "a .json template file that is not JSON",
    inputs: { "template-file": "templates/broken.json" },
    input: "template-file",
    says: "'templates/broken.json' is not valid JSON",
  },
  {
    name: "a .yaml template file that is not YAML",
    inputs: { "template-file": "templates/broken.yaml" },
    input: "template-file",
    says: /'templates\/broken\.yaml' is not valid YAML \(line \d+, column \d+\)/,
  },
  {
    name: "a template file with a customizer type in the wrong case",
    inputs: {
      "template-file": "templates/wrong-case.yaml",
      source: undefined,
      identity: undefined,
    },
    files: {
      "templates/wrong-case.yaml": yamlTemplate(
        "  customize:\n    - type: shell\n      name: hello\n      inline: [echo hello]\n",
      ),
    },
    input: "template-file",
    says: "properties.customize[0].type: must be one of",
  },
  {
    name: "a template file with an unknown property",
    inputs: {
      "template-file": "templates/unknown-property.yaml",
      source: undefined,
      identity: undefined,
    },
    files: { "templates/unknown-property.yaml": yamlTemplate("  cleanupAfterBuild: true\n") },
    input: "template-file",
    says: "properties.cleanupAfterBuild in 'templates/unknown-property.yaml' is not a property of Image Builder API 2025-10-01.",
  },
  {
    name: "a template file with buildTimeoutInMinutes 2000",
    inputs: {
      "template-file": "templates/timeout-2000.yaml",
      source: undefined,
      identity: undefined,
    },
    files: { "templates/timeout-2000.yaml": yamlTemplate("  buildTimeoutInMinutes: 2000\n") },
    input: "template-file",
    says: /properties\.buildTimeoutInMinutes: must be <= 960/,
  },
  {
    name: "a template file using an undefined variable outside inline commands",
    inputs: {
      "template-file": "templates/undefined-variable.yaml",
      source: undefined,
      identity: undefined,
    },
    files: {
      "templates/undefined-variable.yaml": yamlTemplate(
        "  stagingResourceGroup: ${STAGING_GROUP}\n",
      ),
    },
    input: "template-file",
    says: "properties.stagingResourceGroup uses ${STAGING_GROUP}, but no variable STAGING_GROUP is defined",
  },
  {
    name: "a template file whose customizer points outside the workspace",
    inputs: {
      "template-file": "templates/outside.yaml",
      source: undefined,
      identity: undefined,
      "staging-storage-account": "stbake",
    },
    files: {
      "templates/outside.yaml": yamlTemplate(
        "  customize:\n    - type: Shell\n      name: outside\n      scriptUri: ../../outside.sh\n",
      ),
    },
    input: "template-file",
    says: "properties.customize[0]: '../../outside.sh' is outside the workspace",
  },
  // Variables.
  {
    name: "a redefined built-in variable",
    inputs: { variables: "APP_VERSION=2.3.1\nRUN_ID=1" },
    input: "variables",
    says: "RUN_ID is set by bake-azure-image itself and cannot be redefined",
  },
  {
    name: "a variable name starting with a digit",
    inputs: { variables: "1APP=2" },
    input: "variables",
    says: "'1APP' is not a variable name",
  },
  // Files.
  {
    name: "files with a relative destination",
    inputs: { files: "config/app.conf => etc/app", "staging-storage-account": "stbake" },
    input: "files",
    says: "the destination 'etc/app' is not an absolute path",
  },
  {
    name: "files without a destination",
    inputs: { files: "config/app.conf =>", "staging-storage-account": "stbake" },
    input: "files",
    says: "'config/app.conf' has no destination",
  },
  {
    name: "local files without staging-storage-account",
    inputs: { files: "config/app.conf => /etc/app/" },
    input: "staging-storage-account",
    says: "is required: 1 local file is uploaded for the build",
  },
  // Azure and the cloud: GitHub inputs, the service connection on Azure Pipelines.
  {
    name: "a subscription-id that is not a GUID",
    inputs: { "subscription-id": "contoso-prod" },
    input: "subscription-id",
    says: "'contoso-prod' is not a subscription ID",
    hosts: ["github"],
  },
  {
    name: "an unknown environment",
    inputs: { environment: "AzureGermanCloud" },
    input: "environment",
    says: "Use one of: AzureCloud, AzureUSGovernment, AzureChinaCloud, custom",
    hosts: ["github"],
  },
  {
    name: "environment custom without endpoints",
    inputs: { environment: "custom" },
    input: "resource-manager-endpoint",
    says: "is required for a custom cloud or Azure Stack Hub",
    hosts: ["github"],
  },
  {
    name: "an http:// resource-manager-endpoint",
    inputs: {
      environment: "custom",
      "resource-manager-endpoint": "http://management.local.azurestack.external",
      "authority-host": "https://login.microsoftonline.com",
    },
    input: "resource-manager-endpoint",
    says: "does not use https",
    hosts: ["github"],
  },
  {
    name: "resource-manager-endpoint without environment custom",
    inputs: { "resource-manager-endpoint": "https://management.local.azurestack.external" },
    input: "resource-manager-endpoint",
    says: "is only used with a custom cloud (environment is 'AzureCloud')",
    hosts: ["github"],
  },
  {
    name: "a service connection whose subscription ID is not a GUID",
    inputs: {},
    serviceConnection: { subscriptionId: "contoso-prod" },
    input: "subscription-id",
    adoName: "azureSubscription (subscription id of the service connection)",
    says: "'contoso-prod' is not a subscription ID",
    hosts: ["ado"],
  },
  {
    name: "an Azure Stack service connection without an endpoint URL",
    inputs: {},
    serviceConnection: {
      environment: "AzureStack",
      url: "",
      authorityUrl: "https://login.microsoftonline.com/",
    },
    input: "resource-manager-endpoint",
    adoName: "azureSubscription (resource manager endpoint of the service connection)",
    says: "is required for a custom cloud or Azure Stack Hub",
    hosts: ["ado"],
  },
  {
    name: "an Azure Stack service connection with an http:// endpoint URL",
    inputs: {},
    serviceConnection: {
      environment: "AzureStack",
      url: "http://management.local.azurestack.external/",
      authorityUrl: "https://login.microsoftonline.com/",
    },
    input: "resource-manager-endpoint",
    adoName: "azureSubscription (resource manager endpoint of the service connection)",
    says: "does not use https",
    hosts: ["ado"],
  },
];

const HOSTS: BundleHost[] = ["github", "ado"];
const RUNS = CASES.flatMap((c) =>
  HOSTS.filter((h) => !c.hosts || c.hosts.includes(h)).map((host) => ({ host, case: c })),
);

/** The name a user of each host knows the input by. */
function displayName(host: BundleHost, c: Case): string {
  if (host === "github") return c.input;
  return c.adoName ?? camelCase(c.input);
}

function inputsOf(c: Case): Record<string, string> {
  const out = { ...BASE };
  for (const [k, v] of Object.entries(c.inputs)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

let workspace: string;
const results = new Map<string, Promise<BundleResult>>();

beforeAll(() => {
  const extra = Object.assign({}, ...CASES.map((c) => c.files ?? {})) as Record<string, string>;
  // Cases that bring files of their own use distinct paths, so one workspace serves them all.
  expect(Object.keys(extra).length).toBe(CASES.flatMap((c) => Object.keys(c.files ?? {})).length);
  workspace = makeWorkspace({ ...FILES, ...extra });
  // Start every run at once; the helper keeps the number of processes small.
  for (const r of RUNS) run(r.host, r.case).catch(() => undefined);
});
afterAll(() => removeWorkspace(workspace));

function run(host: BundleHost, c: Case): Promise<BundleResult> {
  const key = `${host}\n${c.name}`;
  let result = results.get(key);
  if (!result) {
    const options: AdoRunOptions = { workspace };
    if (c.serviceConnection) options.serviceConnection = c.serviceConnection;
    result = runBundle(host, inputsOf(c), options);
    results.set(key, result);
  }
  return result;
}

test("the case names are unique", () => {
  expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  expect(CASES.length).toBeGreaterThanOrEqual(30);
});

describe.each(HOSTS)("the valid base inputs on %s", (host) => {
  test("render a template, so each case fails for its one bad input", async () => {
    const result = await runBundle(host, BASE, { workspace });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.outputs.template!).properties.distribute[0].type).toBe("VHD");
  });
});

describe.each(RUNS.map((r) => [r.host, r.case.name, r] as const))(
  "%s: %s",
  (host, _name, { case: c }) => {
    let result: BundleResult;
    beforeAll(async () => {
      result = await run(host, c);
    });

    test("fails with exactly one error annotation, without touching the network", () => {
      expect(result.networkAttempts).toEqual([]);
      expect(result.exitCode).not.toBe(0);
      expect(result.exitCode).not.toBeNull();
      expect(result.errors).toHaveLength(1);
    });

    test(`names the input as ${host === "github" ? "kebab-case" : "camelCase"} and explains the problem`, () => {
      const message = result.errors[0] ?? "";
      expect(message).toContain(`Input '${displayName(host, c)}'`);
      // {{name}} in a case's text names another input, spelled the way this host spells it.
      const spelled = (text: string) =>
        text.replace(/\{\{([a-z0-9-]+)\}\}/g, (_, n: string) =>
          host === "github" ? n : camelCase(n),
        );
      if (typeof c.says === "string") expect(message).toContain(spelled(c.says));
      else expect(message).toMatch(c.says);
    });

    test("sets no template output", () => {
      expect(result.outputs.template).toBeUndefined();
      expect(result.outputs["template-name"]).toBeUndefined();
      if (host === "ado") expect(result.stdout).toContain("##vso[task.complete result=Failed;]");
    });
  },
);
