import {
  evaluateString,
  ExpressionError,
  type ExpressionContext,
} from "../../src/core/template/arm-expressions.js";
import type { Json } from "../../src/core/template/template-file.js";

const PARAMETERS: Record<string, Json> = {
  imagename: "Ubuntu",
  regions: ["westeurope", "northeurope"],
  source: { type: "PlatformImage", sku: "22_04" },
  size: 30,
};

function ctx(scope: ExpressionContext["scope"] = {}): ExpressionContext {
  return {
    parameter: (name) => {
      const value = PARAMETERS[name.toLowerCase()];
      if (value === undefined) throw new ExpressionError(`no parameter ${name}`);
      return value;
    },
    variable: (name) => (name.toLowerCase() === "prefix" ? "img" : null),
    scope,
  };
}
const run = (text: string, scope?: ExpressionContext["scope"]) => evaluateString(text, ctx(scope));
const refusal = (text: string, scope?: ExpressionContext["scope"]) => {
  try {
    run(text, scope);
  } catch (error) {
    if (error instanceof ExpressionError) return error.message;
    throw error;
  }
  throw new Error(`${text} was evaluated`);
};

describe("ARM template expressions", () => {
  test("plain strings and [[ literals are not expressions", () => {
    expect(run("westeurope")).toBe("westeurope");
    expect(run("[[not an expression]")).toBe("[not an expression]");
    expect(run("[ x")).toBe("[ x");
  });

  test("parameters and variables, by any case of their names and functions", () => {
    expect(run("[parameters('imageName')]")).toBe("Ubuntu");
    expect(run("[PARAMETERS('IMAGENAME')]")).toBe("Ubuntu");
    expect(run("[variables('Prefix')]")).toBe("img");
    expect(run("[parameters('source').sku]")).toBe("22_04");
    expect(run("[parameters('source')['TYPE']]")).toBe("PlatformImage");
    expect(run("[parameters('regions')[1]]")).toBe("northeurope");
    expect(run("[parameters('size')]")).toBe(30);
  });

  test("string literals with '' escapes, numbers, concat, format, toLower", () => {
    expect(run("[concat('it''s ', parameters('imageName'), '-', 2)]")).toBe("it's Ubuntu-2");
    expect(run("[concat(parameters('regions'), createArray('eastus'))]")).toEqual([
      "westeurope",
      "northeurope",
      "eastus",
    ]);
    expect(run("[format('{0}-{1}-{{x}}', variables('prefix'), -3)]")).toBe("img--3-{x}");
    expect(run("[toLower(parameters('imageName'))]")).toBe("ubuntu");
    expect(run("[last(split('a/b/c', '/'))]")).toBe("c");
  });

  test("if() evaluates only the branch it takes, as Resource Manager does", () => {
    expect(run("[if(empty(''), 'none', uniqueString('x'))]")).toBe("none");
    expect(
      run("[if(contains(parameters('source'), 'sku'), parameters('source').sku, null())]"),
    ).toBe("22_04");
  });

  test("map()/filter()/reduce() with lambdas, createObject(), tryGet(), union(), shallowMerge()", () => {
    expect(
      run(
        "[reduce(map(parameters('regions'), lambda('r', createObject(lambdaVariables('r'), createObject()))), createObject(), lambda('cur', 'next', union(lambdaVariables('cur'), lambdaVariables('next'))))]",
      ),
    ).toEqual({ westeurope: {}, northeurope: {} });
    expect(
      run(
        "[filter(parameters('regions'), lambda('r', equals(lambdaVariables('r'), 'northeurope')))]",
      ),
    ).toEqual(["northeurope"]);
    expect(run("[tryGet(parameters('source'), 'SKU')]")).toBe("22_04");
    expect(run("[tryGet(parameters('source'), 'publisher')]")).toBeNull();
    expect(
      run(
        "[union(createObject('a', createObject('x', 1)), createObject('a', createObject('y', 2)))]",
      ),
    ).toEqual({
      a: { x: 1, y: 2 },
    });
    expect(
      run(
        "[shallowMerge(createArray(createObject('a', createObject('x', 1)), createObject('a', 2)))]",
      ),
    ).toEqual({
      a: 2,
    });
    expect(refusal("[map(parameters('regions'), 'x')]")).toBe(
      "map() needs a lambda() as its last argument",
    );
  });

  test("resourceGroup(), subscription() and resourceId() from the run's scope", () => {
    const scope = { location: "westeurope", resourceGroupName: "rg", subscriptionId: "s-1" };
    expect(run("[resourceGroup().location]", scope)).toBe("westeurope");
    expect(run("[subscription().subscriptionId]", scope)).toBe("s-1");
    expect(
      run(
        "[resourceId('Microsoft.Compute/galleries/images', 'gal', parameters('imageName'))]",
        scope,
      ),
    ).toBe(
      "/subscriptions/s-1/resourceGroups/rg/providers/Microsoft.Compute/galleries/gal/images/Ubuntu",
    );
    expect(
      run("[resourceId('other', 'Microsoft.ManagedIdentity/userAssignedIdentities', 'id')]", scope),
    ).toBe(
      "/subscriptions/s-1/resourceGroups/other/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id",
    );
    expect(refusal("[resourceGroup().location]")).toBe("the location is not known");
    expect(refusal("[subscription().subscriptionId]")).toBe("the subscription is not known");
  });

  test("resourceGroup().name and .id need no location (a blog post's imageId)", () => {
    const scope = { resourceGroupName: "rg", subscriptionId: "s-1" };
    expect(
      run(
        "[format('/subscriptions/{0}/resourceGroups/{1}/providers/Microsoft.Compute/images/{2}', subscription().subscriptionId, resourceGroup().name, 'blog')]",
        scope,
      ),
    ).toBe("/subscriptions/s-1/resourceGroups/rg/providers/Microsoft.Compute/images/blog");
    expect(run("[resourceGroup().id]", scope)).toBe("/subscriptions/s-1/resourceGroups/rg");
    expect(refusal("[resourceGroup().location]", scope)).toBe("the location is not known");
  });

  test("what only a live deployment knows is refused by name", () => {
    expect(refusal("[uniqueString(resourceGroup().id)]")).toBe(
      "uniqueString() is not evaluated by bake-azure-image (its value is a hash only Azure computes the same way)",
    );
    expect(refusal("[reference('x').id]")).toMatch(/^reference\(\) is not evaluated/);
    expect(refusal("[listKeys('x', '2020-01-01')]")).toMatch(/^listKeys\(\) is not evaluated/);
    expect(refusal("[base64('x')]")).toBe("base64() is not evaluated by bake-azure-image");
    expect(refusal("[concat('a']")).toBe("expected ')'");
    expect(refusal("[concat('a)]")).toBe("a string literal is not closed");
  });
});
