import { InputError } from "../../src/core/errors.js";
import {
  convertParameter,
  readTemplateParameters,
} from "../../src/core/template/template-parameters.js";
import { makeWorkspace } from "./workspace.js";

function problem(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return `${e.input}: ${e.problem}`;
    throw e;
  }
  throw new Error("expected an InputError");
}

describe("template-parameters", () => {
  test("name=value lines are kept as text, keyed case-insensitively", () => {
    const p = readTemplateParameters("ImageName=ubuntu\nsize = 30\n# a comment\n", "/nowhere")!;
    expect([...p.values.entries()]).toEqual([
      ["imagename", { name: "ImageName", value: "ubuntu", typed: false }],
      ["size", { name: "size", value: "30", typed: false }],
    ]);
    expect(readTemplateParameters("", "/nowhere")).toBeUndefined();
  });

  test("an ARM parameters file gives typed values; a Key Vault reference is refused", () => {
    const ws = makeWorkspace({
      "p.json": JSON.stringify({
        parameters: { Size: { value: 30 }, tags: { value: { a: "b" } } },
      }),
      "kv.json": JSON.stringify({ parameters: { pw: { reference: { keyVault: { id: "x" } } } } }),
      "bad.json": JSON.stringify({ size: 30 }),
      "main.bicepparam": "using 'main.bicep'\n",
    });
    const p = readTemplateParameters("p.json", ws)!;
    expect(p.values.get("size")).toEqual({ name: "Size", value: 30, typed: true });
    expect(p.values.get("tags")?.value).toEqual({ a: "b" });
    expect(problem(() => readTemplateParameters("kv.json", ws))).toMatch(
      /^template-parameters: parameter 'pw' in 'kv.json' is a Key Vault reference/,
    );
    expect(problem(() => readTemplateParameters("bad.json", ws))).toMatch(
      /is not an ARM parameters file/,
    );
    expect(problem(() => readTemplateParameters("main.bicepparam", ws))).toMatch(
      /is a \.bicepparam file/,
    );
  });

  test("text values take the parameter's declared type", () => {
    expect(convertParameter("n", "30", "int")).toBe(30);
    expect(convertParameter("b", "True", "bool")).toBe(true);
    expect(convertParameter("o", '{"a":[1]}', "object")).toEqual({ a: [1] });
    expect(convertParameter("s", "30", "string")).toBe("30");
    expect(problem(() => convertParameter("n", "thirty", "int"))).toBe(
      "template-parameters: parameter 'n' is an int, but 'thirty' is not a whole number.",
    );
  });
});
