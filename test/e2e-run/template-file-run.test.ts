/**
 * A real run from an ARM deployment template written for an older API: what rendering learns
 * (a secure parameter's value, a field mapped to its 2025-10-01 form) reaches the job before
 * anything else is printed, exactly as in a dry run.
 */
import { startLocalAzure, type LocalAzure } from "../../local-azure/harness.js";
import { expectConformant } from "../../local-azure/sdk-clients.js";
import { runStep, type HostKind, type StepResult } from "../../local-ci/ci-step.js";
import { makeWorkspace, removeWorkspace } from "../../local-ci/run-bundle.js";
import { stepAgainst } from "../../local-ci/local-azure-step.js";

const SECRET = "Svc-Pa55-" + Math.random().toString(36).slice(2, 10);

function deploymentTemplate(): string {
  return JSON.stringify(
    {
      $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
      contentVersion: "1.0.0.0",
      parameters: {
        imageTemplateName: { type: "string" },
        servicePassword: { type: "secureString" },
        galleryImageId: { type: "string" },
      },
      resources: [
        {
          name: "[parameters('imageTemplateName')]",
          type: "Microsoft.VirtualMachineImages/imageTemplates",
          apiVersion: "2020-02-14",
          location: "[resourceGroup().location]",
          properties: {
            source: {
              type: "PlatformImage",
              publisher: "Canonical",
              offer: "ubuntu-24_04-lts",
              sku: "server",
              version: "latest",
            },
            customize: [
              {
                type: "Shell",
                name: "service-account",
                inline: ["[concat('echo svc:', parameters('servicePassword'), ' | chpasswd')]"],
              },
            ],
            distribute: [
              {
                type: "SharedImage",
                galleryImageId: "[parameters('galleryImageId')]",
                runOutputName: "golden",
                replicationRegions: ["[resourceGroup().location]"],
              },
            ],
          },
        },
      ],
    },
    null,
    2,
  );
}

let az: LocalAzure;
beforeAll(async () => {
  az = await startLocalAzure({ templateGetRetryAfterMs: 100 });
});
afterAll(async () => {
  await az?.stop();
});
afterEach(() => expectConformant(az));

describe.each<HostKind>(["github", "ado"])(
  "a real run of an old ARM deployment template on %s",
  (host) => {
    let result: StepResult;
    let workspace: string;
    beforeAll(async () => {
      workspace = makeWorkspace({ "image/azuredeploy.json": deploymentTemplate() });
      const d = az.defaults;
      result = await runStep(
        stepAgainst(
          az,
          host,
          {
            location: az.location,
            "resource-group": d.resourceGroup,
            identity: d.identityId,
            "template-file": "image/azuredeploy.json",
            "template-parameters": [
              `imageTemplateName=ignored`,
              `servicePassword=${SECRET}`,
              `galleryImageId=${d.galleryImageId}`,
            ].join("\n"),
            // Both hosts build the same image; each must build it, not reuse the other's.
            "if-unchanged": "build",
          },
          { workspace },
        ),
      );
    });
    afterAll(() => removeWorkspace(workspace));

    test("builds, with the secure parameter's value in the template Image Builder got", () => {
      expect(result.errors).toEqual([]);
      expect(result.exitCode).toBe(0);
      const name = result.outputs["template-name"]!;
      const received = az.templateHistory().find((h) => h.template.name === name)!.template;
      expect(JSON.stringify(received.properties.customize)).toContain(
        `echo svc:${SECRET} | chpasswd`,
      );
      const distribute = received.properties.distribute as Array<{
        targetRegions?: Array<{ name: string }>;
      }>;
      expect(distribute[0]!.targetRegions!.map((r) => r.name)).toEqual([az.location]);
    });

    test("masks the secure parameter's value and never shows it", () => {
      expect(result.secrets).toContain(SECRET);
      const shown = [...result.log, ...Object.values(result.outputs), result.summary].join("\n");
      expect(shown).not.toContain(SECRET);
    });

    test("tells which old field it mapped to its 2025-10-01 form", () => {
      expect(result.log.join("\n")).toMatch(/replicationRegions.*targetRegions/);
    });
  },
);
