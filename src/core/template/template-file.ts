import { readFileSync } from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";
import { InputError, quote } from "../errors.js";
import type { LocalPath } from "../inputs/local-paths.js";
import type { DeploymentScope } from "./arm-expressions.js";
import { imageTemplateFromDeployment, isDeploymentTemplate } from "./arm-template.js";
import { compileBicep } from "./bicep.js";
import { mapLegacyFields, refuseRemovedFields, refuseUnknownProperty } from "./legacy-fields.js";
import type { TemplateParameters } from "./template-parameters.js";
import { fillIdentityType, normaliseResource } from "./template-shapes.js";
import { IMAGE_BUILDER_API_VERSION } from "./validate-template.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The parts of an ImageTemplate resource a template file may carry. */
export interface TemplateResource {
  location?: string;
  identity?: JsonObject;
  tags?: Record<string, string>;
  properties: JsonObject;
}

export interface LoadedTemplateFile {
  resource: TemplateResource;
  /** Directory relative local URIs are resolved against. */
  baseDir: string;
  file: LocalPath;
  /** What was changed to read the file, for a notice: dropped read-only and mapped fields. */
  notices: string[];
  /** Values of secure parameters (securestring, secureObject) that the template may show. */
  secrets: string[];
}

export interface LoadOptions {
  /** Values of an ARM deployment template's parameters. */
  parameters?: TemplateParameters;
  /** What resourceGroup() and subscription() evaluate to. */
  scope?: DeploymentScope;
  /** Top-level resource keys that inputs replace: their content is not read. */
  overridden?: ReadonlySet<"location" | "identity" | "source">;
}

export function loadTemplateFile(
  file: LocalPath,
  variables: Record<string, string>,
  options: LoadOptions = {},
): LoadedTemplateFile {
  const shown = file.relativePath;
  const text = /\.bicep$/i.test(shown)
    ? compileBicep(file.absolutePath, shown)
    : readFileSync(file.absolutePath, "utf8");
  const parsed = parseTemplateText(/\.bicep$/i.test(shown) ? `${shown}.json` : shown, text);
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new InputError(
      "template-file",
      `${quote(shown)} must hold an object: an image template resource, or its properties.`,
    );
  }
  const skip = new Set<string>(options.overridden ?? []);
  let doc: JsonObject = parsed;
  const secrets = new Set<string>();
  if (isDeploymentTemplate(doc)) {
    doc = imageTemplateFromDeployment(shown, doc, {
      parameters: options.parameters,
      scope: options.scope ?? {},
      skip,
      secrets,
    });
  } else if (options.parameters) {
    throw new InputError(
      "template-parameters",
      `is for ARM deployment templates, and ${quote(shown)} is not one (it has no parameters to fill). Remove the input, or use variables.`,
    );
  }
  const notices: string[] = [];
  let shaped: JsonObject;
  if ("properties" in doc) {
    const normalised = normaliseResource(shown, doc);
    shaped = normalised.doc;
    if (normalised.dropped.length) {
      notices.push(
        `${quote(shown)}: read-only fields that Azure sets are dropped: ${normalised.dropped.join(", ")}.`,
      );
    }
  } else {
    shaped = { properties: doc };
  }
  for (const key of skip) {
    if (key !== "source") delete shaped[key];
    else if (
      shaped.properties &&
      typeof shaped.properties === "object" &&
      !Array.isArray(shaped.properties)
    )
      delete shaped.properties.source;
  }
  refuseRemovedFields(shaped.properties);
  const substituted = substituteVariables(shaped, variables) as JsonObject;
  const resource = toResource(shown, substituted);
  if (fillIdentityType(resource.identity)) {
    notices.push(
      `${quote(shown)}: identity.type is set to UserAssigned, which its userAssignedIdentities imply.`,
    );
  }
  const mapped = mapLegacyFields(resource.properties);
  if (mapped.length) {
    notices.push(
      `${quote(shown)}: fields of an earlier Image Builder API are written in their ${IMAGE_BUILDER_API_VERSION} form: ${mapped.join("; ")}.`,
    );
  }
  refuseUnknownProperty(shown, {
    identity: resource.identity ?? null,
    properties: resource.properties,
  });
  return {
    resource,
    baseDir: path.dirname(file.absolutePath),
    file,
    notices,
    secrets: [...secrets],
  };
}

function parseTemplateText(shownPath: string, text: string): Json {
  const isJson = /\.json$/i.test(shownPath);
  if (isJson) {
    try {
      return JSON.parse(text) as Json;
    } catch (error) {
      throw new InputError(
        "template-file",
        `${quote(shownPath)} is not valid JSON: ${(error as Error).message}. Fix the file, or give a .yaml file.`,
      );
    }
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    const first = doc.errors[0]!;
    const where = first.linePos?.[0]
      ? ` (line ${first.linePos[0].line}, column ${first.linePos[0].col})`
      : "";
    throw new InputError(
      "template-file",
      `${quote(shownPath)} is not valid ${/\.ya?ml$/i.test(shownPath) ? "YAML" : "JSON or YAML"}${where}: ${first.message.split("\n")[0]}`,
    );
  }
  return doc.toJS({ maxAliasCount: 100 }) as Json;
}

function toResource(shownPath: string, doc: JsonObject): TemplateResource {
  const resource: TemplateResource = {
    properties: expectObject(shownPath, "properties", doc.properties),
  };
  if (doc.location !== undefined)
    resource.location = expectString(shownPath, "location", doc.location);
  if (doc.identity !== undefined)
    resource.identity = expectObject(shownPath, "identity", doc.identity);
  if (doc.tags !== undefined) {
    const tags = expectObject(shownPath, "tags", doc.tags);
    resource.tags = Object.fromEntries(
      Object.entries(tags).map(([k, v]) => [k, expectString(shownPath, `tags.${k}`, v)]),
    );
  }
  return resource;
}

function expectObject(file: string, where: string, value: Json | undefined): JsonObject {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new InputError("template-file", `${where} in ${quote(file)} must be an object.`);
  }
  return value;
}

function expectString(file: string, where: string, value: Json | undefined): string {
  if (typeof value !== "string")
    throw new InputError("template-file", `${where} in ${quote(file)} must be a string.`);
  return value;
}

const PLACEHOLDER = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
/** Microsoft's quickstarts write `<region1>`, `<imgBuilderId>` … for the user to replace. */
const QUICKSTART_PLACEHOLDER = /<([A-Za-z_][A-Za-z0-9_]*)>/g;
/** Paths whose strings are commands for the build VM, where ${X} is the shell's business. */
const COMMAND_PATH = /(^|\.)(customize|inVMValidations)\[\d+\]\.inline\[\d+\]$/;
/** Where `<x>` may be command text, or is replaced anyway (run output names are per run). */
const FREE_TEXT_PATH =
  /(^|\.)(customize|inVMValidations)\[\d+\]\.(inline\[\d+\]|restartCommand|restartCheckCommand|searchCriteria|filters\[\d+\])$|\.runOutputName$/;

/**
 * Replaces ${NAME} in every string. `$${NAME}` stays as a literal `${NAME}`. An unknown name
 * is an error, except inside inline commands, where shell and PowerShell variables live.
 * A quickstart's `<NAME>` placeholder, in values and keys, is replaced the same way.
 */
export function substituteVariables(node: Json, variables: Record<string, string>, at = ""): Json {
  if (typeof node === "string") return substituteString(node, variables, at);
  if (Array.isArray(node))
    return node.map((item, i) => substituteVariables(item, variables, `${at}[${i}]`));
  if (node && typeof node === "object") {
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => {
        const path = at ? `${at}.${k}` : k;
        return [
          substituteString(k, variables, `${path} (key)`),
          substituteVariables(v, variables, path),
        ];
      }),
    );
  }
  return node;
}

function substituteString(text: string, variables: Record<string, string>, at: string): string {
  const replaced = text.replace(PLACEHOLDER, (whole, escaped: string, name: string) => {
    if (escaped) return whole.slice(1);
    const value = variables[name];
    if (value !== undefined) return value;
    if (COMMAND_PATH.test(at)) return whole;
    throw new InputError(
      "template-file",
      `${at || "the template"} uses \${${name}}, but no variable ${name} is defined. Define it in variables (${name}=value), or write $\${${name}} for a literal.`,
    );
  });
  if (FREE_TEXT_PATH.test(at)) return replaced;
  return replaced.replace(QUICKSTART_PLACEHOLDER, (whole, name: string) => {
    const value = variables[name];
    if (value !== undefined) return value;
    throw new InputError(
      "template-file",
      `${at || "the template"} holds the placeholder ${whole}, which the file expects to be replaced. Define it in {{variables}} (${name}=value), or write the value in the file.`,
    );
  });
}
