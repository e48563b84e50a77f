import { afterAll, beforeAll, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { request } from "node:https";
import path from "node:path";
import { SpecConformance } from "../../local-azure/conformance.js";
import { startLocalAzure, type LocalAzure } from "../../local-azure/harness.js";
import { secretCredential } from "../../local-azure/sdk-clients.js";
import { describeWithRawSpec } from "../support/raw-spec.js";

interface Example {
  parameters: Record<string, unknown>;
  responses: Record<string, unknown>;
}

/** Replays every x-ms-example of the spec against the emulator, in an order that makes them meaningful. */
describeWithRawSpec("x-ms-examples replay", (specDir) => {
  let az: LocalAzure;
  let token: string;
  beforeAll(async () => {
    az = await startLocalAzure({
      timeline: {
        ...(await import("../../local-azure/scenario.js")).defaultScenario().timeline,
        customizerMs: 1500,
      },
    });
    az.seed.resourceGroup("myResourceGroup");
    az.seed.externalFile("https://example.com/path/to/script.sh", "echo example\n");
    token = (await secretCredential(az).getToken(`${az.armAudience}/.default`)).token;
  });
  afterAll(async () => {
    await az?.stop();
  });

  const spec = SpecConformance.get();
  const ORDER = [
    "CreateImageTemplateLinux",
    "CreateImageTemplateWindows",
    "GetImageTemplate",
    "ListImageTemplates",
    "ListImageTemplatesByRg",
    "UpdateImageTemplateTags",
    "UpdateImageTemplateVmProfile",
    "UpdateImageTemplateToRemoveIdentities",
    "RunImageTemplate",
    "CancelImageBuild",
    "ListRunOutputs",
    "GetRunOutput",
    "CreateSourceImageTrigger",
    "GetTrigger",
    "ListTriggers",
    "DeleteTrigger",
    "OperationsList",
    "DeleteImageTemplate",
  ];
  // Where the emulator's answer legitimately differs from the example's canned one.
  const EXPLAINED: Record<string, number[]> = {
    // The example's run output belongs to a run the example never made; this template's outputs are named by its distributors.
    GetRunOutput: [404],
  };

  // Both create examples use one name; the second PUT would rightly be the 409 "update not supported".
  const RENAMED: Record<string, Record<string, string>> = {
    CreateImageTemplateWindows: { imageTemplateName: "myWindowsImageTemplate" },
  };

  async function provisioned(rg: string, name: string): Promise<void> {
    while (az.imageTemplate(rg, name)?.provisioningState === "Creating")
      await new Promise((r) => setTimeout(r, 20));
  }

  const cases = spec
    .operations()
    .flatMap((op) =>
      Object.values(op.examples).map((ref) => ({ op, file: path.basename(ref, ".json") })),
    )
    .sort((a, b) => ORDER.indexOf(a.file) - ORDER.indexOf(b.file));

  it("covers every example", () => {
    expect(cases.map((c) => c.file).sort()).toEqual([...ORDER].sort());
  });

  it.each(cases.map((c) => [c.file, c] as const))("%s", async (_name, { op, file }) => {
    const example = JSON.parse(
      readFileSync(path.join(specDir, "examples", `${file}.json`), "utf8"),
    ) as Example;
    const params: Record<string, unknown> = {
      ...example.parameters,
      subscriptionId: az.subscriptionId,
      ...(RENAMED[file] ?? {}),
    };
    if (file === "RunImageTemplate")
      await provisioned(String(params.resourceGroupName), String(params.imageTemplateName));
    if (file === "DeleteImageTemplate")
      await az.runFinished(String(params.resourceGroupName), String(params.imageTemplateName));
    let urlPath = op.pathTemplate.replace(/\{([^}]+)\}/g, (_m, name: string) =>
      encodeURIComponent(String(params[name])),
    );
    urlPath = urlPath.replace(/\{subscription-id\}/g, az.subscriptionId);
    const body =
      params.parameters === undefined
        ? undefined
        : JSON.stringify(params.parameters).replace(/\{subscription-id\}/g, az.subscriptionId);
    const before = az.conformanceViolations.length;
    const answer = await send(
      op.method,
      `${az.armEndpoint}${urlPath}?api-version=${String(params["api-version"])}`,
      body,
    );
    const allowed = [...Object.keys(example.responses).map(Number), ...(EXPLAINED[file] ?? [])];
    expect(
      allowed.includes(answer.status) ? "expected status" : `${answer.status} ${answer.body}`,
    ).toBe("expected status");
    expect(az.conformanceViolations.slice(before)).toEqual([]);
  });

  function send(
    method: string,
    url: string,
    body?: string,
  ): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          ca: az.caCertPem,
          headers: {
            Authorization: `Bearer ${token}`,
            ...(body ? { "Content-Type": "application/json" } : {}),
          },
        },
        (res) => {
          let text = "";
          res.on("data", (c: Buffer) => (text += c.toString()));
          res.on("end", () => resolve({ status: res.statusCode!, body: text }));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }
});
