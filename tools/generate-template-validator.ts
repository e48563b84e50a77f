/**
 * Build step: compiles the official spec's ImageTemplate schema (request mode) into a
 * standalone validator module, so the bundles carry the spec's rules without carrying the
 * spec or a schema compiler.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2019 } from "ajv/dist/2019.js";
import standalone from "ajv/dist/standalone/index.js";
import { loadSpec } from "./spec/load-spec.js";
import { definitionSchema } from "./spec/to-json-schema.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outDir = path.join(root, "generated");

const spec = loadSpec();
const apiVersion = (spec.main.info as { version: string }).version;
const schema = definitionSchema(spec, "ImageTemplate", "request");
const ajv = new Ajv2019({
  allErrors: true,
  strict: true,
  strictTypes: false,
  code: { source: true, esm: true, lines: false },
});
const validate = ajv.compile(schema);
const code = standalone.default(ajv, validate);

mkdirSync(outDir, { recursive: true });
// A .ts module (its body unchecked) compiles and bundles like the rest of src/.
const exported = /export const validate = (\w+);export default \w+;/.exec(code);
if (!exported) throw new Error("unexpected ajv standalone output: no exported validator");
const body = code.replace(exported[0], "").replace(/^"use strict";/, "");
writeFileSync(
  path.join(outDir, "image-template-validator.ts"),
  `// @ts-nocheck\n// Generated from the Image Builder REST spec ${apiVersion} by tools/generate-template-validator.ts. Do not edit.\n` +
    `export interface SchemaError { instancePath: string; keyword: string; params: Record<string, unknown>; message?: string }\n` +
    `export const apiVersion = ${JSON.stringify(apiVersion)};\n` +
    `const validate = (() => {\n${body}\nreturn ${exported[1]};\n})() as unknown as ((data: unknown) => boolean) & { errors?: SchemaError[] | null };\n` +
    `export default validate;\n`,
);
