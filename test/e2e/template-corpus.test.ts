/**
 * Real template files as people have them (test/fixtures/templates, each with its source in
 * sources.json), dry-run through the GitHub and Azure Pipelines bundles. Each renders to what
 * its author meant, or ends in the one error that says why it cannot.
 */
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  makeWorkspace,
  removeWorkspace,
  ROOT,
  runBundle,
  runCli,
  type BundleHost,
  type BundleResult,
} from "../../local-ci/run-bundle.js";

const DIR = "test/fixtures/templates";
const MANIFEST = JSON.parse(readFileSync(path.join(ROOT, DIR, "sources.json"), "utf8")) as {
  files: Array<{ file: string; source: string; shape: string; apiVersion: string }>;
};

const SUB = "11111111-2222-3333-4444-555555555555";
const RG = `/subscriptions/${SUB}/resourceGroups/rg-images`;
const IDENTITY = `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-aib`;
const GALLERY_IMAGE = `${RG}/providers/Microsoft.Compute/galleries/golden/images/ubuntu`;
const MANAGED_IMAGE = `${RG}/providers/Microsoft.Compute/images/img-app`;
const SOURCE_VERSION = `${RG}/providers/Microsoft.Compute/galleries/golden/images/base/versions/1.0.0`;
const SUBNET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet`;

/** What Microsoft's quickstarts tell their readers to replace (with sed) before use. */
const QUICKSTART_VARIABLES = [
  "region=westeurope",
  "region1=westeurope",
  "region2=northeurope",
  `subscriptionID=${SUB}`,
  "rgName=rg-images",
  "imageName=img-app",
  "imageDefName=ubuntu",
  "sharedImageGalName=golden",
  "acgName=golden",
  `imgBuilderId=${IDENTITY}`,
  "vnetName=vnet",
  "subnetName=snet",
  "vnetRgName=rg-net",
  "srcImageName=base",
  `sigDefImgVersionId=${SOURCE_VERSION}`,
  "scriptUrl=https://stscripts.blob.core.windows.net/scripts/setup.sh",
  "scriptFileUrl=https://stscripts.blob.core.windows.net/scripts/setup.ps1",
  "imgTemplateName=hello-v1",
].join("\n");
/** The parameters Microsoft's quickstart ARM templates declare without a default. */
const QUICKSTART_PARAMETERS =
  "imageTemplateName=hello\napi-version=2020-02-14\nsvclocation=westeurope";

const UBUNTU_1804 = {
  type: "PlatformImage",
  publisher: "Canonical",
  offer: "UbuntuServer",
  sku: "18.04-LTS",
  version: "latest",
};
const WINDOWS_2019 = {
  type: "PlatformImage",
  publisher: "MicrosoftWindowsServer",
  offer: "WindowsServer",
  sku: "2019-Datacenter",
  version: "latest",
};
const LINUX_HELLO = [
  ["Shell", "RunScriptFromSource"],
  ["Shell", "CheckSumCompareShellScript"],
  ["File", "downloadBuildArtifacts"],
  ["Shell", "setupBuildPath"],
  ["Shell", "InstallUpgrades"],
];
const WINDOWS_HELLO = [
  ["PowerShell", "CreateBuildPath"],
  ["WindowsRestart", undefined],
  ["File", "downloadBuildArtifacts"],
  ["PowerShell", "settingUpMgmtAgtPath"],
  ["WindowsUpdate", undefined],
];
const MANAGED = { type: "ManagedImage", imageId: MANAGED_IMAGE, location: "westeurope" };
const SHARED_TWO_REGIONS = {
  type: "SharedImage",
  galleryImageId: GALLERY_IMAGE,
  targetRegions: [{ name: "westeurope" }, { name: "northeurope" }],
};
const REPLICATION_MAPPED = /replicationRegions → targetRegions/;

interface Expected {
  location?: string;
  identity?: string;
  source: unknown;
  customize: Array<Array<string | undefined>>;
  distribute: unknown[];
  /** Other properties, compared as a subset. */
  properties?: Record<string, unknown>;
  tags?: Record<string, string>;
}

interface Case {
  inputs: Record<string, string>;
  /** A workspace of its own instead of the repository, e.g. for a show output. */
  workspace?: () => { dir: string; templateFile: string };
  env?: (scratch: string) => Record<string, string>;
  expected?: Expected;
  /** The one error, without the input's host-specific name. */
  error?: { input: string; problem: string };
  notice?: RegExp;
}

const quickstart = (extra: Record<string, string> = {}) => ({
  variables: QUICKSTART_VARIABLES,
  ...extra,
});
const arm = (extra: Record<string, string> = {}) =>
  quickstart({ "template-parameters": QUICKSTART_PARAMETERS, ...extra });

/** A GET response's body (what `az resource show` prints) as a template file of its own. */
function showOutputOf(example: string) {
  return () => {
    const doc = JSON.parse(readFileSync(path.join(ROOT, DIR, example), "utf8")) as {
      responses: { 200: { body: unknown } };
    };
    const dir = makeWorkspace({ "show.json": JSON.stringify(doc.responses[200].body, null, 2) });
    return { dir, templateFile: "show.json" };
  };
}

/** A PUT request's body (a template resource of the current API) as a template file. */
function requestBodyOf(example: string) {
  return () => {
    const doc = JSON.parse(readFileSync(path.join(ROOT, DIR, example), "utf8")) as {
      parameters: { parameters: unknown };
    };
    const dir = makeWorkspace({ "image.json": JSON.stringify(doc.parameters.parameters, null, 2) });
    return { dir, templateFile: "image.json" };
  };
}

const REST_SHOW: Expected = {
  location: "westus",
  identity:
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/identity_1",
  source: {
    type: "ManagedImage",
    imageId:
      "/subscriptions/{subscription-id}/resourceGroups/source_rg/providers/Microsoft.Compute/images/source_image",
  },
  customize: [["Shell", "Shell Customizer Example"]],
  distribute: [
    {
      type: "ManagedImage",
      imageId:
        "/subscriptions/{subscription-id}/resourceGroups/rg1/providers/Microsoft.Compute/images/image_it_1",
      location: "1_location",
    },
  ],
  properties: { vmProfile: { vmSize: "Standard_D2s_v3", osDiskSizeGB: 64 } },
};
const REST_DROPPED =
  /read-only fields that Azure sets are dropped: (id, name|name, id), identity\.userAssignedIdentities\[\*\]\.clientId\/principalId\./;

const CARML_PARAMETERS = [
  "name=golden-ubuntu",
  "userMsiName=id-aib",
  'imageSource={"type":"PlatformImage","publisher":"Canonical","offer":"0001-com-ubuntu-server-jammy","sku":"22_04-lts-gen2","version":"latest"}',
  'customizationSteps=[{"type":"Shell","name":"hello","inline":["echo hello"]}]',
  'tags={"team":"platform"}',
  "baseTime=2024-01-02-00-00-00",
  `sigImageDefinitionId=${GALLERY_IMAGE}`,
  'imageReplicationRegions=["westeurope","northeurope"]',
].join("\n");
const CARML_EXPECTED: Expected = {
  source: {
    type: "PlatformImage",
    publisher: "Canonical",
    offer: "0001-com-ubuntu-server-jammy",
    sku: "22_04-lts-gen2",
    version: "latest",
  },
  customize: [["Shell", "hello"]],
  distribute: [
    {
      type: "SharedImage",
      galleryImageId: GALLERY_IMAGE,
      excludeFromLatest: false,
      targetRegions: [
        { name: "westeurope", storageAccountType: "Standard_LRS" },
        { name: "northeurope", storageAccountType: "Standard_LRS" },
      ],
    },
  ],
  properties: {
    vmProfile: { vmSize: "Standard_D2s_v3", osDiskSizeGB: 128, userAssignedIdentities: [] },
  },
  tags: { team: "platform" },
};

const AVM_PARAMETERS = [
  "name=golden-ubuntu",
  `managedIdentities={"userAssignedResourceIds":["${IDENTITY}"]}`,
  'imageSource={"type":"PlatformImage","publisher":"Canonical","offer":"ubuntu-24_04-lts","sku":"server","version":"latest"}',
  'customizationSteps=[{"type":"Shell","name":"hello","inline":["echo hello"]}]',
  "baseTime=2026-03-02-00-00-00",
  `distributions=[{"type":"SharedImage","sharedImageGalleryImageDefinitionResourceId":"${GALLERY_IMAGE}"},{"type":"VHD","imageName":"ubuntu"}]`,
  "optimizeVmBoot=Enabled",
  'managedResourceTags={"cost-center":"platform"}',
].join("\n");
const AVM_EXPECTED: Expected = {
  source: {
    type: "PlatformImage",
    publisher: "Canonical",
    offer: "ubuntu-24_04-lts",
    sku: "server",
    version: "latest",
  },
  customize: [["Shell", "hello"]],
  distribute: [
    {
      type: "SharedImage",
      galleryImageId: GALLERY_IMAGE,
      excludeFromLatest: false,
      targetRegions: [{ name: "westeurope", storageAccountType: "Standard_LRS" }],
    },
    { type: "VHD" },
  ],
  properties: {
    optimize: { vmBoot: { state: "Enabled" } },
    autoRun: { state: "Disabled" },
    errorHandling: { onCustomizerError: "cleanup", onValidationError: "cleanup" },
    managedResourceTags: { "cost-center": "platform" },
  },
};

/** The values of the blog post's parameters.bicepparam, and a fixed runSuffix for its utcNow(). */
const BLOG_PARAMETERS = [
  "parName=blog2",
  "parLocation=westeurope",
  "parIdentityName=it",
  "parImageName=blog",
  'parCustomizers=[{"type":"Shell","name":"InstallUpgrades","inline":["sudo apt install unattended-upgrades"]}]',
  "runSuffix=20240101",
].join("\n");
const BLOG_EXPECTED: Expected = {
  identity: `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai-it-we`,
  source: {
    type: "PlatformImage",
    publisher: "Canonical",
    offer: "0001-com-ubuntu-server-jammy",
    sku: "22_04-lts-gen2",
    version: "latest",
  },
  customize: [["Shell", "InstallUpgrades"]],
  distribute: [
    {
      type: "ManagedImage",
      location: "westeurope",
      imageId: `${RG}/providers/Microsoft.Compute/images/blog`,
    },
  ],
};
/** The compiled template names the identity without its type, which the bicep file had. */
const IDENTITY_TYPE_FILLED =
  /identity\.type is set to UserAssigned, which its userAssignedIdentities imply\./;

/**
 * A Bicep CLI stand-in on an otherwise empty PATH: records its arguments and prints the
 * compiled JSON committed beside the .bicep file, as `bicep build --stdout` prints it.
 */
function fakeCli(name: "bicep" | "az") {
  return (scratch: string) => {
    const bin = path.join(scratch, "bin");
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      path.join(bin, name),
      `#!${process.execPath}
const fs = require("node:fs");
const args = process.argv.slice(2);
fs.writeFileSync(${JSON.stringify(path.join(scratch, "args"))}, args.join("\\n"));
process.stdout.write(fs.readFileSync(args[args.length - 1].replace(/\\.bicep$/, ".compiled.json")));
`,
    );
    chmodSync(path.join(bin, name), 0o755);
    return { PATH: bin };
  };
}

const CASES: Record<string, Case> = {
  "aib-linux-managed-image.json": {
    inputs: quickstart(),
    expected: {
      source: UBUNTU_1804,
      customize: LINUX_HELLO,
      distribute: [MANAGED],
      properties: {
        vmProfile: { vmSize: "Standard_D1_v2", osDiskSizeGB: 30 },
        buildTimeoutInMinutes: 80,
      },
    },
  },
  "aib-windows-managed-image.json": {
    inputs: quickstart(),
    expected: {
      source: { ...WINDOWS_2019, sku: "2022-datacenter-azure-edition" },
      customize: WINDOWS_HELLO,
      distribute: [MANAGED],
      properties: {
        vmProfile: { vmSize: "Standard_D2s_v3", osDiskSizeGB: 127 },
        buildTimeoutInMinutes: 100,
      },
    },
  },
  "aib-linux-gallery.json": {
    inputs: quickstart(),
    notice: REPLICATION_MAPPED,
    expected: {
      source: { ...UBUNTU_1804, offer: "0001-com-ubuntu-server-focal", sku: "20_04-lts-gen2" },
      customize: LINUX_HELLO,
      distribute: [SHARED_TWO_REGIONS],
      properties: { vmProfile: { vmSize: "Standard_D2s_v3", osDiskSizeGB: 30 } },
      tags: { imagebuilderTemplate: "AzureImageBuilderSIG" },
    },
  },
  "aib-windows-gallery.arm.json": {
    inputs: arm(),
    notice: REPLICATION_MAPPED,
    expected: {
      source: WINDOWS_2019,
      customize: WINDOWS_HELLO,
      distribute: [SHARED_TWO_REGIONS],
      properties: { vmProfile: { vmSize: "Standard_D1_v2", osDiskSizeGB: 127 } },
      tags: { imagebuilderTemplate: "AzureImageBuilderSIG" },
    },
  },
  "aib-linux-existing-vnet.json": {
    inputs: quickstart(),
    expected: {
      source: UBUNTU_1804,
      customize: LINUX_HELLO,
      distribute: [MANAGED],
      properties: {
        vmProfile: { vmSize: "Standard_D1_v2", osDiskSizeGB: 30, vnetConfig: { subnetId: SUBNET } },
      },
    },
  },
  "aib-windows-existing-vnet.arm.json": {
    inputs: arm(),
    expected: {
      source: WINDOWS_2019,
      customize: WINDOWS_HELLO,
      distribute: [MANAGED],
      properties: {
        vmProfile: {
          vmSize: "Standard_D2_v2",
          osDiskSizeGB: 127,
          vnetConfig: { subnetId: SUBNET },
        },
      },
    },
  },
  "aib-linux-gallery-from-gallery.json": {
    inputs: quickstart(),
    notice: REPLICATION_MAPPED,
    expected: {
      source: { type: "SharedImageVersion", imageVersionId: SOURCE_VERSION },
      customize: [["Shell", "AddBuildArtifacts3"]],
      distribute: [SHARED_TWO_REGIONS],
    },
  },
  "aib-windows-gallery-from-gallery.arm.json": {
    inputs: arm(),
    notice: REPLICATION_MAPPED,
    expected: {
      source: { type: "SharedImageVersion", imageVersionId: SOURCE_VERSION },
      customize: [
        ["PowerShell", "settingUpMgmtAgtPath"],
        ["WindowsUpdate", undefined],
      ],
      distribute: [SHARED_TWO_REGIONS],
      properties: { vmProfile: { vmSize: "Standard_D2_v2", osDiskSizeGB: 127 } },
    },
  },
  "aib-managed-image-to-gallery.json": {
    inputs: quickstart(),
    notice: REPLICATION_MAPPED,
    expected: {
      source: { type: "ManagedImage", imageId: `${RG}/providers/Microsoft.Compute/images/base` },
      customize: [["Shell", "AddBuildArtifacts2"]],
      distribute: [SHARED_TWO_REGIONS],
    },
  },
  "aib-linux-vhd.json": {
    // Written before Image Builder required an identity: the identity input supplies it.
    inputs: quickstart({ identity: "id-aib" }),
    expected: {
      source: UBUNTU_1804,
      customize: [["Shell", "HelloImageScript1"]],
      distribute: [{ type: "VHD" }],
    },
  },
  "aib-linux-msi-storage.json": {
    inputs: quickstart(),
    notice: REPLICATION_MAPPED,
    expected: {
      source: UBUNTU_1804,
      customize: [["Shell", "RunScripts01"]],
      distribute: [SHARED_TWO_REGIONS],
    },
  },
  "aib-linux-trigger-show-export.json": {
    inputs: quickstart(),
    notice: /read-only fields that Azure sets are dropped: properties\.source\.exactVersion\./,
    expected: {
      source: UBUNTU_1804,
      customize: LINUX_HELLO,
      distribute: [
        {
          type: "SharedImage",
          galleryImageId: GALLERY_IMAGE,
          targetRegions: [
            { name: "westeurope", storageAccountType: "Premium_LRS" },
            { name: "northeurope", replicaCount: 2, storageAccountType: "Standard_ZRS" },
          ],
        },
      ],
    },
  },
  "aib-2019-linux-managed-image.json": {
    inputs: quickstart(),
    expected: {
      source: UBUNTU_1804,
      customize: LINUX_HELLO,
      distribute: [MANAGED],
      properties: {
        vmProfile: { vmSize: "Standard_D1_v2", osDiskSizeGB: 30 },
        buildTimeoutInMinutes: 80,
      },
    },
  },
  "aib-2019-windows-managed-image.arm.json": {
    inputs: arm(),
    expected: {
      source: WINDOWS_2019,
      customize: WINDOWS_HELLO,
      distribute: [MANAGED],
      properties: { vmProfile: { vmSize: "Standard_D1_v2", osDiskSizeGB: 127 } },
    },
  },
  "aib-2019-linux-gallery.json": {
    inputs: quickstart(),
    notice: REPLICATION_MAPPED,
    expected: {
      source: UBUNTU_1804,
      customize: LINUX_HELLO,
      distribute: [SHARED_TWO_REGIONS],
    },
  },
  "aib-2019-windows-vnet-storage.arm.json": {
    inputs: arm(),
    expected: {
      source: WINDOWS_2019,
      customize: [["PowerShell", "CreateBuildPath"]],
      distribute: [MANAGED],
      properties: {
        vmProfile: {
          vmSize: "Standard_D2_v2",
          osDiskSizeGB: 127,
          vnetConfig: { subnetId: SUBNET },
        },
      },
    },
  },
  "aib-2019-linux-vhd.json": {
    inputs: quickstart({ identity: "id-aib" }),
    expected: {
      source: UBUNTU_1804,
      customize: [["Shell", "HelloImageScript1"]],
      distribute: [{ type: "VHD" }],
    },
  },
  "aib-2019-linux-file-customizer.json": {
    inputs: quickstart({ identity: "id-aib" }),
    expected: {
      source: UBUNTU_1804,
      customize: [
        ["Shell", "RunScripts01"],
        ["File", "downloadBuildArtifacts"],
        ["Shell", "setupBuildPath"],
        ["Shell", "InstallUpgrades"],
      ],
      distribute: [MANAGED],
      tags: { templateVersion: "hello-v1" },
    },
  },
  "aib-wvd.arm.json": {
    inputs: arm(),
    notice: REPLICATION_MAPPED,
    expected: {
      source: {
        type: "PlatformImage",
        publisher: "MicrosoftWindowsDesktop",
        offer: "windows-10",
        sku: "20h1-ent",
        version: "latest",
      },
      customize: [
        ["PowerShell", "installFsLogix"],
        ["PowerShell", "OptimizeOS"],
        ["WindowsRestart", undefined],
        ["PowerShell", "Install Teams"],
        ["WindowsRestart", undefined],
        ["WindowsUpdate", undefined],
      ],
      distribute: [
        {
          type: "SharedImage",
          galleryImageId: GALLERY_IMAGE,
          targetRegions: [{ name: "westeurope" }],
        },
      ],
      properties: {
        vmProfile: { vmSize: "Standard_D2_v2", osDiskSizeGB: 127 },
        buildTimeoutInMinutes: 120,
      },
    },
  },
  // Microsoft's own sample has a typo that Image Builder silently ignored for years.
  "aib-devops-env.arm.json": {
    inputs: {
      identity: "id-aib",
      "template-parameters": [
        "imageTemplateName=devops",
        "svcLocation=westeurope",
        `managedImageResGroupId=${RG}/providers/Microsoft.Compute/images/`,
        "managedImageName=img-app",
        "packagesToInstall=nginx",
        "targetOS=ubuntu",
      ].join("\n"),
    },
    error: {
      input: "template-file",
      problem:
        "properties.distribute[0].aritfactTags in 'test/fixtures/templates/aib-devops-env.arm.json' is not a property of Image Builder API 2025-10-01; did you mean 'artifactTags'?",
    },
  },
  "aib-2019-rhel-iso.json": {
    inputs: quickstart(),
    error: {
      input: "template-file",
      problem:
        "properties.source is an ISO source (type 'ISO', sourceUri '<rhelLinkAddress>'), which Image Builder removed in API 2020-02-14. Start from a PlatformImage instead (e.g. RedHat:RHEL:<sku>:latest for Red Hat Enterprise Linux), or from a ManagedImage or SharedImageVersion made from the ISO.",
    },
  },
  "aib-2019-rhel-iso.arm.json": {
    inputs: arm(),
    error: {
      input: "template-file",
      problem:
        "properties.source is an ISO source (type 'ISO', sourceUri '[parameters('sourceURI')]'), which Image Builder removed in API 2020-02-14. Start from a PlatformImage instead (e.g. RedHat:RHEL:<sku>:latest for Red Hat Enterprise Linux), or from a ManagedImage or SharedImageVersion made from the ISO.",
    },
  },
  "carml-image-template.compiled.json": {
    inputs: { location: "westeurope", "template-parameters": CARML_PARAMETERS },
    notice: /replicationRegions and storageAccountType → targetRegions/,
    expected: CARML_EXPECTED,
  },
  "carml-image-template.bicep": {
    inputs: { location: "westeurope", "template-parameters": CARML_PARAMETERS },
    env: fakeCli("bicep"),
    notice: /replicationRegions and storageAccountType → targetRegions/,
    expected: CARML_EXPECTED,
  },
  "avm-image-template.compiled.json": {
    inputs: { location: "westeurope", "template-parameters": AVM_PARAMETERS },
    notice: /replicationRegions and storageAccountType → targetRegions/,
    expected: AVM_EXPECTED,
  },
  "avm-image-template.bicep": {
    inputs: { location: "westeurope", "template-parameters": AVM_PARAMETERS },
    env: fakeCli("bicep"),
    notice: /replicationRegions and storageAccountType → targetRegions/,
    expected: AVM_EXPECTED,
  },
  "blog-image-template.compiled.json": {
    inputs: { "template-parameters": BLOG_PARAMETERS },
    notice: IDENTITY_TYPE_FILLED,
    expected: BLOG_EXPECTED,
  },
  "blog-image-template.bicep": {
    inputs: { "template-parameters": BLOG_PARAMETERS },
    env: fakeCli("bicep"),
    notice: IDENTITY_TYPE_FILLED,
    expected: BLOG_EXPECTED,
  },
  // The 2021-10-01 examples write the resource type in the singular.
  "rest-2021-10-01-get-image-template.example.json": {
    inputs: {},
    workspace: showOutputOf("rest-2021-10-01-get-image-template.example.json"),
    notice: REST_DROPPED,
    expected: REST_SHOW,
  },
  "rest-2021-10-01-create-image-template-windows.example.json": {
    inputs: {},
    workspace: requestBodyOf("rest-2021-10-01-create-image-template-windows.example.json"),
    expected: {
      ...REST_SHOW,
      source: {
        type: "ManagedImage",
        imageId:
          "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Compute/images/source_image",
      },
      customize: [
        ["PowerShell", "PowerShell (inline) Customizer Example"],
        ["PowerShell", "PowerShell (inline) Customizer Elevated user Example"],
        ["PowerShell", "PowerShell (inline) Customizer Elevated Local System user Example"],
        ["PowerShell", "PowerShell (script) Customizer Example"],
        ["PowerShell", "PowerShell (script) Customizer Elevated Local System user Example"],
        ["PowerShell", "PowerShell (script) Customizer Elevated Local System user Example"],
        ["WindowsRestart", "Restart Customizer Example"],
        ["WindowsUpdate", "Windows Update Customizer Example"],
      ],
      properties: {
        customize: [
          { inline: ["Powershell command-1", "Powershell command-2", "Powershell command-3"] },
          { runElevated: true },
          { runElevated: true, runAsSystem: true },
          { scriptUri: "https://example.com/path/to/script.ps1", validExitCodes: [0, 1] },
          { runElevated: true, validExitCodes: [0, 1] },
          { runElevated: true, runAsSystem: true, validExitCodes: [0, 1] },
          {
            restartCommand: 'shutdown /f /r /t 0 /c "packer restart"',
            restartCheckCommand: "powershell -command \"& {Write-Output 'restarted.'}\"",
            restartTimeout: "10m",
          },
          {
            searchCriteria: "BrowseOnly=0 and IsInstalled=0",
            filters: ["$_.BrowseOnly"],
            updateLimit: 100,
          },
        ],
        vmProfile: {
          vmSize: "Standard_D2s_v3",
          osDiskSizeGB: 64,
          vnetConfig: {
            subnetId:
              "/subscriptions/{subscription-id}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet_name/subnets/subnet_name",
          },
        },
      },
      tags: { imagetemplate_tag1: "IT_T1", imagetemplate_tag2: "IT_T2" },
    },
  },
  "rest-2022-07-01-get-image-template.example.json": {
    inputs: {},
    workspace: showOutputOf("rest-2022-07-01-get-image-template.example.json"),
    notice: REST_DROPPED,
    expected: REST_SHOW,
  },
  "rest-2025-10-01-create-image-template-linux.example.json": {
    inputs: {},
    workspace: requestBodyOf("rest-2025-10-01-create-image-template-linux.example.json"),
    expected: {
      ...REST_SHOW,
      source: {
        type: "ManagedImage",
        imageId:
          "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Compute/images/source_image",
      },
      properties: {
        vmProfile: {
          vmSize: "Standard_D2s_v3",
          osDiskSizeGB: 64,
          vnetConfig: {
            subnetId:
              "/subscriptions/{subscription-id}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet_name/subnets/subnet_name",
          },
        },
      },
      tags: { imagetemplate_tag1: "IT_T1", imagetemplate_tag2: "IT_T2" },
    },
  },
  "rest-2025-10-01-get-image-template.example.json": {
    inputs: {},
    workspace: showOutputOf("rest-2025-10-01-get-image-template.example.json"),
    notice: REST_DROPPED,
    expected: REST_SHOW,
  },
};

const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

async function render(
  file: string,
  host: BundleHost,
  c: Case = CASES[file]!,
): Promise<{ result: BundleResult; template?: any; args?: string[] }> {
  const scratch = mkdtempSync(path.join(tmpdir(), "bake-corpus-"));
  const own = c.workspace?.();
  try {
    const inputs: Record<string, string> = {
      "resource-group": "rg-images",
      "dry-run": "true",
      "template-file": own ? own.templateFile : `${DIR}/${file}`,
      ...c.inputs,
    };
    if (host === "github") inputs["subscription-id"] = SUB;
    const result = await runBundle(host, inputs, {
      workspace: own?.dir,
      env: c.env?.(scratch),
      serviceConnection: { subscriptionId: SUB },
    });
    let args: string[] | undefined;
    try {
      args = readFileSync(path.join(scratch, "args"), "utf8").trim().split("\n");
    } catch {
      args = undefined;
    }
    const text = result.outputs.template;
    return { result, template: text ? JSON.parse(text) : undefined, args };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    if (own) removeWorkspace(own.dir);
  }
}

test("every fixture is listed with its public source, and every listed file is tested", () => {
  const files = readdirSync(path.join(ROOT, DIR)).filter((f) => f !== "sources.json");
  expect(MANIFEST.files.map((f) => f.file).sort()).toEqual(files.sort());
  expect(Object.keys(CASES).sort()).toEqual(files.sort());
  for (const f of MANIFEST.files)
    expect(f.source).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/[0-9a-f]{40}\//);
  expect(files.length).toBeGreaterThanOrEqual(20);
});

describe.each(["github", "ado"] as const)("on %s", (host) => {
  test.each(Object.keys(CASES))("%s", async (file) => {
    const c = CASES[file]!;
    const { result, template, args } = await render(file, host);
    if (c.error) {
      const name = host === "ado" ? camel(c.error.input) : c.error.input;
      expect(result.errors).toEqual([`Input '${name}': ${c.error.problem}`]);
      expect(template).toBeUndefined();
      return;
    }
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const e = c.expected!;
    const t = template;
    expect(t.location).toBe(e.location ?? "westeurope");
    expect(t.identity.type).toBe("UserAssigned");
    expect(Object.keys(t.identity.userAssignedIdentities)).toEqual([e.identity ?? IDENTITY]);
    expect(t.properties.source).toEqual(e.source);
    expect(t.properties.customize.map((x: any) => [x.type, x.name])).toEqual(e.customize);
    expect(t.properties.distribute).toEqual(
      e.distribute.map((d) => ({
        ...(d as object),
        runOutputName: expect.any(String),
        artifactTags: expect.any(Object),
      })),
    );
    if (e.properties) expect(t.properties).toMatchObject(e.properties);
    if (e.tags) expect(t.tags).toMatchObject(e.tags);
    if (c.notice) expect(result.stdout).toMatch(c.notice);
    else expect(result.stdout).not.toMatch(/dropped|written in their 2025-10-01 form/);
    if (file.endsWith(".bicep")) {
      expect(args).toEqual(["build", "--stdout", path.join(ROOT, DIR, file)]);
    }
  });
});

describe("a Bicep file", () => {
  const bicep = "carml-image-template.bicep";
  const base = CASES[bicep]!;

  test("without bicep on the PATH, compiles with `az bicep build --stdout --file`", async () => {
    const { result, template, args } = await render(bicep, "github", {
      ...base,
      env: fakeCli("az"),
    });
    expect(result.errors).toEqual([]);
    expect(args).toEqual(["bicep", "build", "--stdout", "--file", path.join(ROOT, DIR, bicep)]);
    expect(template.properties.distribute[0].galleryImageId).toBe(GALLERY_IMAGE);
  });

  test.each(["github", "ado"] as const)(
    "with no Bicep CLI at all is one error saying what to install (%s)",
    async (host) => {
      const { result, template } = await render(bicep, host, {
        ...base,
        env: (scratch) => ({ PATH: scratch }),
      });
      expect(template).toBeUndefined();
      expect(result.errors).toEqual([
        `Input '${host === "ado" ? "templateFile" : "template-file"}': '${DIR}/${bicep}' is a Bicep file, and compiling it needs the Bicep CLI on the PATH, which this runner lacks. Install it before this step (\`az bicep install\` with the Azure CLI, or the bicep binary: https://aka.ms/bicep-install), or commit the compiled template (\`bicep build ${bicep}\`) and name the .json file.`,
      ]);
    },
  );
});

describe("an ARM deployment template's expressions", () => {
  const compiled = "carml-image-template.compiled.json";
  const without = (name: string) =>
    CARML_PARAMETERS.split("\n")
      .filter((l) => !l.startsWith(`${name}=`))
      .join("\n");

  test("a defaultValue of utcNow() is refused, naming it, unless the parameter is given", async () => {
    const { result } = await render(compiled, "github", {
      inputs: { location: "westeurope", "template-parameters": without("baseTime") },
    });
    expect(result.errors).toEqual([
      `Input 'template-file': parameters.baseTime.defaultValue of '${DIR}/${compiled}' is '[utcNow('yyyy-MM-dd-HH-mm-ss')]': utcNow() is not evaluated by bake-azure-image (its value depends on the time of the deployment). Replace it with a value, or a parameter given in the template-parameters input.`,
    ]);
  });

  test("a parameter without value or default is one error naming it and where it is used", async () => {
    const { result } = await render(compiled, "ado", {
      inputs: { location: "westeurope", "template-parameters": without("imageSource") },
    });
    expect(result.errors).toEqual([
      `Input 'templateParameters': parameter 'imageSource' of '${DIR}/${compiled}' has no value and no defaultValue (used at properties.source: '[parameters('imageSource')]'). Give it as imageSource=value, or in an ARM parameters file.`,
    ]);
  });

  test("resourceGroup().location needs the location input", async () => {
    const { result } = await render(compiled, "github", {
      inputs: { "template-parameters": CARML_PARAMETERS },
    });
    expect(result.errors).toEqual([
      `Input 'location': is needed: parameters.location.defaultValue of '${DIR}/${compiled}' is '[resourceGroup().location]', and resourceGroup().location is taken from the location input. Set it.`,
    ]);
  });

  test("parameters come from an ARM parameters file in the repository too", async () => {
    const dir = makeWorkspace({
      "image.json": readFileSync(path.join(ROOT, DIR, "aib-windows-gallery.arm.json"), "utf8"),
      "image.parameters.json": JSON.stringify({
        $schema:
          "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
        contentVersion: "1.0.0.0",
        parameters: {
          ImageTemplateName: { value: "win" },
          "api-version": { value: "2022-02-14" },
          SVCLOCATION: { value: "swedencentral" },
        },
      }),
    });
    try {
      const result = await runBundle(
        "github",
        {
          "resource-group": "rg-images",
          "dry-run": "true",
          "template-file": "image.json",
          "template-parameters": "image.parameters.json",
          variables: QUICKSTART_VARIABLES,
        },
        { workspace: dir },
      );
      expect(result.errors).toEqual([]);
      const t = JSON.parse(result.outputs.template!);
      // Parameter names are matched case-insensitively, as Resource Manager does.
      expect(t.location).toBe("swedencentral");
    } finally {
      removeWorkspace(dir);
    }
  });
});

test("the CLI's render reads a quickstart ARM template with template-parameters", async () => {
  const result = await runCli([
    "render",
    "--template-file",
    `${DIR}/aib-windows-gallery.arm.json`,
    "--resource-group",
    "rg-images",
    ...QUICKSTART_PARAMETERS.split("\n").flatMap((p) => ["--template-parameters", p]),
    ...QUICKSTART_VARIABLES.split("\n").flatMap((v) => ["--variables", v]),
  ]);
  expect(result.errors).toEqual([]);
  const t = JSON.parse(result.outputs.template!);
  expect(t.location).toBe("westeurope");
  expect(t.properties.distribute[0]).toMatchObject(SHARED_TWO_REGIONS);
  expect(result.stderr).toMatch(REPLICATION_MAPPED);
});

test("inputs replace what a file cannot have: the ISO quickstart with a source input renders", async () => {
  const { result, template } = await render("aib-2019-rhel-iso.json", "github", {
    inputs: quickstart({ source: "RedHat:RHEL:8-lvm-gen2:latest", identity: "id-aib" }),
  });
  expect(result.errors).toEqual([]);
  expect(template.properties.source).toEqual({
    type: "PlatformImage",
    publisher: "RedHat",
    offer: "RHEL",
    sku: "8-lvm-gen2",
    version: "latest",
  });
  expect(template.properties.distribute).toEqual([
    { ...MANAGED, runOutputName: expect.any(String), artifactTags: expect.any(Object) },
  ]);
});
