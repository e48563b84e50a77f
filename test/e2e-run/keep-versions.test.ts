/**
 * keep-versions on both hosts against the local Azure: after a successful build the oldest of
 * this repository's gallery image versions beyond N are deleted, another repository's and one
 * excluded from latest stay; a dry run lists and deletes nothing; a refused delete is a
 * warning on a step that succeeds.
 */
import { startLocalAzure, type LocalAzure } from "../../local-azure/harness.js";
import { expectConformant } from "../../local-azure/sdk-clients.js";
import { runStep, type HostKind } from "../../local-ci/ci-step.js";
import { baseInputs, stepAgainst } from "../../local-ci/local-azure-step.js";
import { ADO_RUN, GITHUB_RUN } from "../../local-ci/run-bundle.js";

let az: LocalAzure;

beforeAll(async () => {
  az = await startLocalAzure();
});
afterAll(async () => {
  await az?.stop();
});
afterEach(() => {
  az.scenario.deniedActions = [];
  expectConformant(az);
});

const HOSTS: HostKind[] = ["github", "ado"];
const REPOSITORY: Record<HostKind, string> = {
  github: GITHUB_RUN.repository,
  ado: `${ADO_RUN.project}/${ADO_RUN.repository}`,
};
let definitions = 0;

/**
 * A fresh image definition holding three versions of this repository, one of another
 * repository and one of this repository excluded from latest, all older than any build.
 */
function seededDefinition(host: HostKind) {
  const def = az.cloud.addGalleryImage(
    az.defaults.resourceGroup,
    "tidyGallery",
    `app${++definitions}`,
    // Trusted Launch supported, as the product's default source is: no warning to sift through.
    { location: az.location, securityType: "TrustedLaunchSupported" },
  );
  const id = az.cloud.galleryImageId(def.resourceGroup, def.gallery, def.image);
  const ours = { "bake.repository": REPOSITORY[host] };
  const seed = (version: string, date: string, opts: object) =>
    az.cloud.addGalleryImageVersion(id, version, { publishedDate: `${date}T08:00:00Z`, ...opts })
      .id;
  const versions = {
    excluded: seed("0.5.0", "2026-09-01", { tags: ours, excludeFromLatest: true }),
    others: seed("0.9.0", "2026-10-01", { tags: { "bake.repository": "contoso/other-images" } }),
    oldest: seed("1.0.0", "2026-11-01", { tags: ours }),
    older: seed("1.0.1", "2026-11-02", { tags: ours }),
    newest: seed("1.0.2", "2026-11-03", { tags: ours }),
  };
  const left = () => [...def.versions.keys()].sort();
  return { id, versions, left };
}

const build = (galleryImageId: string, more: Record<string, string> = {}) => ({
  ...baseInputs(az),
  "gallery-image-id": galleryImageId,
  "keep-versions": "2",
  ...more,
});

describe("keep-versions", () => {
  test.each(HOSTS)(
    "on %s, deletes the oldest of this repository's versions beyond N, and lists them",
    async (host) => {
      const def = seededDefinition(host);
      const result = await runStep(stepAgainst(az, host, build(def.id)));
      expect(result.errors).toEqual([]);
      expect(result.warnings).toEqual([]);
      expect(result.outputs["run-status"]).toBe("Succeeded");
      const built = result.outputs["image-version-id"]!;
      expect(built).toBe(`${def.id}/versions/1.0.3`);
      // The new one and the newest before it are kept; another repository's and the one
      // excluded from latest are not this pass's to delete.
      expect(def.left()).toEqual(["0.5.0", "0.9.0", "1.0.2", "1.0.3"]);
      expect(JSON.parse(result.outputs["deleted-versions"]!)).toEqual([
        def.versions.oldest,
        def.versions.older,
      ]);
      const log = result.log.join("\n");
      expect(log).toContain(`Deleted ${def.versions.oldest}`);
      expect(log).toContain(`Deleted ${def.versions.older}`);
      expect(result.summary).toContain("### keep-versions: 2");
      expect(result.summary).toMatch(/\| `tidyGallery\/app\d+` \| `1\.0\.0` \|/);
      expect(result.summary).toMatch(/\| `tidyGallery\/app\d+` \| `1\.0\.1` \|/);
    },
  );

  test.each(HOSTS)(
    "on %s, with prune-excluded-versions, also deletes (and counts) a version excluded from latest",
    async (host) => {
      const def = seededDefinition(host);
      const result = await runStep(
        stepAgainst(
          az,
          host,
          build(def.id, { "prune-excluded-versions": "true", "keep-versions": "3" }),
        ),
      );
      expect(result.errors).toEqual([]);
      expect(def.left()).toEqual(["0.9.0", "1.0.1", "1.0.2", "1.0.3"]);
      expect(JSON.parse(result.outputs["deleted-versions"]!)).toEqual([
        def.versions.excluded,
        def.versions.oldest,
      ]);
    },
  );

  test.each(HOSTS)(
    "on %s, a dry run lists what a build would delete and deletes nothing",
    async (host) => {
      const def = seededDefinition(host);
      const from = az.requestLog.length;
      const result = await runStep(stepAgainst(az, host, build(def.id, { "dry-run": "true" })));
      expect(result.errors).toEqual([]);
      expect(def.left()).toEqual(["0.5.0", "0.9.0", "1.0.0", "1.0.1", "1.0.2"]);
      expect(result.outputs["deleted-versions"]).toBe("[]");
      const log = result.log.join("\n");
      expect(log).toContain(`Would delete ${def.versions.oldest}`);
      expect(log).toContain(`Would delete ${def.versions.older}`);
      expect(log).not.toContain(`Would delete ${def.versions.newest}`);
      expect(result.summary).toContain("Would delete 2 older version(s)");
      // It reads, and only reads.
      const arm = az.requestLog.slice(from).filter((r) => r.surface === "arm");
      expect(arm.map((r) => r.method).filter((m) => m !== "GET")).toEqual([]);
      expect(arm.some((r) => r.path === `${def.id}/versions`)).toBe(true);
    },
  );

  test.each(HOSTS)(
    "on %s, a delete the pipeline may not do is a warning naming the version and the fix; the step succeeds",
    async (host) => {
      const def = seededDefinition(host);
      az.scenario.deniedActions = ["Microsoft.Compute/galleries/images/versions/delete"];
      const result = await runStep(stepAgainst(az, host, build(def.id)));
      expect(result.errors).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(result.outputs["run-status"]).toBe("Succeeded");
      expect(result.warnings).toHaveLength(2);
      for (const v of [def.versions.oldest, def.versions.older]) {
        expect(result.warnings.join("\n")).toContain(`Could not delete ${v}`);
      }
      expect(result.warnings[0]).toContain("'Microsoft.Compute/galleries/images/versions/delete'");
      expect(result.warnings[0]).toMatch(/Grant it .+, then run the step again/);
      expect(def.left()).toEqual(["0.5.0", "0.9.0", "1.0.0", "1.0.1", "1.0.2", "1.0.3"]);
      expect(result.outputs["deleted-versions"]).toBe("[]");
      expect(result.log.join("\n")).not.toContain("Deleted /subscriptions/");
      expect(result.summary).toContain(
        "2 version(s) that should go could not be deleted; the warnings say why and what to do.",
      );
    },
  );

  test.each(HOSTS)(
    "on %s, a throttled listing, a delete answered 503 and a throttled poll are retried",
    async (host) => {
      const def = seededDefinition(host);
      const from = az.requestLog.length;
      az.scenario.faults = [
        {
          name: "throttle-list",
          target: "arm",
          method: "GET",
          path: /\/versions$/,
          status: 429,
          retryAfterSeconds: 0,
          count: 1,
        },
        {
          name: "busy-delete",
          target: "arm",
          method: "DELETE",
          path: "/versions/1.0.0",
          status: 503,
          count: 1,
        },
        {
          name: "throttle-poll",
          target: "arm",
          method: "GET",
          path: "/capsOperations/",
          status: 429,
          retryAfterSeconds: 0,
          count: 1,
        },
      ];
      try {
        const result = await runStep(stepAgainst(az, host, build(def.id)));
        expect(result.errors).toEqual([]);
        expect(result.warnings).toEqual([]);
        expect(def.left()).toEqual(["0.5.0", "0.9.0", "1.0.2", "1.0.3"]);
        const hit = az.requestLog
          .slice(from)
          .map((r) => r.fault)
          .filter(Boolean);
        expect(hit.sort()).toEqual(["busy-delete", "throttle-list", "throttle-poll"]);
      } finally {
        az.scenario.faults = [];
      }
    },
  );

  test.each(HOSTS)(
    "on %s, a keep-versions that is not a count is one error naming it",
    async (host) => {
      const def = seededDefinition(host);
      const from = az.requestLog.length;
      const result = await runStep(stepAgainst(az, host, build(def.id, { "keep-versions": "0" })));
      const name = host === "github" ? "keep-versions" : "keepVersions";
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toContain(
        `Input '${name}': '0' is not a number of versions to keep.`,
      );
      expect(az.requestLog.slice(from).filter((r) => r.surface === "arm")).toEqual([]);
    },
  );
});
