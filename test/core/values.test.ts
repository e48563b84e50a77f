import { InputError } from "../../src/core/errors.js";
import {
  parseBoolean,
  parseChoice,
  parseInteger,
  parseKeyValueLines,
  parseList,
  parseTags,
} from "../../src/core/inputs/values.js";

function problemOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return `${error.input}: ${error.problem}`;
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("input values", () => {
  test("booleans accept the YAML core spellings and nothing else", () => {
    expect(parseBoolean("vhd", "True", false)).toBe(true);
    expect(parseBoolean("vhd", "FALSE", true)).toBe(false);
    expect(parseBoolean("vhd", undefined, true)).toBe(true);
    expect(problemOf(() => parseBoolean("vhd", "yes", false))).toBe(
      "vhd: 'yes' is not a boolean. Use true or false.",
    );
  });

  test("integers are whole numbers within the range, with the range in the error", () => {
    const range = { min: 1, max: 960, unit: "minutes" };
    expect(parseInteger("build-timeout-minutes", "90", range)).toBe(90);
    expect(parseInteger("build-timeout-minutes", "", range)).toBeUndefined();
    expect(problemOf(() => parseInteger("build-timeout-minutes", "961", range))).toContain(
      "from 1 to 960 minutes",
    );
    expect(problemOf(() => parseInteger("build-timeout-minutes", "1.5", range))).toContain(
      "not a whole number",
    );
    expect(problemOf(() => parseInteger("build-timeout-minutes", "-3", range))).toContain(
      "not a whole number",
    );
  });

  test("choices are matched case-insensitively and returned in their canonical spelling", () => {
    expect(parseChoice("os-type", "Linux", ["linux", "windows"] as const)).toBe("linux");
    expect(problemOf(() => parseChoice("os-type", "macos", ["linux", "windows"] as const))).toBe(
      "os-type: 'macos' is not allowed. Use one of: linux, windows.",
    );
  });

  test("lists take lines or commas and skip comments", () => {
    expect(parseList("westeurope, northeurope\n# later\n  eastus2  \n")).toEqual([
      "westeurope",
      "northeurope",
      "eastus2",
    ]);
  });

  test("key=value lines refuse missing separators and duplicate keys", () => {
    expect(
      parseKeyValueLines("tags", "a=1\nb = two words", { separator: "=", example: "key=value" }),
    ).toEqual([
      ["a", "1"],
      ["b", "two words"],
    ]);
    expect(
      problemOf(() => parseKeyValueLines("tags", "oops", { separator: "=", example: "key=value" })),
    ).toContain("is not of the form key=value");
    expect(
      problemOf(() =>
        parseKeyValueLines("tags", "a=1\nA=2", { separator: "=", example: "key=value" }),
      ),
    ).toContain("'A' is given twice");
  });

  test("tags follow Azure's naming rules", () => {
    expect(parseTags("tags", "team=platform\nempty=")).toEqual({ team: "platform", empty: "" });
    expect(problemOf(() => parseTags("tags", "a/b=1"))).toContain("none of < > % & \\ ? /");
    expect(problemOf(() => parseTags("tags", `long=${"x".repeat(257)}`))).toContain(
      "longer than 256",
    );
  });
});
