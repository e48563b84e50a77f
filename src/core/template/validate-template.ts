import validate, {
  apiVersion,
  type SchemaError,
} from "../../../generated/image-template-validator.js";
import { BakeError, InputError } from "../errors.js";

export const IMAGE_BUILDER_API_VERSION = apiVersion;
const MAX_SHOWN = 5;

/** "/properties/customize/0/type" → "properties.customize[0].type" */
function displayPath(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce(
      (out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out ? `${out}.${part}` : part),
      "",
    );
}

function describe(error: SchemaError): string {
  const where = displayPath(error.instancePath) || "the template";
  const p = error.params;
  switch (error.keyword) {
    case "unevaluatedProperties":
      return `${where}: unknown property '${String(p.unevaluatedProperty)}' (not in Image Builder API ${apiVersion}, or read-only)`;
    case "enum":
      return `${where}: must be one of ${(p.allowedValues as unknown[]).map(String).join(", ")} (case-sensitive)`;
    case "required":
      return `${where}: missing required property '${String(p.missingProperty)}'`;
    case "type":
      return `${where}: must be ${String(p.type)}`;
    default:
      return `${where}: ${error.message ?? error.keyword}`;
  }
}

/**
 * Keeps the errors that explain the problem: when a discriminator value is wrong, the
 * "unknown property" errors on the same object are only its consequence.
 */
function relevant(errors: SchemaError[]): SchemaError[] {
  const badDiscriminators = new Set(
    errors
      .filter((e) => e.keyword === "enum" && e.instancePath.endsWith("/type"))
      .map((e) => e.instancePath.slice(0, -"/type".length)),
  );
  // When a property of an object fails, the object's schema fails as a whole and every other
  // property of it is reported as unevaluated too: those reports are only a consequence.
  const failing = errors.filter((e) => e.keyword !== "if" && e.keyword !== "unevaluatedProperties");
  const hasOwnFailure = (at: string) =>
    failing.some((f) => f.instancePath === at || f.instancePath.startsWith(`${at}/`));
  const seen = new Set<string>();
  return errors.filter((e) => {
    if (e.keyword === "if") return false;
    if (
      e.keyword === "unevaluatedProperties" &&
      (badDiscriminators.has(e.instancePath) || hasOwnFailure(e.instancePath))
    )
      return false;
    const text = describe(e);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

/** Validates a rendered request body against the ImageTemplate schema of the official spec. */
export function validateImageTemplate(body: unknown, blameInput: string | undefined): void {
  if (validate(body)) return;
  const problems = relevant(validate.errors ?? []).map(describe);
  const shown = problems.slice(0, MAX_SHOWN).join("; ");
  const more = problems.length > MAX_SHOWN ? ` (and ${problems.length - MAX_SHOWN} more)` : "";
  const message = `the rendered template does not match the Image Builder API ${apiVersion}: ${shown}${more}.`;
  if (blameInput) throw new InputError(blameInput, `${message} Fix the template file.`);
  throw new BakeError(
    `The inputs render a template that Image Builder would refuse: ${shown}${more}.`,
  );
}

/** Properties the schema does not know, where the object's own type is valid (typos). */
export function unknownProperties(body: unknown): Array<{ at: string; name: string }> {
  if (validate(body)) return [];
  return relevant(validate.errors ?? [])
    .filter((e) => e.keyword === "unevaluatedProperties")
    .map((e) => ({
      at: displayPath(e.instancePath),
      name: String(e.params.unevaluatedProperty),
    }));
}
