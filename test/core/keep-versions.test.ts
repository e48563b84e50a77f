import { describe, expect, it } from "@jest/globals";
import { InputError } from "../../src/core/errors.js";
import {
  readKeepVersions,
  selectVersionsToDelete,
  type GalleryVersionFacts,
} from "../../src/core/lifecycle/keep-versions.js";
import {
  galleryDefinitionsOf,
  galleryVersionsOf,
} from "../../src/core/lifecycle/keep-versions-run.js";
import type { JsonObject } from "../../src/core/template/template-file.js";

const DEF =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/app";
const REPO = "contoso/golden-images";

function version(
  name: string,
  publishedDate: string | undefined,
  more: Partial<GalleryVersionFacts> & { repository?: string } = {},
): GalleryVersionFacts {
  const { repository = REPO, ...rest } = more;
  return {
    id: `${DEF}/versions/${name}`,
    name,
    tags: { "bake.repository": repository },
    excludeFromLatest: false,
    publishedDate,
    provisioningState: "Succeeded",
    ...rest,
  };
}

const names = (vs: GalleryVersionFacts[]) => vs.map((v) => v.name);

describe("which gallery image versions keep-versions deletes", () => {
  const policy = { keep: 2, pruneExcluded: false };

  it("keeps the newest by publishedDate, the one just built counting as one, and deletes the oldest first", () => {
    const versions = [
      version("1.0.2", "2026-11-03T00:00:00Z"),
      version("1.0.0", "2026-11-01T00:00:00Z"),
      version("1.0.3", "2026-11-04T00:00:00Z"),
      version("1.0.1", "2026-11-02T00:00:00Z"),
      version("1.0.4", "2026-11-05T00:00:00Z"),
    ];
    const plan = selectVersionsToDelete(versions, policy, REPO, [`${DEF}/versions/1.0.4`]);
    expect(names(plan.kept)).toEqual(["1.0.3"]);
    expect(names(plan.deleted)).toEqual(["1.0.0", "1.0.1", "1.0.2"]);
  });

  it("orders by date before version number, and by version number (not text) on the same date", () => {
    const same = "2026-11-01T00:00:00Z";
    const versions = [
      version("9.0.0", "2026-10-01T00:00:00Z"),
      version("1.9.0", same),
      version("1.10.0", same),
    ];
    const plan = selectVersionsToDelete(versions, { keep: 3, pruneExcluded: false }, REPO, []);
    expect(names(plan.kept)).toEqual(["1.10.0", "1.9.0"]);
    expect(names(plan.deleted)).toEqual(["9.0.0"]);
  });

  it("never touches another repository's versions, nor counts them", () => {
    const versions = [
      version("1.0.0", "2026-11-01T00:00:00Z", { repository: "contoso/other" }),
      version("1.0.1", "2026-11-02T00:00:00Z"),
      version("1.0.2", "2026-11-03T00:00:00Z", { tags: {} }),
      version("1.0.3", "2026-11-04T00:00:00Z"),
    ];
    const plan = selectVersionsToDelete(versions, policy, REPO, []);
    expect(names(plan.kept)).toEqual(["1.0.3"]);
    expect(names(plan.deleted)).toEqual(["1.0.1"]);
  });

  it("leaves versions excluded from latest alone unless asked, and then counts them too", () => {
    const versions = [
      version("1.0.0", "2026-11-01T00:00:00Z", { excludeFromLatest: true }),
      version("1.0.1", "2026-11-02T00:00:00Z"),
      version("1.0.2", "2026-11-03T00:00:00Z", { excludeFromLatest: true }),
    ];
    const keepOne = { keep: 1, pruneExcluded: false };
    expect(names(selectVersionsToDelete(versions, keepOne, REPO, []).deleted)).toEqual(["1.0.1"]);
    const pruning = selectVersionsToDelete(versions, { keep: 2, pruneExcluded: true }, REPO, []);
    expect(names(pruning.kept)).toEqual(["1.0.2"]);
    expect(names(pruning.deleted)).toEqual(["1.0.0", "1.0.1"]);
  });

  it("never deletes the version just built, whatever its date, nor one another operation works on", () => {
    const versions = [
      version("2.0.0", "2026-01-01T00:00:00Z"),
      version("1.0.0", "2026-11-01T00:00:00Z", { provisioningState: "Creating" }),
      version("1.0.1", "2026-11-02T00:00:00Z"),
    ];
    const plan = selectVersionsToDelete(versions, { keep: 1, pruneExcluded: false }, REPO, [
      `${DEF.toUpperCase()}/VERSIONS/2.0.0`,
    ]);
    expect(names(plan.kept)).toEqual([]);
    expect(names(plan.deleted)).toEqual(["1.0.1"]);
  });

  it("treats a version without a publishedDate as the oldest", () => {
    const versions = [version("3.0.0", undefined), version("1.0.0", "2026-11-01T00:00:00Z")];
    const plan = selectVersionsToDelete(versions, policy, REPO, []);
    expect(names(plan.deleted)).toEqual(["3.0.0"]);
  });
});

describe("the keep-versions inputs", () => {
  const GALLERY = { "gallery-image-id": DEF };
  const read = (values: Record<string, string>) =>
    readKeepVersions((n) => ({ ...GALLERY, ...values })[n]);
  const problem = (values: Record<string, string>) => {
    try {
      read(values);
    } catch (e) {
      return e instanceof InputError ? `${e.input}: ${e.problem}` : String(e);
    }
    return "no error";
  };

  it("keeps everything when empty, and reads a positive whole number", () => {
    expect(read({})).toBeUndefined();
    expect(read({ "keep-versions": "" })).toBeUndefined();
    expect(read({ "keep-versions": "3" })).toEqual({ keep: 3, pruneExcluded: false });
    expect(read({ "keep-versions": "1", "prune-excluded-versions": "true" })).toEqual({
      keep: 1,
      pruneExcluded: true,
    });
  });

  it.each(["0", "-1", "2.5", "three", "1001"])(
    "refuses %s with one error naming the input",
    (v) => {
      expect(problem({ "keep-versions": v })).toMatch(
        /^keep-versions: '.+' is not a number of versions to keep\. Use a whole number from 1 to 1000/,
      );
    },
  );

  it("refuses keep-versions without a gallery target, unless a template file may name one", () => {
    const alone = (values: Record<string, string>) => {
      try {
        readKeepVersions((n) => values[n]);
      } catch (e) {
        return (e as InputError).input + ": " + (e as InputError).problem;
      }
      return "no error";
    };
    expect(alone({ "keep-versions": "2" })).toMatch(
      /^keep-versions: applies to the versions of a gallery image definition, and \{\{gallery-image-id\}\} is not set/,
    );
    expect(alone({ "keep-versions": "2", "template-file": "image.json" })).toBe("no error");
  });

  it("refuses prune-excluded-versions without keep-versions, and a non-boolean", () => {
    expect(problem({ "prune-excluded-versions": "true" })).toMatch(
      /^prune-excluded-versions: applies only with \{\{keep-versions\}\}/,
    );
    expect(problem({ "keep-versions": "2", "prune-excluded-versions": "yes" })).toMatch(
      /^prune-excluded-versions: 'yes' is not a boolean/,
    );
  });
});

describe("what a run's template and outputs say keep-versions is about", () => {
  it("takes each gallery definition a template distributes to once, without a version", () => {
    const template: JsonObject = {
      properties: {
        distribute: [
          { type: "SharedImage", galleryImageId: `${DEF}/versions/1.2.3` },
          { type: "SharedImage", galleryImageId: DEF.toLowerCase() },
          {
            type: "ManagedImage",
            imageId: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/images/i",
          },
          { type: "VHD" },
        ],
      },
    };
    expect(galleryDefinitionsOf(template)).toEqual([DEF]);
  });

  it("takes the gallery image versions among a run's artifacts", () => {
    expect(
      galleryVersionsOf([
        { runOutputName: "g", artifactId: `${DEF}/versions/1.0.4` },
        {
          runOutputName: "m",
          artifactId: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/images/i",
        },
        { runOutputName: "v", artifactUri: "https://account.blob.core.windows.net/vhds/x.vhd" },
      ]),
    ).toEqual([`${DEF}/versions/1.0.4`]);
  });
});
