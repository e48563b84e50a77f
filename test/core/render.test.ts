import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { list as listTar } from "tar";
import { runBake } from "../../src/core/main.js";
import { FakeHost } from "./fake-host.js";
import { GALLERY_IMAGE, IDENTITY, MANAGED_IMAGE, makeWorkspace, SUB } from "./workspace.js";

type Json = Record<string, any>;

const BASE = {
  "resource-group": "rg-images",
  "subscription-id": SUB,
  location: "westeurope",
  source: "Canonical:ubuntu-24_04-lts:server:latest",
  identity: IDENTITY,
  "staging-storage-account": "stbake",
  "dry-run": "true",
};

async function render(inputs: Record<string, string>, files: Record<string, string> = {}) {
  const workspace = makeWorkspace(files);
  const host = new FakeHost(inputs, { workspace });
  await runBake(host);
  const template = host.outputs.get("template");
  return { host, workspace, template: template ? (JSON.parse(template) as Json) : undefined };
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("rendering from inputs", () => {
  test("scripts become Shell customizers that point at their staged blob, with checksums", async () => {
    const { host, template } = await render(
      {
        ...BASE,
        scripts: "scripts/*.sh",
        "gallery-image-id": GALLERY_IMAGE,
        "image-version": "1.4.27",
        "replication-regions": "westeurope,northeurope",
      },
      { "scripts/02-b.sh": "echo b\n", "scripts/01-a.sh": "echo a\n", "scripts/notes.txt": "x" },
    );
    expect(host.errors()).toEqual([]);
    const customize = template!.properties.customize as Json[];
    expect(customize.map((c) => c.name)).toEqual(["scripts/01-a.sh", "scripts/02-b.sh"]);
    expect(customize[0]).toMatchObject({ type: "Shell", sha256Checksum: sha256("echo a\n") });
    expect(customize[0]!.scriptUri).toMatch(
      /^https:\/\/stbake\.blob\.core\.windows\.net\/bake-azure-image\/contoso\/golden-images\/1234567890-1\/[0-9a-f]{6}\/scripts\/01-a\.sh$/,
    );
    expect(template!.properties.distribute).toEqual([
      expect.objectContaining({
        type: "SharedImage",
        galleryImageId: `${GALLERY_IMAGE}/versions/1.4.27`,
        targetRegions: [{ name: "westeurope" }, { name: "northeurope" }],
        runOutputName: `${host.outputs.get("template-name")}-gallery`,
      }),
    ]);
  });

  test("Windows: inline PowerShell, updates and restart come after scripts, in that order", async () => {
    const { template } = await render(
      {
        ...BASE,
        source: "MicrosoftWindowsServer:WindowsServer:2022-datacenter-azure-edition:latest",
        scripts: "setup.ps1",
        "inline-script": "Install-WindowsFeature Web-Server\nWrite-Host done",
        "windows-update": "true",
        "windows-restart": "true",
        "managed-image-id": MANAGED_IMAGE,
        vhd: "true",
      },
      { "setup.ps1": "Write-Host setup" },
    );
    const customize = template!.properties.customize as Json[];
    expect(customize.map((c) => c.type)).toEqual([
      "PowerShell",
      "PowerShell",
      "WindowsUpdate",
      "WindowsRestart",
    ]);
    expect(customize[1]!.inline).toEqual(["Install-WindowsFeature Web-Server", "Write-Host done"]);
    expect((template!.properties.distribute as Json[]).map((d) => d.type)).toEqual([
      "ManagedImage",
      "VHD",
    ]);
    expect(template!.properties.distribute[0]).toMatchObject({
      imageId: MANAGED_IMAGE,
      location: "westeurope",
    });
  });

  test("a directory is archived deterministically and unpacked by an added step", async () => {
    const files = { "config/app/a.conf": "a=1\n", "config/app/sub/b.conf": "b=2\n" };
    const first = await render({ ...BASE, files: "config/app => /etc/app", vhd: "true" }, files);
    const second = await render({ ...BASE, files: "config/app => /etc/app", vhd: "true" }, files);
    const [copy, unpack] = first.template!.properties.customize as Json[];
    expect(copy).toMatchObject({ type: "File", destination: "/tmp/bake-azure-image-1.tar.gz" });
    expect(copy!.sourceUri).toMatch(/\/config\/app\.tar\.gz$/);
    expect(unpack).toMatchObject({
      type: "Shell",
      inline: [
        "sudo mkdir -p '/etc/app'",
        "sudo tar -xzf '/tmp/bake-azure-image-1.tar.gz' -C '/etc/app'",
        "rm -f '/tmp/bake-azure-image-1.tar.gz'",
      ],
    });
    expect(second.template!.properties.customize[0].sha256Checksum).toBe(copy!.sha256Checksum);
    const changed = await render(
      { ...BASE, files: "config/app => /etc/app", vhd: "true" },
      { ...files, "config/app/a.conf": "a=2\n" },
    );
    expect(changed.template!.properties.customize[0].sha256Checksum).not.toBe(copy!.sha256Checksum);
  });

  test("the archive holds the directory's files under their relative paths", async () => {
    const { writeTarGz } = await import("../../src/core/staging/archive.js");
    const ws = makeWorkspace({ "d/x.txt": "x", "d/y/z.txt": "z" });
    const out = path.join(ws, "d.tar.gz");
    await writeTarGz(path.join(ws, "d"), out);
    const entries: string[] = [];
    await listTar({ file: out, onReadEntry: (e) => void entries.push(e.path) });
    expect(entries).toEqual(["x.txt", "y/z.txt"]);
    expect(readFileSync(out).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });

  test("tags: user tags, then provenance tags that cannot be overridden", async () => {
    const { template } = await render({
      ...BASE,
      vhd: "true",
      tags: "team=platform\nbake.repository=spoofed",
      "artifact-tags": "baseline=cis",
    });
    expect(template!.tags).toMatchObject({
      team: "platform",
      "bake.repository": "contoso/golden-images",
      "bake.commit": "0123456789abcdef0123456789abcdef01234567",
    });
    expect(template!.properties.distribute[0].artifactTags).toMatchObject({
      baseline: "cis",
      "bake.run-id": "1234567890",
    });
  });

  test("build settings map to vmProfile, timeout and staging resource group", async () => {
    const subnet = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/build`;
    const { template } = await render({
      ...BASE,
      vhd: "true",
      "vm-size": "Standard_D4s_v5",
      "os-disk-size-gb": "128",
      "subnet-id": subnet,
      "build-timeout-minutes": "90",
      "staging-resource-group": "rg-staging",
    });
    expect(template!.properties).toMatchObject({
      vmProfile: { vmSize: "Standard_D4s_v5", osDiskSizeGB: 128, vnetConfig: { subnetId: subnet } },
      buildTimeoutInMinutes: 90,
      stagingResourceGroup: `/subscriptions/${SUB}/resourceGroups/rg-staging`,
    });
  });

  test("an identity name and a gallery definition source become full resource IDs", async () => {
    const { template } = await render({
      ...BASE,
      identity: "id-builder",
      source: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/d`,
      vhd: "true",
      "os-type": "linux",
    });
    expect(Object.keys(template!.identity.userAssignedIdentities)).toEqual([IDENTITY]);
    expect(template!.properties.source.imageVersionId).toMatch(/\/images\/d\/versions\/latest$/);
  });
});

describe("rendering a template file", () => {
  const TEMPLATE = {
    location: "westus3",
    identity: { type: "UserAssigned", userAssignedIdentities: { [IDENTITY]: {} } },
    tags: { owner: "team-a" },
    properties: {
      source: {
        type: "PlatformImage",
        publisher: "Canonical",
        offer: "ubuntu-24_04-lts",
        sku: "server",
        version: "latest",
      },
      customize: [
        { type: "Shell", name: "local", scriptUri: "scripts/setup.sh" },
        { type: "Shell", name: "remote", scriptUri: "https://example.com/x.sh" },
      ],
      validate: {
        inVMValidations: [{ type: "Shell", name: "check", scriptUri: "scripts/check.sh" }],
      },
      errorHandling: { onCustomizerError: "abort" },
      distribute: [
        {
          type: "SharedImage",
          galleryImageId: GALLERY_IMAGE,
          runOutputName: "fixed",
          versioning: { scheme: "Latest", major: 3 },
        },
      ],
      buildTimeoutInMinutes: 100,
    },
  };

  test("local paths are resolved against the file and staged; remote URIs are kept; inputs extend it", async () => {
    const { host, template } = await render(
      {
        "resource-group": "rg-images",
        "template-file": "image/template.json",
        "staging-storage-account": "stbake",
        scripts: "post.sh",
        "dry-run": "true",
      },
      {
        "image/template.json": JSON.stringify(TEMPLATE),
        "image/scripts/setup.sh": "setup",
        "image/scripts/check.sh": "check",
        "post.sh": "post",
      },
    );
    expect(host.errors()).toEqual([]);
    expect(template!.location).toBe("westus3");
    expect(template!.tags.owner).toBe("team-a");
    const customize = template!.properties.customize as Json[];
    expect(customize.map((c) => c.name)).toEqual(["local", "remote", "post.sh"]);
    expect(customize[0]).toMatchObject({ sha256Checksum: sha256("setup") });
    expect(customize[0]!.scriptUri).toMatch(/\/image\/scripts\/setup\.sh$/);
    expect(customize[1]).toEqual({
      type: "Shell",
      name: "remote",
      scriptUri: "https://example.com/x.sh",
    });
    expect(template!.properties.validate.inVMValidations[0]).toMatchObject({
      sha256Checksum: sha256("check"),
    });
    expect(template!.properties.errorHandling).toEqual({ onCustomizerError: "abort" });
    expect(template!.properties.buildTimeoutInMinutes).toBe(100);
    expect(template!.properties.distribute[0].runOutputName).toBe(
      `${host.outputs.get("template-name")}-gallery`,
    );
    expect(template!.properties.distribute[0].versioning).toEqual({ scheme: "Latest", major: 3 });
  });

  test("inputs override the file's location, identity, source and timeout", async () => {
    const other = IDENTITY.replace("id-builder", "id-other");
    const { template } = await render(
      {
        "resource-group": "rg-images",
        "template-file": "t.json",
        location: "northeurope",
        identity: other,
        source: "Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:latest",
        "build-timeout-minutes": "30",
        "dry-run": "true",
        "staging-storage-account": "stbake",
      },
      { "t.json": JSON.stringify(TEMPLATE), "scripts/setup.sh": "s", "scripts/check.sh": "c" },
    );
    expect(template!.location).toBe("northeurope");
    expect(Object.keys(template!.identity.userAssignedIdentities)).toEqual([other]);
    expect(template!.properties.source.offer).toBe("0001-com-ubuntu-server-jammy");
    expect(template!.properties.buildTimeoutInMinutes).toBe(30);
  });

  test("a schema violation is one error naming template-file with the path and the allowed values", async () => {
    const bad = structuredClone(TEMPLATE) as Json;
    bad.properties.customize = [{ type: "shell", inline: ["x"] }];
    const { host, template } = await render(
      {
        "resource-group": "rg-images",
        "template-file": "t.json",
        "dry-run": "true",
        "staging-storage-account": "stbake",
      },
      { "t.json": JSON.stringify(bad), "scripts/check.sh": "c" },
    );
    expect(template).toBeUndefined();
    expect(host.failed).toBe(true);
    expect(host.errors()).toHaveLength(1);
    expect(host.errors()[0]).toContain("Input 'template-file'");
    expect(host.errors()[0]).toContain(
      "properties.customize[0].type: must be one of Shell, WindowsRestart, WindowsUpdate, PowerShell, File (case-sensitive)",
    );
    expect(host.errors()[0]).not.toContain("diskSize");
  });

  test("an unknown property is one error naming its path and the closest valid name", async () => {
    const bad = structuredClone(TEMPLATE) as Json;
    bad.properties.vmProfile = { vmSize: "x", diskSize: 3 };
    bad.properties.customize = [{ type: "Shell", name: "a", scriptURI: "https://x/a.sh" }];
    const { host, template } = await render(
      {
        "resource-group": "rg-images",
        "template-file": "t.json",
        "dry-run": "true",
        "staging-storage-account": "stbake",
      },
      { "t.json": JSON.stringify(bad) },
    );
    expect(template).toBeUndefined();
    expect(host.errors()).toEqual([
      "Input 'template-file': properties.customize[0].scriptURI in 't.json' is not a property of Image Builder API 2025-10-01; did you mean 'scriptUri'?",
    ]);
  });
});

describe("the OS type", () => {
  test.each([
    [
      { scripts: "a.sh\nb.ps1" },
      "scripts",
      "'b.ps1' is a PowerShell script, but 'a.sh' is a shell script",
    ],
    [
      { scripts: "a.sh", "os-type": "windows" },
      "scripts",
      "'a.sh' is a shell script, but os-type is windows",
    ],
    [
      { "windows-update": "true", source: "Canonical:ubuntu-24_04-lts:server:latest" },
      "source",
      "the source image is a Linux image, but windows-update is true",
    ],
    [
      { "inline-script": "echo hi", source: "someone:image:sku:latest" },
      "os-type",
      "could not be inferred, and inline-script needs it",
    ],
  ])("conflicts and gaps are named (%o)", async (inputs, input, fragment) => {
    const { host } = await render(
      { ...BASE, vhd: "true", ...inputs },
      { "a.sh": "x", "b.ps1": "y" },
    );
    expect(host.errors()).toHaveLength(1);
    expect(host.errors()[0]).toContain(`Input '${input}'`);
    expect(host.errors()[0]).toContain(fragment);
  });
});

describe("the dry run's report", () => {
  test("prints the template in a group, sets outputs and writes a summary", async () => {
    const { host, template } = await render(
      { ...BASE, scripts: "a.sh", vhd: "true" },
      { "a.sh": "echo" },
    );
    expect(
      host.log.find((l) => l.startsWith("[group] Image template bake-golden-images-1234567890-1-")),
    ).toBeDefined();
    expect(host.log).toContain(JSON.stringify(template, null, 2));
    expect(host.outputs.get("template-name")).toMatch(
      /^bake-golden-images-1234567890-1-[0-9a-f]{6}$/,
    );
    expect(host.summaries.join("")).toContain("| 1 | Shell `a.sh` | `a.sh` |");
    expect(host.failed).toBe(false);
  });
});
