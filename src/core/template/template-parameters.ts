import { readFileSync } from "node:fs";
import { InputError, quote, ref } from "../errors.js";
import { resolveLocalPath } from "../inputs/local-paths.js";
import { parseKeyValueLines, parseLines } from "../inputs/values.js";
import type { Json, JsonObject } from "./template-file.js";

/**
 * Values for an ARM deployment template's parameters: from an ARM parameters file (typed
 * JSON values) or from `name=value` lines (text, converted by the parameter's declared type).
 */
export interface TemplateParameters {
  /** Keyed by the lower-cased name: ARM parameter names are case-insensitive. */
  values: Map<string, { name: string; value: Json; typed: boolean }>;
  /** Where they came from, for messages. */
  origin: string;
}

const INPUT = "template-parameters";

export function readTemplateParameters(
  raw: string | undefined,
  workspace: string,
): TemplateParameters | undefined {
  if (raw === undefined || !raw.trim()) return undefined;
  const lines = parseLines(raw);
  if (lines.length === 1 && !lines[0]!.includes("="))
    return readParametersFile(lines[0]!.trim(), workspace);
  const values: TemplateParameters["values"] = new Map();
  for (const [name, value] of parseKeyValueLines(INPUT, raw, {
    separator: "=",
    example: "name=value",
  })) {
    values.set(name.toLowerCase(), { name, value, typed: false });
  }
  return { values, origin: ref(INPUT) };
}

function readParametersFile(written: string, workspace: string): TemplateParameters {
  const file = resolveLocalPath(INPUT, written, workspace, workspace);
  if (file.isDirectory)
    throw new InputError(
      INPUT,
      `${quote(written)} is a directory. Name an ARM parameters file (.json), or write name=value lines.`,
    );
  if (/\.bicepparam$/i.test(written)) {
    throw new InputError(
      INPUT,
      `${quote(written)} is a .bicepparam file, which needs Bicep to read. Compile it to an ARM parameters file (\`bicep build-params ${written} --outfile params.json\`) and name that, or write name=value lines.`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file.absolutePath, "utf8"));
  } catch (error) {
    throw new InputError(
      INPUT,
      `${quote(written)} is not valid JSON: ${(error as Error).message}.`,
    );
  }
  const parameters = (doc as JsonObject | null)?.parameters;
  if (!parameters || typeof parameters !== "object" || Array.isArray(parameters)) {
    throw new InputError(
      INPUT,
      `${quote(written)} is not an ARM parameters file: it needs "parameters": { "name": { "value": ... } }.`,
    );
  }
  const values: TemplateParameters["values"] = new Map();
  for (const [name, entry] of Object.entries(parameters)) {
    const e = entry as JsonObject | null;
    if (e && typeof e === "object" && "reference" in e) {
      throw new InputError(
        INPUT,
        `parameter ${quote(name)} in ${quote(written)} is a Key Vault reference, which only an ARM deployment resolves. Give its value, or pass it as a secret variable in name=value lines.`,
      );
    }
    if (!e || typeof e !== "object" || !("value" in e)) {
      throw new InputError(INPUT, `parameter ${quote(name)} in ${quote(written)} has no "value".`);
    }
    values.set(name.toLowerCase(), { name, value: e.value!, typed: true });
  }
  return { values, origin: quote(file.relativePath) };
}

/** Turns a `name=value` text into the declared type, as `az deployment --parameters` does. */
export function convertParameter(name: string, text: string, type: string | undefined): Json {
  switch ((type ?? "string").toLowerCase()) {
    case "int":
      if (!/^-?\d+$/.test(text))
        throw new InputError(
          INPUT,
          `parameter ${quote(name)} is an int, but ${quote(text)} is not a whole number.`,
        );
      return Number(text);
    case "bool":
      if (!/^(true|false)$/i.test(text))
        throw new InputError(INPUT, `parameter ${quote(name)} is a bool: write true or false.`);
      return text.toLowerCase() === "true";
    case "object":
    case "secureobject":
    case "array":
      try {
        return JSON.parse(text) as Json;
      } catch {
        throw new InputError(
          INPUT,
          `parameter ${quote(name)} is ${type === "array" ? "an array" : "an object"}: write its value as JSON on one line.`,
        );
      }
    default:
      return text;
  }
}
