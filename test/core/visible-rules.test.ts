/**
 * The task form's visibleRules: the Azure Pipelines form reads `input op value` predicates
 * joined by one kind of operator (`&&` or `||`, never both), and a value of letters, digits,
 * dots and spaces only. A rule it cannot read, or one naming an input the task does not have,
 * would hide an input for good.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../../tools/metadata.js";

interface TaskInput {
  name: string;
  type: string;
  visibleRule?: string;
  options?: Record<string, string>;
}

const task = JSON.parse(readFileSync(path.join(ROOT, "task.json"), "utf8")) as {
  inputs: TaskInput[];
};
const byName = new Map(task.inputs.map((i) => [i.name, i]));
const withRules = task.inputs.filter((i) => i.visibleRule);
const PREDICATE =
  /^\s*([A-Za-z0-9]+)\s*(=|==|!=|<=|>=|<|>|NotContains|NotEndsWith|NotStartsWith|Contains|EndsWith|StartsWith)\s*([A-Za-z0-9. ]+?)\s*$/;

test("the network and Windows inputs carry rules", () => {
  expect(withRules.map((i) => i.name)).toEqual(
    expect.arrayContaining([
      "runElevated",
      "runAsSystem",
      "validExitCodes",
      "windowsUpdateFilters",
      "windowsUpdateLimit",
      "restartCheckCommand",
      "restartTimeout",
      "containerInstanceSubnetId",
      "proxyVmSize",
    ]),
  );
});

describe.each(withRules.map((i) => [i.name, i.visibleRule!] as const))("%s: %s", (_, rule) => {
  test("uses one kind of operator", () => {
    expect(rule.includes("&&") && rule.includes("||")).toBe(false);
  });

  test.each(rule.split(/&&|\|\|/).map((p) => [p.trim()]))(
    "%s names an input of the task and a value it can take",
    (predicate) => {
      const match = PREDICATE.exec(predicate);
      expect(match).not.toBeNull();
      const [, name, , value] = match!;
      const input = byName.get(name!);
      expect(input).toBeDefined();
      if (input!.type === "boolean") expect(["true", "false"]).toContain(value);
      if (input!.options) expect(Object.keys(input!.options)).toContain(value);
    },
  );
});
