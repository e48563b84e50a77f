import type { LoggedCustomizer, TemplateCustomizer } from "../template/template-customizer.js";

/**
 * What a stretch of the log belongs to: a customizer, or the deprovisioning that follows them
 * (index null). Its type is always known, from the template or from the log.
 */
export interface StepRef extends LoggedCustomizer {
  type: string;
  deprovisioning?: boolean;
  /**
   * Opened by the lines of a log that starts inside a customizer (an excerpt), without Packer's
   * start marker: which customizer it is cannot be known, and its type only from the log.
   */
  implicit?: boolean;
}

/** Packer's provisioner names for Image Builder's customizer types. */
const TEMPLATE_TYPE: Record<string, string> = {
  shell: "Shell",
  powershell: "PowerShell",
  file: "File",
  "windows-restart": "WindowsRestart",
  "windows-update": "WindowsUpdate",
};

export function templateTypeOf(provisioner: string): string {
  return TEMPLATE_TYPE[provisioner] ?? provisioner;
}

/**
 * The k-th provisioner Packer starts is the template's customizer k: Image Builder turns each
 * customizer into one provisioner, in order, and adds its deprovisioning provisioner after
 * them. Without the template, provisioners are numbered in order and named from the log.
 */
export function stepFor(
  k: number,
  provisioner: string,
  known: readonly TemplateCustomizer[],
): StepRef {
  const type = templateTypeOf(provisioner);
  if (known.length === 0) return { index: k, name: null, type, sourceFile: null };
  const customizer = known[k];
  if (customizer) {
    return {
      index: customizer.index,
      name: customizer.name ?? null,
      type: customizer.type,
      sourceFile: customizer.sourceFile ?? null,
    };
  }
  if (k === known.length) return deprovisioningStep(type);
  // Past deprovisioning: in-VM validation runs provisioners of its own.
  return { index: null, name: null, type, sourceFile: null };
}

export function implicitStep(type: string): StepRef {
  return { index: null, name: null, type, sourceFile: null, implicit: true };
}

export function deprovisioningStep(type: string): StepRef {
  return { index: null, name: null, type, sourceFile: null, deprovisioning: true };
}

/**
 * "customizer 3 'install-tools' (Shell) from scripts/install-tools.sh". People count customizers
 * from 1, as they read the template's list; `index` counts from 0.
 */
export function describeStep(step: LoggedCustomizer & { deprovisioning?: boolean }): string {
  const known = step.type && step.type !== "unknown" ? step.type : null;
  if (step.deprovisioning) return known ? `deprovisioning (${known})` : "deprovisioning";
  const parts = [step.index === null ? "customizer" : `customizer ${displayNumber(step.index)}`];
  if (step.name) parts.push(`'${step.name}'`);
  if (known) parts.push(`(${known})`);
  if (step.sourceFile && step.sourceFile !== step.name) parts.push(`from ${step.sourceFile}`);
  return parts.join(" ");
}

/** A customizer's number as people count it: the template's first customizer is 1. */
export function displayNumber(index: number): number {
  return index + 1;
}
