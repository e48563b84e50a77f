import { InputError } from "../errors.js";
import type { BakeInputs } from "../inputs/read-inputs.js";
import type { RenderedTemplate } from "../template/render-template.js";
import type { ResourceReads } from "./resource-reads.js";

export interface PreflightContext {
  inputs: BakeInputs;
  rendered: RenderedTemplate;
  reads: ResourceReads;
  /** Notes a check this family could not make; the runner shows one notice per family. */
  skip: (what: string, reason: string) => void;
  /** Something the build may trip over that is not sure enough to stop it. */
  warn: (message: string) => void;
  /** A line in the log: what was not checked for a reason that is no fault of the pipeline's. */
  inform: (message: string) => void;
}

/**
 * One family of checks: they share what they need to read, so a read the pipeline's identity
 * may not make skips them under one notice that says which permission would let them run.
 */
export interface CheckFamily {
  /** Names the family in the notice: "Skipped the {name} checks before the build". */
  name: string;
  /** What the pipeline's identity needs for them, as the notice says it. */
  needs: string;
  checks: (ctx: PreflightContext) => Array<Promise<void>>;
}

/**
 * The input a problem is reported against: the input when it was given, otherwise the
 * template file when there is one (the value came from it).
 */
export function inputFor(inputs: BakeInputs, input: string, given: boolean): string {
  return given || !inputs.templateFile ? input : "template-file";
}

export function problem(input: string, message: string): InputError {
  return new InputError(input, message);
}
