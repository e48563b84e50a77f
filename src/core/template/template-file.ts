import { readFileSync } from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";
import { InputError, quote } from "../errors.js";
import type { LocalPath } from "../inputs/local-paths.js";

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
}

const RESOURCE_TYPE = "Microsoft.VirtualMachineImages/imageTemplates";
/** Keys of an ARM template resource or of `az image builder show` output that we replace. */
const IGNORED_RESOURCE_KEYS = new Set([
  "type",
  "apiVersion",
  "name",
  "id",
  "systemData",
  "dependsOn",
]);
const RESOURCE_KEYS = new Set(["location", "identity", "tags", "properties"]);

export function loadTemplateFile(
  file: LocalPath,
  variables: Record<string, string>,
): LoadedTemplateFile {
  const text = readFileSync(file.absolutePath, "utf8");
  const parsed = parseTemplateText(file.relativePath, text);
  const substituted = substituteVariables(parsed, variables) as JsonObject;
  return {
    resource: toResource(file.relativePath, substituted),
    baseDir: path.dirname(file.absolutePath),
    file,
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

function toResource(shownPath: string, doc: Json): TemplateResource {
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) {
    throw new InputError(
      "template-file",
      `${quote(shownPath)} must hold an object: an image template resource, or its properties.`,
    );
  }
  if (!("properties" in doc)) return { properties: doc };
  if (typeof doc.type === "string" && doc.type.toLowerCase() !== RESOURCE_TYPE.toLowerCase()) {
    throw new InputError(
      "template-file",
      `${quote(shownPath)} describes a ${doc.type}, not a ${RESOURCE_TYPE}.`,
    );
  }
  const unknown = Object.keys(doc).filter(
    (k) => !RESOURCE_KEYS.has(k) && !IGNORED_RESOURCE_KEYS.has(k),
  );
  if (unknown.length) {
    throw new InputError(
      "template-file",
      `${quote(shownPath)} has unknown top-level ${unknown.length > 1 ? "keys" : "key"} ${unknown.map((k) => quote(k)).join(", ")}. A template file holds location, identity, tags and properties, or the properties alone.`,
    );
  }
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
/** Paths whose strings are commands for the build VM, where ${X} is the shell's business. */
const COMMAND_PATH = /(^|\.)(customize|inVMValidations)\[\d+\]\.inline\[\d+\]$/;

/**
 * Replaces ${NAME} in every string. `$${NAME}` stays as a literal `${NAME}`. An unknown name
 * is an error, except inside inline commands, where shell and PowerShell variables live.
 */
export function substituteVariables(node: Json, variables: Record<string, string>, at = ""): Json {
  if (typeof node === "string") {
    return node.replace(PLACEHOLDER, (whole, escaped: string, name: string) => {
      if (escaped) return whole.slice(1);
      const value = variables[name];
      if (value !== undefined) return value;
      if (COMMAND_PATH.test(at)) return whole;
      throw new InputError(
        "template-file",
        `${at || "the template"} uses \${${name}}, but no variable ${name} is defined. Define it in variables (${name}=value), or write $\${${name}} for a literal.`,
      );
    });
  }
  if (Array.isArray(node))
    return node.map((item, i) => substituteVariables(item, variables, `${at}[${i}]`));
  if (node && typeof node === "object") {
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [
        k,
        substituteVariables(v, variables, at ? `${at}.${k}` : k),
      ]),
    );
  }
  return node;
}
