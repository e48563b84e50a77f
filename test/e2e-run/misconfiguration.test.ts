/**
 * Mistakes only Azure can reveal: each ends the step at or before the first call that shows it,
 * in exactly one error annotation that names the input or the missing permission (and whose),
 * and nothing is left behind: no image template, no staged blob.
 */
import { startLocalAzure, type LocalAzure } from "../../local-azure/harness.js";
import { expectConformant } from "../../local-azure/sdk-clients.js";
import { runStep, type HostKind, type StepResult } from "../../local-ci/ci-step.js";
import { baseInputs, stagedBlobs, stepAgainst } from "../../local-ci/local-azure-step.js";

let az: LocalAzure;

beforeAll(async () => {
  az = await startLocalAzure({ templateGetRetryAfterMs: 100 });
});
afterAll(async () => {
  await az?.stop();
});
afterEach(() => {
  az.scenario.deniedActions = [];
  az.scenario.unregisteredProviders = [];
  az.scenario.faults = [];
  az.scenario.distributionFailures = [];
  expectConformant(az);
});

const stagedBlobCount = async () => (await stagedBlobs(az)).length;

/** Runs the step; asserts one error, a failed step, and that nothing of it is left. */
async function failsWith(host: HostKind, inputs: Record<string, string>): Promise<string> {
  const before = await stagedBlobCount();
  const templatesBefore = az.liveTemplates().length;
  const result: StepResult = await runStep(stepAgainst(az, host, { ...baseInputs(az), ...inputs }));
  expect(result.exitCode).not.toBe(0);
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).not.toMatch(/^Unexpected error/);
  expect(az.liveTemplates().length).toBe(templatesBefore);
  expect(await stagedBlobCount()).toBe(before);
  return result.errors[0]!;
}

const HOSTS: HostKind[] = ["github", "ado"];
const spell = (host: HostKind, kebab: string) =>
  host === "github" ? kebab : kebab.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

describe.each(HOSTS)("on %s", (host) => {
  test("an identity that does not exist names the identity input", async () => {
    const id = az.defaults.identityId.replace(/[^/]+$/, "id-nobody");
    const error = await failsWith(host, { identity: id, vhd: "true" });
    expect(error).toContain(spell(host, "identity"));
    expect(error).toContain("user-assigned identity that does not exist");
    expect(error).toContain("id-nobody");
  });

  test("a staging account that does not exist names the staging account input", async () => {
    const error = await failsWith(host, {
      "staging-storage-account": "stnosuchaccount",
      vhd: "true",
    });
    expect(error).toContain(spell(host, "staging-storage-account"));
    expect(error).toContain("stnosuchaccount");
  });

  test("a resource group that does not exist names the resource group input", async () => {
    const error = await failsWith(host, { "resource-group": "rg-nowhere", vhd: "true" });
    expect(error).toContain(spell(host, "resource-group"));
    expect(error).toContain("rg-nowhere");
  });

  test("a gallery image definition that does not exist names the gallery input", async () => {
    const id = az.defaults.galleryImageId.replace(/[^/]+$/, "no-such-image");
    const error = await failsWith(host, { "gallery-image-id": id, "image-version": "1.0.0" });
    expect(error).toContain(spell(host, "gallery-image-id"));
    expect(error).toContain("gallery image definition that does not exist");
  });

  test("regions that leave out the gallery's own region name the regions input", async () => {
    const error = await failsWith(host, {
      "gallery-image-id": az.defaults.galleryImageId,
      "image-version": "1.0.1",
      "replication-regions": "eastus, northeurope",
    });
    expect(error).toContain(spell(host, "replication-regions"));
    expect(error).toContain(`must include ${az.location}`);
  });

  test("a Windows image definition for a Linux image names the gallery input", async () => {
    const id = az.seed.galleryImage(az.defaults.resourceGroup, "golden", `win-${host}`, {
      osType: "Windows",
    });
    const error = await failsWith(host, { "gallery-image-id": id, "image-version": "1.0.2" });
    expect(error).toContain(spell(host, "gallery-image-id"));
    expect(error).toContain("is a Windows image definition, but this image is Linux");
  });

  test("an image version that already exists names the version input, before any build", async () => {
    const version = `3.0.${host === "github" ? 1 : 2}`;
    const inputs = { "gallery-image-id": az.defaults.galleryImageId, "image-version": version };
    const first = await runStep(
      stepAgainst(az, host, { ...baseInputs(az), ...inputs, "if-unchanged": "build" }),
    );
    expect(first.errors).toEqual([]);
    // The same inputs would reuse the version (if-unchanged: skip); building it again is the mistake.
    const error = await failsWith(host, { ...inputs, "if-unchanged": "build" });
    expect(error).toContain(spell(host, "image-version"));
    expect(error).toContain(`${version} already exists`);
  });

  test("a missing role on the resource group says which action, where, and for whom", async () => {
    az.scenario.deniedActions = ["Microsoft.VirtualMachineImages/imageTemplates/write"];
    const error = await failsWith(host, { vhd: "true" });
    expect(error).toMatch(
      /^The pipeline's identity \(object ID [^)]+\) may not perform 'Microsoft\.VirtualMachineImages\/imageTemplates\/write' on \/subscriptions\/.+\/resourceGroups\/rg-images\/providers\/Microsoft\.VirtualMachineImages\/imageTemplates\/bake-[^ ]+\. Grant it /,
    );
  });

  test("a pipeline that may not assign the identity is told to get Managed Identity Operator", async () => {
    az.scenario.deniedActions = ["Microsoft.ManagedIdentity/userAssignedIdentities/assign/action"];
    const error = await failsWith(host, { vhd: "true" });
    expect(error).toContain("'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action'");
    expect(error).toContain(az.defaults.identityId);
    expect(error).toContain("Managed Identity Operator on the identity");
  });

  test("a pipeline that may not read the staging account is told which role", async () => {
    az.scenario.deniedActions = ["Microsoft.Storage/storageAccounts/read"];
    const error = await failsWith(host, { vhd: "true" });
    expect(error).toContain("'Microsoft.Storage/storageAccounts/read'");
    expect(error).toContain("Reader on the storage account");
  });

  test("a pipeline that may not write blobs is told to get Storage Blob Data Contributor", async () => {
    az.scenario.faults = [
      { name: "no-write", target: "storage", method: "PUT", path: /\/bake-staging\//, status: 403 },
    ];
    const error = await failsWith(host, { vhd: "true" });
    expect(error).toContain("blobs/write");
    expect(error).toContain("Storage Blob Data Contributor on the container");
    expect(error).toContain(az.defaults.container);
  });

  test("a resource provider the subscription has not registered is named, with the fix", async () => {
    az.scenario.unregisteredProviders = ["Microsoft.VirtualMachineImages"];
    const error = await failsWith(host, { vhd: "true" });
    expect(error).toContain(
      "The subscription is not registered for the resource provider Microsoft.VirtualMachineImages",
    );
    expect(error).toContain("az provider register --namespace Microsoft.VirtualMachineImages");
  });

  test("the template's identity lacking a role on the gallery is told apart from the pipeline's", async () => {
    const scope = az.defaults.galleryImageId;
    const principal = az.defaults.identity.principalId;
    az.scenario.distributionFailures = [
      {
        message: `AuthorizationFailed: The client '${principal}' with object id '${principal}' does not have authorization to perform action 'Microsoft.Compute/galleries/images/versions/write' over scope '${scope}/versions/4.0.${host === "github" ? 1 : 2}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      },
    ];
    const result = await runStep(
      stepAgainst(az, host, {
        ...baseInputs(az),
        "gallery-image-id": scope,
        "image-version": `4.0.${host === "github" ? 1 : 2}`,
        // An earlier test published an image from the same inputs; this one must build.
        "if-unchanged": "build",
      }),
    );
    expect(result.exitCode).not.toBe(0);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain(
      `The template's identity ${az.defaults.identityId} (object ID ${principal}) may not perform 'Microsoft.Compute/galleries/images/versions/write'`,
    );
    expect(result.errors[0]).toContain("Contributor on the gallery");
    expect(az.liveTemplates().some((t) => t.name === result.outputs["template-name"])).toBe(false);
  });
});
