/**
 * The catalogue is the one place inputs are described: the defaults and accepted values that
 * action.yml and task.json declare are the ones the input reader applies.
 */
import { InputError } from "../../src/core/errors.js";
import { INPUTS } from "../../src/core/inputs/catalog.js";
import { readInputs } from "../../src/core/inputs/read-inputs.js";
import { readRunMode } from "../../src/core/inputs/run-mode.js";
import { FakeHost } from "./fake-host.js";

const MINIMAL = {
  "resource-group": "rg-images",
  // A gallery target, so that the inputs that only apply to one are read too.
  "gallery-image-id":
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/golden/images/ubuntu",
  // And a number of versions to keep, so that the inputs that only apply with it are read too.
  "keep-versions": "3",
};
const read = (extra: Record<string, string> = {}) => {
  const host = new FakeHost({ ...MINIMAL, ...extra }, { workspace: "/tmp" });
  // wait, follow and existing-template decide the run mode, read apart from the rest.
  return { ...readInputs(host), mode: readRunMode(host) };
};

/** Another value the input accepts, to show the reader looks at it at all. */
function otherValue(name: string, fallback: string): string {
  const spec = INPUTS.find((i) => i.name === name)!;
  const option = spec.options?.find((o) => o !== "" && o !== fallback && o !== "custom");
  if (option) return option;
  if (fallback === "false") return "true";
  if (fallback === "true") return "false";
  return `${fallback}x`;
}

/** Inputs another value of `name` needs to be valid at all. */
const COMPANIONS: Record<string, Record<string, string>> = {
  // Not elevated cannot run as the local system account.
  "run-elevated": { "run-as-system": "false" },
};

// A default that is an expression (github-token's `${{ github.token }}`) is the runner's to
// evaluate; the host reads the value it gives, never the catalogue's text.
const withDefault = INPUTS.filter(
  (i) => i.default !== undefined && i.default !== "" && !i.default.startsWith("${{"),
);
const pickLists = INPUTS.filter((i) => i.options?.length);

test("the catalogue declares defaults and pick lists to check", () => {
  expect(withDefault.map((i) => i.name)).toEqual(
    expect.arrayContaining(["environment", "log-level", "staging-access", "staging-container"]),
  );
  expect(pickLists.length).toBeGreaterThanOrEqual(4);
});

describe.each(withDefault.map((i) => [i.name, i.default!]))("input %s", (name, fallback) => {
  test(`left out, reads as its declared default '${fallback}'`, () => {
    expect(read()).toEqual(read({ [name]: fallback }));
  });
  test("given another value, reads differently", () => {
    const companions = COMPANIONS[name] ?? {};
    expect(read({ ...companions, [name]: otherValue(name, fallback) })).not.toEqual(
      read(companions),
    );
  });
});

describe.each(pickLists.map((i) => [i.name, i.options!]))("pick list %s", (name, options) => {
  test.each(options.filter((o) => o !== "" && o !== "custom"))("accepts %s", (option) => {
    expect(() => read({ [name]: option })).not.toThrow();
  });
  test("refuses a value the catalogue does not list, naming the input", () => {
    let error: unknown;
    try {
      read({ [name]: "not-an-option" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe(name);
  });
});
