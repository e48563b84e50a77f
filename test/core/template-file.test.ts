import { InputError } from "../../src/core/errors.js";
import { resolveLocalPath } from "../../src/core/inputs/local-paths.js";
import { loadTemplateFile, substituteVariables } from "../../src/core/template/template-file.js";
import { readTemplateParameters } from "../../src/core/template/template-parameters.js";
import { makeWorkspace } from "./workspace.js";

function load(files: Record<string, string>, name: string, variables: Record<string, string> = {}) {
  const ws = makeWorkspace(files);
  return loadTemplateFile(resolveLocalPath("template-file", name, ws, ws), variables);
}

function problem(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e.problem;
    throw e;
  }
  throw new Error("expected an InputError");
}

describe("template files", () => {
  test("the ARM resource shape and the properties-only shape both load", () => {
    const resource = load(
      {
        "t.json": JSON.stringify({
          type: "Microsoft.VirtualMachineImages/imageTemplates",
          apiVersion: "2025-10-01",
          name: "x",
          location: "westus",
          tags: { a: "b" },
          properties: { source: { type: "PlatformImage" } },
        }),
      },
      "t.json",
    );
    expect(resource.resource).toEqual({
      location: "westus",
      tags: { a: "b" },
      properties: { source: { type: "PlatformImage" } },
    });
    const props = load({ "t.yaml": "source:\n  type: ManagedImage\n  imageId: x\n" }, "t.yaml");
    expect(props.resource).toEqual({
      properties: { source: { type: "ManagedImage", imageId: "x" } },
    });
  });

  test("syntax errors name the file and the position", () => {
    expect(problem(() => load({ "t.json": '{ "properties": ' }, "t.json"))).toMatch(
      /'t.json' is not valid JSON/,
    );
    expect(problem(() => load({ "t.yml": "properties:\n  source: [\n" }, "t.yml"))).toMatch(
      /'t.yml' is not valid YAML \(line \d+, column \d+\)/,
    );
    expect(problem(() => load({ "t.yml": "a: 1\na: 2\n" }, "t.yml"))).toMatch(/not valid YAML/);
  });

  test("a resource of another type or with unknown top-level keys is refused", () => {
    expect(
      problem(() =>
        load(
          { "t.json": JSON.stringify({ type: "Microsoft.Compute/images", properties: {} }) },
          "t.json",
        ),
      ),
    ).toContain("describes a Microsoft.Compute/images");
    expect(
      problem(() => load({ "t.json": JSON.stringify({ properties: {}, sku: "x" }) }, "t.json")),
    ).toContain("unknown top-level property 'sku'");
    expect(problem(() => load({ "t.json": "[]" }, "t.json"))).toContain("must hold an object");
  });

  test("variables are substituted in every string; $${X} is a literal; inline commands keep unknown ${X}", () => {
    const out = substituteVariables(
      {
        distribute: [{ galleryImageId: "${G}/x" }],
        customize: [{ inline: ["echo ${V} ${HOME} $${V}"] }],
        note: "$${NOT_A_VARIABLE}",
      },
      { G: "/gal", V: "1.2" },
    );
    expect(out).toEqual({
      distribute: [{ galleryImageId: "/gal/x" }],
      customize: [{ inline: ["echo 1.2 ${HOME} ${V}"] }],
      note: "${NOT_A_VARIABLE}",
    });
  });

  test("an undefined variable outside inline commands is an error that says where", () => {
    expect(
      problem(() =>
        substituteVariables({ properties: { distribute: [{ galleryImageId: "${GALLERY}" }] } }, {}),
      ),
    ).toContain(
      "properties.distribute[0].galleryImageId uses ${GALLERY}, but no variable GALLERY is defined",
    );
  });
});

describe("template file shapes", () => {
  test("the output of az image builder show loses its read-only fields, listed once", () => {
    const show = {
      id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.VirtualMachineImages/imageTemplates/t",
      name: "t",
      type: "Microsoft.VirtualMachineImages/imageTemplates",
      location: "westeurope",
      resourceGroup: "rg",
      systemData: { createdBy: "someone" },
      tags: {},
      kind: null,
      identity: {
        type: "UserAssigned",
        userAssignedIdentities: { "/id": { principalId: "p", clientId: "c" } },
      },
      properties: {
        provisioningState: "Succeeded",
        lastRunStatus: { runState: "Succeeded" },
        exactStagingResourceGroup: "/subscriptions/s/resourceGroups/IT_rg_t",
        source: {
          type: "PlatformImage",
          publisher: "p",
          offer: "o",
          sku: "s",
          version: "latest",
          exactVersion: "1.2.3",
        },
        distribute: [{ type: "VHD", runOutputName: "vhd" }],
        vmProfile: { vmSize: "Standard_D2s_v3", vnetConfig: null },
      },
    };
    const loaded = load({ "show.json": JSON.stringify(show) }, "show.json");
    expect(loaded.notices).toEqual([
      "'show.json': read-only fields that Azure sets are dropped: id, name, resourceGroup, systemData, properties.provisioningState, properties.lastRunStatus, properties.exactStagingResourceGroup, properties.source.exactVersion, identity.userAssignedIdentities[*].clientId/principalId.",
    ]);
    expect(loaded.resource).toEqual({
      location: "westeurope",
      tags: {},
      identity: { type: "UserAssigned", userAssignedIdentities: { "/id": {} } },
      properties: {
        source: { type: "PlatformImage", publisher: "p", offer: "o", sku: "s", version: "latest" },
        distribute: [{ type: "VHD", runOutputName: "vhd" }],
        vmProfile: { vmSize: "Standard_D2s_v3" },
      },
    });
  });

  test("the quickstarts' partial type is read; an API older than 2019-05-01-preview is refused", () => {
    const doc = {
      type: "Microsoft.VirtualMachineImages",
      apiVersion: "2019-05-01-preview",
      properties: { source: { type: "PlatformImage" } },
    };
    expect(load({ "q.json": JSON.stringify(doc) }, "q.json").resource.properties).toEqual({
      source: { type: "PlatformImage" },
    });
    expect(
      problem(() =>
        load({ "q.json": JSON.stringify({ ...doc, apiVersion: "2019-02-01-preview" }) }, "q.json"),
      ),
    ).toMatch(/^'q.json' is written for Image Builder API 2019-02-01-preview/);
  });

  test("the singular type of the 2021-10-01 examples is the same resource; another type is not", () => {
    const doc = {
      type: "Microsoft.VirtualMachineImages/imageTemplate",
      properties: { source: { type: "PlatformImage" } },
    };
    expect(load({ "s.json": JSON.stringify(doc) }, "s.json").resource.properties).toEqual({
      source: { type: "PlatformImage" },
    });
    expect(
      problem(() =>
        load(
          { "s.json": JSON.stringify({ ...doc, type: "Microsoft.VirtualMachineImages/images" }) },
          "s.json",
        ),
      ),
    ).toMatch(/describes a Microsoft\.VirtualMachineImages\/images, not a/);
  });

  test("an identity naming user-assigned identities without a type is UserAssigned, noticed", () => {
    const id =
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id";
    const loaded = load(
      {
        "i.json": JSON.stringify({
          identity: { userAssignedIdentities: { [id]: {} } },
          properties: { source: { type: "PlatformImage" } },
        }),
      },
      "i.json",
    );
    expect(loaded.resource.identity).toEqual({
      type: "UserAssigned",
      userAssignedIdentities: { [id]: {} },
    });
    expect(loaded.notices).toEqual([
      "'i.json': identity.type is set to UserAssigned, which its userAssignedIdentities imply.",
    ]);
    const none = load(
      { "n.json": JSON.stringify({ identity: { type: "None" }, properties: {} }) },
      "n.json",
    );
    expect(none.resource.identity).toEqual({ type: "None" });
    expect(none.notices).toEqual([]);
  });

  test("a quickstart <placeholder> is a variable; one left undefined is one error naming it", () => {
    const doc = {
      location: "<region1>",
      properties: {
        distribute: [{ type: "VHD", runOutputName: "<runOutputName>" }],
        customize: [{ type: "Shell", inline: ["echo <b>"] }],
      },
    };
    const loaded = load({ "q.json": JSON.stringify(doc) }, "q.json", { region1: "westeurope" });
    expect(loaded.resource.location).toBe("westeurope");
    expect(loaded.resource.properties.customize).toEqual([{ type: "Shell", inline: ["echo <b>"] }]);
    expect(problem(() => load({ "q.json": JSON.stringify(doc) }, "q.json"))).toBe(
      "location holds the placeholder <region1>, which the file expects to be replaced. Define it in {{variables}} (region1=value), or write the value in the file.",
    );
  });

  test("an unknown property is named with its path and the closest valid name", () => {
    const doc = {
      properties: { source: { type: "PlatformImage" }, vmProfile: { vmsize: "x" }, distribute: [] },
    };
    expect(problem(() => load({ "t.yaml": JSON.stringify(doc) }, "t.yaml"))).toBe(
      "properties.vmProfile.vmsize in 't.yaml' is not a property of Image Builder API 2025-10-01; did you mean 'vmSize'?",
    );
  });

  test("an ARM deployment template needs exactly one image template resource", () => {
    const arm = (resources: unknown[]) =>
      JSON.stringify({
        $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        resources,
      });
    const it = { type: "Microsoft.VirtualMachineImages/imageTemplates", properties: {} };
    expect(problem(() => load({ "a.json": arm([]) }, "a.json"))).toMatch(
      /without a Microsoft.VirtualMachineImages\/imageTemplates resource/,
    );
    expect(problem(() => load({ "a.json": arm([it, it]) }, "a.json"))).toMatch(
      /with 2 Microsoft.VirtualMachineImages\/imageTemplates resources/,
    );
  });
});

test("the values of secure parameters are handed over to be masked", () => {
  const ws = makeWorkspace({
    "a.json": JSON.stringify({
      $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
      parameters: {
        token: { type: "securestring" },
        extra: { type: "secureObject", defaultValue: { pat: "p-4t" } },
        name: { type: "string" },
      },
      resources: [
        {
          type: "Microsoft.VirtualMachineImages/imageTemplates",
          properties: {
            customize: [
              {
                type: "Shell",
                inline: [
                  "[concat('login ', parameters('token'), ' ', parameters('extra').pat, ' ', parameters('name'))]",
                ],
              },
            ],
          },
        },
      ],
    }),
  });
  const loaded = loadTemplateFile(
    resolveLocalPath("template-file", "a.json", ws, ws),
    {},
    {
      parameters: readTemplateParameters("token=s3cr3t-value\nname=visible", ws),
    },
  );
  expect(loaded.resource.properties.customize).toEqual([
    { type: "Shell", inline: ["login s3cr3t-value p-4t visible"] },
  ]);
  expect(loaded.secrets.sort()).toEqual(["p-4t", "s3cr3t-value"]);
});
