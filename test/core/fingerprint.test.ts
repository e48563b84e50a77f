/**
 * The fingerprint's canonical form: what decides the image changes it, what belongs to one
 * run (names, tags, staged URLs, the version name, the build timeout) does not.
 */
import {
  imageFingerprint,
  canonicalJson,
  type FingerprintInput,
} from "../../src/core/lifecycle/fingerprint.js";
import type { JsonObject } from "../../src/core/template/template-file.js";

const DEF =
  "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/ubuntu";

/** A rendered template as one run makes it: run-specific names in its tags, URLs and outputs. */
function rendered(
  run: string,
  change: (body: JsonObject) => void = () => undefined,
): FingerprintInput {
  const prefix = `owner/repo/${run}/abc123/`;
  const templateName = `bake-repo-${run}-abc123`;
  const blobUrl = `https://acct.blob.core.windows.net/bake/${prefix}scripts/setup.sh`;
  const body: JsonObject = {
    location: "westus2",
    tags: { "bake.run-id": run, team: "platform" },
    identity: { type: "UserAssigned", userAssignedIdentities: { "/id": {} } },
    properties: {
      source: {
        type: "PlatformImage",
        publisher: "Canonical",
        offer: "o",
        sku: "s",
        version: "24.04.1",
      },
      customize: [
        { type: "Shell", name: "setup.sh", scriptUri: blobUrl, sha256Checksum: "aa".repeat(32) },
        { type: "Shell", name: "inline", inline: [`echo ${templateName}`] },
      ],
      distribute: [
        {
          type: "SharedImage",
          galleryImageId: `${DEF}/versions/1.0.${run}`,
          runOutputName: `${templateName}-gallery`,
          artifactTags: { "bake.run-id": run },
          targetRegions: [{ name: "westus2" }, { name: "East US" }],
          excludeFromLatest: false,
        },
      ],
      vmProfile: { vmSize: "Standard_D2s_v3" },
      buildTimeoutInMinutes: Number(run) * 10,
    },
  };
  change(body);
  return {
    body,
    names: { templateName, stagingPrefix: prefix } as FingerprintInput["names"],
    artifacts: [
      {
        source: { relativePath: "scripts/setup.sh" },
        blobUrl,
        blobName: `${prefix}scripts/setup.sh`,
        sha256: "aa".repeat(32),
      } as FingerprintInput["artifacts"][number],
    ],
  };
}

const props = (b: JsonObject) => b.properties as JsonObject;
const gallery = (b: JsonObject) => (props(b).distribute as JsonObject[])[0]!;

test("the canonical JSON sorts keys at every depth", () => {
  expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: "x" })).toBe('{"a":"x","b":[{"c":2,"d":1}]}');
});

test("names, tags, staged URLs, the version name, the timeout and the regions' order belong to the run", () => {
  const first = imageFingerprint(rendered("1"));
  expect(imageFingerprint(rendered("2"))).toBe(first);
  expect(
    imageFingerprint(
      rendered("1", (b) => {
        b.tags = { other: "tag" };
        gallery(b).targetRegions = [{ name: "eastus" }, { name: "westus2" }];
      }),
    ),
  ).toBe(first);
});

test.each<[string, (b: JsonObject) => void]>([
  [
    "a staged file's checksum",
    (b) => void ((props(b).customize as JsonObject[])[0]!.sha256Checksum = "bb"),
  ],
  [
    "an inline command",
    (b) => void ((props(b).customize as JsonObject[])[1]!.inline = ["echo other"]),
  ],
  ["the source version", (b) => void ((props(b).source as JsonObject).version = "24.04.2")],
  [
    "an added region",
    (b) => void (gallery(b).targetRegions as JsonObject[]).push({ name: "northeurope" }),
  ],
  ["the storage type", (b) => void (gallery(b).storageAccountType = "Premium_LRS")],
  ["exclude from latest", (b) => void (gallery(b).excludeFromLatest = true)],
  [
    "the gallery image definition",
    (b) => void (gallery(b).galleryImageId = `${DEF}-2/versions/1.0.0`),
  ],
  ["the VM profile", (b) => void (props(b).vmProfile = { vmSize: "Standard_D4s_v3" })],
])("%s changes it", (_, change) => {
  expect(imageFingerprint(rendered("1", change))).not.toBe(imageFingerprint(rendered("1")));
});

test("a staged file's checksum changes it even where the template does not show it", () => {
  const changed = rendered("1");
  changed.artifacts[0]!.sha256 = "cc".repeat(32);
  expect(imageFingerprint(changed)).not.toBe(imageFingerprint(rendered("1")));
});
