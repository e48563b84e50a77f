import { templateCustomizer, type TemplateCustomizer } from "../template/template-customizer.js";

/**
 * The customizers of a rendered image template (the `render` command's output, or the
 * template as Azure returns it), to name the steps of a log read without the run that made
 * it. Which repository file each came from is not in the template, so sourceFile stays unset.
 */
export function customizersFromTemplate(template: unknown): TemplateCustomizer[] {
  const properties = objectAt(template, "properties");
  const customize = properties?.customize;
  if (!Array.isArray(customize)) {
    throw new Error("has no properties.customize list; pass a rendered image template.");
  }
  return customize.map((c: unknown, index) => templateCustomizer(c, index));
}

function objectAt(value: unknown, key: string): Record<string, unknown> | undefined {
  if (!value || typeof value !== "object") return undefined;
  const inner = (value as Record<string, unknown>)[key];
  return inner && typeof inner === "object" ? (inner as Record<string, unknown>) : undefined;
}
