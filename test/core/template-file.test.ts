import { InputError } from "../../src/core/errors.js";
import { resolveLocalPath } from "../../src/core/inputs/local-paths.js";
import { loadTemplateFile, substituteVariables } from "../../src/core/template/template-file.js";
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
