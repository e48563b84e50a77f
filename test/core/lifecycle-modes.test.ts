/**
 * How existing-template, wait and follow are read, and how a followed template's staged files
 * are found again from the template alone, on a public cloud's blob endpoint.
 */
import type { ImageTemplate } from "@azure/arm-imagebuilder";
import { InputError } from "../../src/core/errors.js";
import { readRunMode } from "../../src/core/inputs/run-mode.js";
import { runNames } from "../../src/core/naming.js";
import { madeForThisRepository } from "../../src/core/run/staged-for-template.js";
import { FakeHost } from "./fake-host.js";

const SUB = "00000000-0000-0000-0000-000000000000";
const ID = `/subscriptions/${SUB}/resourceGroups/rg-infra/providers/Microsoft.VirtualMachineImages/imageTemplates/it-golden`;
const mode = (inputs: Record<string, string>) =>
  readRunMode(new FakeHost({ "resource-group": "rg-images", ...inputs }));
const inputError = (inputs: Record<string, string>): InputError => {
  try {
    mode(inputs);
  } catch (e) {
    return e as InputError;
  }
  throw new Error("no error");
};

describe("the run mode", () => {
  test("is a build that waits unless told otherwise", () => {
    expect(mode({})).toEqual({ kind: "build", wait: true });
    expect(mode({ wait: "false" })).toEqual({ kind: "build", wait: false });
  });

  test("takes an existing template by name, or by ID with its own resource group", () => {
    expect(mode({ "existing-template": "it-golden" })).toEqual({
      kind: "existing",
      template: { name: "it-golden" },
      wait: true,
    });
    expect(mode({ "existing-template": ID })).toEqual({
      kind: "existing",
      template: { name: "it-golden", resourceGroup: "rg-infra", subscriptionId: SUB },
      wait: true,
    });
  });

  test("follows only a template ID, as the starting step's template-id output gives it", () => {
    expect(mode({ follow: ID })).toMatchObject({ kind: "follow", template: { name: "it-golden" } });
    const error = inputError({ follow: "it-golden" });
    expect(error.input).toBe("follow");
    expect(error.message).toContain("template-id output");
  });

  test("refuses another resource type, naming the input", () => {
    const error = inputError({
      "existing-template": ID.replace("VirtualMachineImages/imageTemplates", "Compute/images"),
    });
    expect(error.input).toBe("existing-template");
  });

  test.each([
    ["scripts", "setup.sh"],
    ["template-file", "image.json"],
    ["gallery-image-id", "/x"],
    ["staging-storage-account", "stbake"],
    ["keep-on-failure", "true"],
    ["dry-run", "true"],
  ])("with existing-template, %s is one error naming both", (input, value) => {
    const error = inputError({ "existing-template": "it-golden", [input]: value });
    expect(error.input).toBe(input);
    expect(error.message).toContain("existing-template");
  });

  test("inputs left at their defaults are no conflict", () => {
    expect(() =>
      mode({
        "existing-template": "it-golden",
        "staging-container": "bake-azure-image",
        vhd: "false",
      }),
    ).not.toThrow();
  });

  test("keep-on-failure goes with follow, existing-template does not", () => {
    expect(() => mode({ follow: ID, "keep-on-failure": "true" })).not.toThrow();
    expect(inputError({ follow: ID, "existing-template": "x" }).message).toContain(
      "existing-template",
    );
  });
});

describe("a followed template's staged files", () => {
  const ctx = new FakeHost({}).runContext();
  const names = runNames(ctx, "target");
  const endpoint = "https://stbake.blob.core.windows.net/";
  const template = (tags: Record<string, string>): ImageTemplate =>
    ({
      tags,
      customize: [
        { type: "Shell", scriptUri: `https://raw.githubusercontent.com/contoso/x/main/a.sh` },
        {
          type: "Shell",
          scriptUri: `${endpoint}bake-staging/${names.stagingPrefix}scripts/setup.sh?sv=2025&sig=secret`,
        },
      ],
    }) as unknown as ImageTemplate;

  test("are found under the prefix the provenance tags give, in the container the customizers name", () => {
    const state = madeForThisRepository(template(names.provenanceTags), "rg", "t", ctx.repository);
    expect(state).toEqual({
      resourceGroup: "rg",
      templateName: "t",
      createdTemplate: true,
      staging: {
        account: { id: "", name: "stbake", blobEndpoint: endpoint },
        container: "bake-staging",
        prefix: names.stagingPrefix,
      },
    });
  });

  test("are not ours when another repository made the template, nor when it has no tags", () => {
    expect(
      madeForThisRepository(template(names.provenanceTags), "rg", "t", "fabrikam/other"),
    ).toBeUndefined();
    expect(madeForThisRepository(template({}), "rg", "t", ctx.repository)).toBeUndefined();
  });
});
