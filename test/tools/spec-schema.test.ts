import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2019 } from "ajv/dist/2019.js";
import { loadSpec } from "../../tools/spec/load-spec.js";
import { SchemaBuilder } from "../../tools/spec/to-json-schema.js";
import validateGenerated from "../../generated/image-template-validator.js";
import { describeWithRawSpec } from "../support/raw-spec.js";

describeWithRawSpec("the spec as JSON Schema", (specDir) => {
  const spec = loadSpec(specDir);
  const ajv = new Ajv2019({ allErrors: true, strict: true, strictTypes: false });
  const request = ajv.compile(new SchemaBuilder(spec, "request").forDefinition("ImageTemplate"));
  const response = ajv.compile(new SchemaBuilder(spec, "response").forDefinition("ImageTemplate"));

  function example(name: string): any {
    return JSON.parse(readFileSync(path.join(spec.directory, "examples", name), "utf8"));
  }

  const creates = readdirSync(path.join(spec.directory, "examples")).filter((f) =>
    f.startsWith("CreateImageTemplate"),
  );

  test.each(creates)(
    "%s: its request body is valid and its responses are valid responses",
    (file) => {
      const ex = example(file);
      expect(request(ex.parameters.parameters)).toBe(true);
      expect(validateGenerated(ex.parameters.parameters)).toBe(true);
      for (const status of Object.keys(ex.responses)) {
        const body = ex.responses[status].body;
        if (body) expect(response(body)).toBe(true);
      }
    },
  );

  test("a response body (with read-only fields) is not a valid request", () => {
    const body = example("GetImageTemplate.json").responses["200"].body;
    expect(response(body)).toBe(true);
    expect(request(body)).toBe(false);
    expect(validateGenerated(body)).toBe(false);
  });

  const base = () =>
    structuredClone(example("CreateImageTemplateLinux.json").parameters.parameters);
  test.each([
    ["an enum in the wrong case", (b: any) => (b.properties.customize[0].type = "shell")],
    ["an unknown property", (b: any) => (b.properties.source.junk = 1)],
    ["a property of another subtype", (b: any) => (b.properties.customize[0].destination = "/x")],
    ["a missing required property", (b: any) => delete b.identity],
    ["a value out of range", (b: any) => (b.properties.buildTimeoutInMinutes = 961)],
    ["a bad run output name", (b: any) => (b.properties.distribute[0].runOutputName = "has space")],
    [
      "a wrong versioning scheme",
      (b: any) =>
        (b.properties.distribute = [
          {
            type: "SharedImage",
            galleryImageId: "x",
            runOutputName: "r",
            versioning: { scheme: "latest" },
          },
        ]),
    ],
  ])("refuses %s, as does the bundled validator", (_, mutate) => {
    const body = base();
    mutate(body);
    expect(request(body)).toBe(false);
    expect(validateGenerated(body)).toBe(false);
  });
});
