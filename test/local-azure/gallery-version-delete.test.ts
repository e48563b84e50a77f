import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import {
  createDefaultHttpClient,
  createPipelineRequest,
  type HttpMethods,
} from "@azure/core-rest-pipeline";
import type { ImageBuilderClient } from "@azure/arm-imagebuilder";
import { startLocalAzure, type LocalAzure } from "../../local-azure/harness.js";
import { expectConformant, imageBuilderClient } from "../../local-azure/sdk-clients.js";

const COMPUTE_API = "2024-03-03";
const httpClient = createDefaultHttpClient();

describe("deleting a gallery image version, as Compute does", () => {
  let az: LocalAzure;
  let client: ImageBuilderClient;
  beforeAll(async () => {
    az = await startLocalAzure();
    client = imageBuilderClient(az);
  });
  afterAll(async () => {
    await az?.stop();
  });
  afterEach(() => {
    az.scenario.deniedActions = [];
    expectConformant(az);
  });

  async function send(method: HttpMethods, url: string) {
    const full = url.startsWith("https://")
      ? url
      : `${az.armEndpoint}${url}?api-version=${COMPUTE_API}`;
    const response = await client.pipeline.sendRequest(
      httpClient,
      createPipelineRequest({ url: full, method, tlsSettings: az.clientOptions.tlsOptions }),
    );
    return {
      status: response.status,
      headers: response.headers,
      json: response.bodyAsText ? (JSON.parse(response.bodyAsText) as Record<string, any>) : {},
    };
  }

  it("answers 202 with an operation on capsOperations, shows Deleting, then the version is gone", async () => {
    const def = az.defaults.galleryImageId;
    const doomed = az.cloud.addGalleryImageVersion(def, "1.0.1").id;
    const kept = az.cloud.addGalleryImageVersion(def, "1.0.2").id;

    const accepted = await send("DELETE", doomed);
    expect(accepted.status).toBe(202);
    const operation = accepted.headers.get("azure-asyncoperation")!;
    expect(operation).toMatch(
      new RegExp(
        `^${az.armEndpoint}/subscriptions/${az.subscriptionId}/providers/Microsoft\\.Compute/locations/[a-z0-9]+/capsOperations/[0-9a-f-]{36}\\?api-version=${COMPUTE_API}$`,
      ),
    );
    expect(accepted.headers.get("location")).toBe(`${operation}&monitor=true`);
    expect(accepted.headers.get("retry-after")).toBeDefined();
    expect((await send("GET", doomed)).json.properties.provisioningState).toBe("Deleting");

    const first = await send("GET", operation);
    expect(first.json).toMatchObject({ status: "InProgress" });
    const done = await send("GET", operation);
    expect(done.json).toMatchObject({ status: "Succeeded", endTime: expect.any(String) });
    expect((await send("GET", accepted.headers.get("location")!)).status).toBe(200);

    expect((await send("GET", doomed)).status).toBe(404);
    const left = await send("GET", `${def}/versions`);
    expect(left.json.value.map((v: { id: string }) => v.id)).toEqual([kept]);
    // A DELETE of what is not there is answered as Resource Manager does: 204, nothing to do.
    expect((await send("DELETE", doomed)).status).toBe(204);
  });

  it("refuses the delete when the pipeline lacks the delete action, and keeps the version", async () => {
    const id = az.cloud.addGalleryImageVersion(az.defaults.galleryImageId, "2.0.0").id;
    az.scenario.deniedActions = ["Microsoft.Compute/galleries/images/versions/delete"];
    const refused = await send("DELETE", id);
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("AuthorizationFailed");
    expect(refused.json.error.message).toContain(
      "'Microsoft.Compute/galleries/images/versions/delete'",
    );
    az.scenario.deniedActions = [];
    expect((await send("GET", id)).json.properties.provisioningState).toBe("Succeeded");
  });
});
