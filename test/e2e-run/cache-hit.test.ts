/**
 * Build only what changed (if-unchanged), on both hosts against the local Azure: a second run
 * with the same inputs reuses the image the first one made, and builds nothing; a changed
 * script, a newer source version or another region builds; so does if-unchanged: build, and a
 * version with the fingerprint that is not (or not everywhere) published.
 */
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startLocalAzure, type LocalAzure } from "../../local-azure/harness.js";
import type { LoggedRequest } from "../../local-azure/request-log.js";
import { runStep, type HostKind, type StepResult } from "../../local-ci/ci-step.js";
import { stepAgainst } from "../../local-ci/local-azure-step.js";
import { makeWorkspace } from "../core/workspace.js";

let az: LocalAzure;
const workspaces: string[] = [];

beforeAll(async () => {
  az = await startLocalAzure({ templateGetRetryAfterMs: 100 });
});
afterAll(async () => {
  await az?.stop();
  for (const w of workspaces) rmSync(w, { recursive: true, force: true });
});

const HOSTS: HostKind[] = ["github", "ado"];
let definitions = 0;

/** A gallery image definition of its own, so no other test's version can match. */
function freshDefinition(): string {
  return az.seed.galleryImage(az.defaults.resourceGroup, "galImages", `cache-${++definitions}`);
}

/** A checkout with one script, and the inputs that stage it and publish to `definition`. */
function setup(definition: string, extra: Record<string, string> = {}) {
  const workspace = makeWorkspace({ "scripts/setup.sh": "#!/bin/bash\necho one\n" });
  workspaces.push(workspace);
  const d = az.defaults;
  const inputs: Record<string, string> = {
    location: az.location,
    "resource-group": d.resourceGroup,
    source: "Canonical:ubuntu-24_04-lts:server:latest",
    identity: d.identityId,
    scripts: "scripts/setup.sh",
    "staging-storage-account": d.storageAccount,
    "staging-container": d.container,
    "gallery-image-id": definition,
    "replication-regions": az.location,
    ...extra,
  };
  return { workspace, inputs };
}

async function run(
  host: HostKind,
  s: { workspace: string; inputs: Record<string, string> },
  more: Record<string, string> = {},
): Promise<{ result: StepResult; requests: LoggedRequest[] }> {
  const from = az.requestLog.length;
  const result = await runStep({
    ...stepAgainst(az, host, { ...s.inputs, ...more }),
    workspace: s.workspace,
  });
  return { result, requests: az.requestLog.slice(from) };
}

const templatePuts = (rs: LoggedRequest[]) =>
  rs.filter((r) => r.method === "PUT" && /imageTemplates/i.test(r.path));
const blobWrites = (rs: LoggedRequest[]) =>
  rs.filter((r) => r.surface !== "arm" && r.surface !== "entra" && r.method === "PUT");
const armRequests = (rs: LoggedRequest[]) => rs.filter((r) => r.surface === "arm");

function expectBuilt(first: { result: StepResult; requests: LoggedRequest[] }) {
  expect(first.result.errors).toEqual([]);
  expect(first.result.outputs["run-status"]).toBe("Succeeded");
  expect(first.result.outputs["cache-hit"]).toBe("false");
  expect(first.result.outputs.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  expect(templatePuts(first.requests)).toHaveLength(1);
}

describe.each(HOSTS)("on %s", (host) => {
  test("the first run builds and tags the version; the second, with the same inputs, reuses it", async () => {
    const definition = freshDefinition();
    const s = setup(definition);
    const first = await run(host, s);
    expectBuilt(first);
    const fingerprint = first.result.outputs.fingerprint!;
    const versionId = first.result.outputs["image-version-id"]!;
    expect(versionId.startsWith(`${definition}/versions/`)).toBe(true);
    const version = az.cloud
      .galleryImageById(definition)!
      .versions.get(versionId.split("/").pop()!)!;
    expect(version.tags?.["bake.fingerprint"]).toBe(fingerprint);
    // The source was pinned before the build: the template names the exact version.
    const template = JSON.parse(first.result.outputs.template!) as {
      tags: Record<string, string>;
      properties: { source: { version: string } };
    };
    expect(template.properties.source.version).toBe("24.04.202611010");
    expect(template.tags["bake.fingerprint"]).toBe(fingerprint);
    expect(first.result.outputs["source-image-version"]).toBe("24.04.202611010");

    const second = await run(host, s);
    expect(second.result.exitCode).toBe(0);
    expect(second.result.errors).toEqual([]);
    expect(second.result.outputs).toMatchObject({
      "cache-hit": "true",
      fingerprint,
      "image-version-id": versionId,
      "image-version-ids": JSON.stringify([versionId]),
      "run-status": "Succeeded",
      "template-name": "",
      "template-id": "",
      "source-image-version": "24.04.202611010",
    });
    expect(Object.values(JSON.parse(second.result.outputs["run-outputs"]!))).toEqual([
      { artifactId: versionId, artifactUri: null },
    ]);
    expect(templatePuts(second.requests)).toEqual([]);
    expect(blobWrites(second.requests)).toEqual([]);
    expect(armRequests(second.requests).length).toBeLessThanOrEqual(8);
    const force = host === "github" ? "if-unchanged: build" : "ifUnchanged: build";
    expect(second.result.log.join("\n")).toContain(`${versionId} was built from the same inputs`);
    expect(second.result.log.join("\n")).toContain(force);
    expect(second.result.summary).toContain(versionId);
    expect(az.cloud.galleryImageById(definition)!.versions.size).toBe(1);
  });

  test("a changed script, a newer source version or another region builds again", async () => {
    const definition = freshDefinition();
    const s = setup(definition);
    const first = await run(host, s);
    expectBuilt(first);

    writeFileSync(path.join(s.workspace, "scripts/setup.sh"), "#!/bin/bash\necho two\n");
    const changedScript = await run(host, s);
    expectBuilt(changedScript);
    expect(changedScript.result.outputs.fingerprint).not.toBe(first.result.outputs.fingerprint);

    // A SKU of its own, so the newer version changes no other test's source.
    const sku = `cache-${host}`;
    az.cloud.platformImages.addPlatformImage("Canonical", "ubuntu-24_04-lts", sku, "24.04.1");
    const own = { source: `Canonical:ubuntu-24_04-lts:${sku}:latest` };
    expectBuilt(await run(host, s, own));
    expect((await run(host, s, own)).result.outputs["cache-hit"]).toBe("true");
    az.cloud.platformImages.addPlatformImage("Canonical", "ubuntu-24_04-lts", sku, "24.04.2");
    const newerSource = await run(host, s, own);
    expectBuilt(newerSource);
    expect(newerSource.result.outputs["source-image-version"]).toBe("24.04.2");

    const addedRegion = await run(host, s, { "replication-regions": `${az.location},eastus` });
    expectBuilt(addedRegion);
  });

  test("if-unchanged: build always builds", async () => {
    const s = setup(freshDefinition(), { "if-unchanged": "build" });
    const first = await run(host, s);
    expectBuilt(first);
    const second = await run(host, s);
    expectBuilt(second);
    expect(second.result.outputs.fingerprint).toBe(first.result.outputs.fingerprint);
    expect(second.result.outputs["image-version-id"]).not.toBe(
      first.result.outputs["image-version-id"],
    );
  });

  test("a version with the fingerprint that failed, or misses a requested region, is not reused", async () => {
    const definition = freshDefinition();
    const s = setup(definition);
    const first = await run(host, s);
    expectBuilt(first);
    const name = first.result.outputs["image-version-id"]!.split("/").pop()!;
    const version = az.cloud.galleryImageById(definition)!.versions.get(name)!;
    version.provisioningState = "Failed";
    const afterFailed = await run(host, s);
    expectBuilt(afterFailed);
    expect(afterFailed.result.outputs.fingerprint).toBe(first.result.outputs.fingerprint);

    const rebuilt = az.cloud
      .galleryImageById(definition)!
      .versions.get(afterFailed.result.outputs["image-version-id"]!.split("/").pop()!)!;
    rebuilt.targetRegions = ["eastus"];
    version.targetRegions = ["eastus"];
    const notReplicated = await run(host, s);
    expectBuilt(notReplicated);
  });

  test("an explicit image-version: the same fingerprint is reused, another one is the error it was", async () => {
    const definition = freshDefinition();
    const s = setup(definition, { "image-version": "1.0.0" });
    expectBuilt(await run(host, s));
    const again = await run(host, s);
    expect(again.result.errors).toEqual([]);
    expect(again.result.outputs["cache-hit"]).toBe("true");
    expect(again.result.outputs["image-version-id"]).toBe(`${definition}/versions/1.0.0`);

    az.cloud.addGalleryImageVersion(definition, "2.0.0", {
      tags: { "bake.fingerprint": "0".repeat(64) },
    });
    const other = await run(host, s, { "image-version": "2.0.0", "inline-script": "echo changed" });
    expect(other.result.exitCode).not.toBe(0);
    expect(other.result.errors.join("\n")).toMatch(/image-?[vV]ersion.*2\.0\.0 already exists/);
    expect(templatePuts(other.requests)).toEqual([]);
  });
});
