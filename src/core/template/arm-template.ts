import { InputError, quote, ref } from "../errors.js";
import {
  evaluateString,
  ExpressionError,
  type DeploymentScope,
  type ExpressionContext,
} from "./arm-expressions.js";
import { refuseRemovedFields } from "./legacy-fields.js";
import { convertParameter, type TemplateParameters } from "./template-parameters.js";
import type { Json, JsonObject } from "./template-file.js";
import { IMAGE_TEMPLATE_TYPE } from "./template-shapes.js";

/** ARM deployment templates ($schema, parameters, variables, resources). */
export function isDeploymentTemplate(doc: JsonObject): boolean {
  const schema = typeof doc.$schema === "string" ? doc.$schema : "";
  return /deploymentTemplate\.json/i.test(schema) || ("resources" in doc && !("properties" in doc));
}

export interface DeploymentInputs {
  parameters?: TemplateParameters;
  /** Collects the values of secure parameters, so hosts can mask them. */
  secrets?: Set<string>;
  scope: DeploymentScope;
  /** Top-level keys of the resource that inputs override, so their expressions are not needed. */
  skip: ReadonlySet<string>;
}

/**
 * Picks the one image template resource of a deployment template and evaluates its
 * expressions the way Resource Manager would for this run.
 */
export function imageTemplateFromDeployment(
  shownPath: string,
  doc: JsonObject,
  inputs: DeploymentInputs,
): JsonObject {
  const resources = Array.isArray(doc.resources)
    ? doc.resources
    : doc.resources && typeof doc.resources === "object"
      ? Object.values(doc.resources) // languageVersion 2.0: resources keyed by symbolic name
      : [];
  const found = resources.filter(
    (r): r is JsonObject =>
      !!r &&
      typeof r === "object" &&
      !Array.isArray(r) &&
      typeof r.type === "string" &&
      r.type.toLowerCase() === IMAGE_TEMPLATE_TYPE.toLowerCase(),
  );
  if (found.length !== 1) {
    throw new InputError(
      "template-file",
      found.length
        ? `${quote(shownPath)} is an ARM deployment template with ${found.length} ${IMAGE_TEMPLATE_TYPE} resources; bake-azure-image builds one. Keep one per file.`
        : `${quote(shownPath)} is an ARM deployment template without a ${IMAGE_TEMPLATE_TYPE} resource${resources.some((r) => (r as JsonObject)?.type === "Microsoft.Resources/deployments") ? " (nested deployments and modules are not read)" : ""}. Name a file that holds one.`,
    );
  }
  const resource = found[0]!;
  if (resource.copy !== undefined || resource.condition !== undefined) {
    throw new InputError(
      "template-file",
      `the ${IMAGE_TEMPLATE_TYPE} resource of ${quote(shownPath)} has ${resource.copy !== undefined ? "copy" : "condition"}, which only an ARM deployment evaluates. Remove it.`,
    );
  }
  // A removed source type is refused before its parameters are asked for.
  refuseRemovedFields(resource.properties);
  const evaluator = new DeploymentEvaluator(shownPath, doc, inputs);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(resource)) {
    if (inputs.skip.has(key)) continue;
    if (key === "name" || key === "dependsOn" || key === "comments") continue;
    if (key === "apiVersion") {
      // Only checked when it can be known; the product always speaks its own version.
      const v = evaluator.tryEvaluate(value);
      if (typeof v === "string") out.apiVersion = v;
      continue;
    }
    const read =
      key === "properties" && inputs.skip.has("source") && value && typeof value === "object"
        ? Object.fromEntries(Object.entries(value).filter(([k]) => k !== "source"))
        : value;
    out[key] = evaluator.evaluate(read, key);
  }
  return out;
}

class DeploymentEvaluator {
  private readonly declared = new Map<string, { name: string; decl: JsonObject }>();
  private readonly variableValues = new Map<string, Json>();
  private readonly evaluating = new Set<string>();
  private readonly context: ExpressionContext;
  private readonly variables: JsonObject;
  private readonly definitions: JsonObject;

  constructor(
    private readonly shownPath: string,
    doc: JsonObject,
    private readonly inputs: DeploymentInputs,
  ) {
    const params =
      doc.parameters && typeof doc.parameters === "object" && !Array.isArray(doc.parameters)
        ? doc.parameters
        : {};
    for (const [name, decl] of Object.entries(params))
      this.declared.set(name.toLowerCase(), { name, decl: (decl ?? {}) as JsonObject });
    this.definitions =
      doc.definitions && typeof doc.definitions === "object" && !Array.isArray(doc.definitions)
        ? doc.definitions
        : {};
    this.variables =
      doc.variables && typeof doc.variables === "object" && !Array.isArray(doc.variables)
        ? doc.variables
        : {};
    this.context = {
      parameter: (name) => this.parameter(name),
      variable: (name) => this.variable(name),
      scope: inputs.scope,
    };
  }

  tryEvaluate(value: Json): Json | undefined {
    try {
      return this.evaluate(value, "apiVersion");
    } catch {
      return undefined;
    }
  }

  evaluate(value: Json, at: string): Json {
    if (typeof value === "string") {
      try {
        return evaluateString(value, this.context);
      } catch (error) {
        if (error instanceof ExpressionError) throw this.explain(error, value, at);
        throw error;
      }
    }
    if (Array.isArray(value)) return value.map((v, i) => this.evaluate(v, `${at}[${i}]`));
    if (value && typeof value === "object") {
      const out: JsonObject = {};
      for (const [k, v] of Object.entries(value)) {
        const key = this.evaluate(k, `${at} (key ${quote(k)})`);
        out[typeof key === "string" ? key : JSON.stringify(key)] = this.evaluate(v, `${at}.${k}`);
      }
      return out;
    }
    return value;
  }

  private explain(error: ExpressionError, expression: string, at: string): InputError {
    const missing = /^the (location|subscription) is not known$/.exec(error.message);
    if (missing) {
      const input = missing[1] === "location" ? "location" : "subscription-id";
      return new InputError(
        input,
        `is needed: ${at} of ${quote(this.shownPath)} is ${quote(expression)}, and ${missing[1] === "location" ? "resourceGroup().location" : "subscription().subscriptionId"} is taken from the ${ref(input)} input. Set it.`,
      );
    }
    if (error instanceof MissingParameter) {
      return new InputError(
        "template-parameters",
        `parameter ${quote(error.parameter)} of ${quote(this.shownPath)} has no value and no defaultValue (used at ${at}: ${quote(expression)}). Give it as ${error.parameter}=value, or in an ARM parameters file${/^(location|identity)\b/.test(at) ? `, or set ${ref(at.split(/[.[ ]/)[0]!)}, which replaces the file's ${at.split(/[.[ ]/)[0]!}` : ""}.`,
      );
    }
    return new InputError(
      "template-file",
      `${at} of ${quote(this.shownPath)} is ${quote(expression)}: ${error.message}. Replace it with a value, or a parameter given in the ${ref("template-parameters")} input.`,
    );
  }

  private parameter(name: string): Json {
    const entry = this.declared.get(name.toLowerCase());
    if (!entry) throw new ExpressionError(`the template declares no parameter '${name}'`);
    const given = this.inputs.parameters?.values.get(name.toLowerCase());
    const type = this.declaredType(entry.decl);
    let value: Json;
    if (given) {
      value = given.typed ? given.value : convertParameter(entry.name, given.value as string, type);
    } else if ("defaultValue" in entry.decl) {
      value = this.evaluate(entry.decl.defaultValue, `parameters.${entry.name}.defaultValue`);
    } else if (entry.decl.nullable === true) {
      value = null;
    } else {
      throw new MissingParameter(entry.name);
    }
    if (type?.toLowerCase().startsWith("secure")) collectStrings(value, this.inputs.secrets);
    const allowed = entry.decl.allowedValues;
    if (
      Array.isArray(allowed) &&
      !allowed.some((a) => JSON.stringify(a) === JSON.stringify(value))
    ) {
      throw new InputError(
        "template-parameters",
        `parameter ${quote(entry.name)} is ${JSON.stringify(value)}, but ${quote(this.shownPath)} allows only ${allowed.map((a) => JSON.stringify(a)).join(", ")}.`,
      );
    }
    return value;
  }

  /** A parameter's type, also when it is a user-defined type (`$ref` to `definitions`). */
  private declaredType(decl: JsonObject): string | undefined {
    if (typeof decl.type === "string") return decl.type;
    const target = typeof decl.$ref === "string" ? /^#\/definitions\/(.+)$/.exec(decl.$ref) : null;
    const definition = target ? this.definitions[target[1]!] : undefined;
    return definition && typeof definition === "object" && !Array.isArray(definition)
      ? this.declaredType(definition)
      : undefined;
  }

  private variable(name: string): Json {
    const key = Object.keys(this.variables).find((k) => k.toLowerCase() === name.toLowerCase());
    if (key === undefined) throw new ExpressionError(`the template declares no variable '${name}'`);
    if (key === "copy") throw new ExpressionError("variable copy loops are not evaluated");
    const lower = key.toLowerCase();
    if (this.variableValues.has(lower)) return this.variableValues.get(lower)!;
    if (this.evaluating.has(lower)) throw new ExpressionError(`variable '${key}' refers to itself`);
    this.evaluating.add(lower);
    try {
      const value = this.evaluate(this.variables[key]!, `variables.${key}`);
      this.variableValues.set(lower, value);
      return value;
    } finally {
      this.evaluating.delete(lower);
    }
  }
}

/** Every string inside a secure parameter's value: the parts a log must not show. */
function collectStrings(value: Json, into: Set<string> | undefined): void {
  if (!into) return;
  if (typeof value === "string") {
    if (value) into.add(value);
  } else if (Array.isArray(value)) value.forEach((v) => collectStrings(v, into));
  else if (value && typeof value === "object")
    Object.values(value).forEach((v) => collectStrings(v, into));
}

class MissingParameter extends ExpressionError {
  constructor(readonly parameter: string) {
    super(`parameter '${parameter}' has no value`);
  }
}
