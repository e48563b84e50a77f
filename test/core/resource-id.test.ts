import { InputError } from "../../src/core/errors.js";
import {
  parseResourceId,
  requireResourceId,
  RESOURCE_TYPES,
} from "../../src/core/azure/resource-id.js";
import {
  parseImageVersion,
  parsePlan,
  parseSource,
  osTypeOfSource,
} from "../../src/core/inputs/source.js";

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg";

describe("resource IDs", () => {
  test("parse nested types and names", () => {
    const id = parseResourceId(
      `${SUB}/providers/Microsoft.Compute/galleries/g1/images/def/versions/1.0.0/`,
    );
    expect(id).toMatchObject({
      subscriptionId: "00000000-0000-0000-0000-000000000000",
      resourceGroup: "rg",
      type: "Microsoft.Compute/galleries/images/versions",
      names: ["g1", "def", "1.0.0"],
      id: `${SUB}/providers/Microsoft.Compute/galleries/g1/images/def/versions/1.0.0`,
    });
  });

  test.each([
    ["not a path", "rg/thing"],
    [
      "a subscription that is not a GUID",
      "/subscriptions/abc/resourceGroups/rg/providers/Microsoft.Compute/images/x",
    ],
    ["a dangling type", `${SUB}/providers/Microsoft.Compute/images`],
    ["a missing provider", `${SUB}/Microsoft.Compute/images/x`],
  ])("refuse %s", (_, value) => {
    expect(parseResourceId(value)).toBeUndefined();
  });

  test("a wrong type is named with the expected form", () => {
    let error: unknown;
    try {
      requireResourceId(
        "gallery-image-id",
        `${SUB}/providers/Microsoft.Compute/images/x`,
        RESOURCE_TYPES.galleryImage,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problem).toContain(
      "is a Microsoft.Compute/images resource, not an Azure Compute Gallery image definition",
    );
    expect((error as InputError).problem).toContain("/galleries/<gallery>/images/<definition>");
  });

  test("provider types compare case-insensitively, as ARM does", () => {
    expect(
      requireResourceId(
        "managed-image-id",
        `${SUB}/providers/microsoft.compute/IMAGES/x`,
        RESOURCE_TYPES.managedImage,
      ).names,
    ).toEqual(["x"]);
  });
});

describe("sources", () => {
  test("platform images, managed images, gallery definitions and versions", () => {
    expect(parseSource("source", "Canonical:ubuntu-24_04-lts:server:latest")).toEqual({
      type: "PlatformImage",
      publisher: "Canonical",
      offer: "ubuntu-24_04-lts",
      sku: "server",
      version: "latest",
    });
    expect(parseSource("source", `${SUB}/providers/Microsoft.Compute/images/base`)).toEqual({
      type: "ManagedImage",
      imageId: `${SUB}/providers/Microsoft.Compute/images/base`,
    });
    expect(
      parseSource("source", `${SUB}/providers/Microsoft.Compute/galleries/g/images/d`),
    ).toEqual({
      type: "SharedImageVersion",
      imageVersionId: `${SUB}/providers/Microsoft.Compute/galleries/g/images/d/versions/latest`,
    });
    expect(
      parseSource(
        "source",
        `${SUB}/providers/Microsoft.Compute/galleries/g/images/d/versions/1.2.3`,
      ),
    ).toEqual({
      type: "SharedImageVersion",
      imageVersionId: `${SUB}/providers/Microsoft.Compute/galleries/g/images/d/versions/1.2.3`,
    });
  });

  test.each([
    ["Canonical:ubuntu", "is not an image reference"],
    ["Canonical:ubuntu:server:newest", "neither 'latest' nor a version number"],
    [`${SUB}/providers/Microsoft.Storage/storageAccounts/st`, "cannot be a source"],
  ])("refuse %s", (raw, fragment) => {
    expect(() => parseSource("source", raw)).toThrow(fragment);
  });

  test("the OS of well-known publishers", () => {
    expect(
      osTypeOfSource(
        parseSource("source", "MicrosoftWindowsServer:WindowsServer:2022-datacenter:latest"),
      ),
    ).toBe("windows");
    expect(osTypeOfSource(parseSource("source", "RedHat:RHEL:9-lvm-gen2:latest"))).toBe("linux");
    expect(osTypeOfSource(parseSource("source", "someone:thing:sku:latest"))).toBeUndefined();
  });

  test("plans and image versions", () => {
    expect(
      parsePlan("source-plan", "center-for-internet-security-inc:cis-rhel9-l1:cis-rhel9-l1"),
    ).toEqual({
      planPublisher: "center-for-internet-security-inc",
      planProduct: "cis-rhel9-l1",
      planName: "cis-rhel9-l1",
    });
    expect(() => parsePlan("source-plan", "a:b")).toThrow("publisher:product:name");
    expect(parseImageVersion("image-version", "1.4.27")).toBe("1.4.27");
    expect(() => parseImageVersion("image-version", "1.4")).toThrow("major.minor.patch");
    expect(() => parseImageVersion("image-version", "1.4.99999999999")).toThrow(
      "major.minor.patch",
    );
  });
});
