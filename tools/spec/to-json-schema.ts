import { getPointer, resolveRefTarget, type JsonObject, type LoadedSpec } from "./load-spec.js";

/**
 * Turns Swagger 2.0 definitions into one self-contained JSON Schema (draft 2019-09) that
 * validates the way Image Builder does: polymorphic types chosen by their discriminator,
 * enums case-sensitive, and unknown properties refused. In "request" mode read-only
 * properties are refused too, since a client must not send them.
 */
export type SchemaMode = "request" | "response";

const DRAFT = "https://json-schema.org/draft/2019-09/schema";
const INT32 = { minimum: -2147483648, maximum: 2147483647 };
const DROPPED_KEYS = new Set([
  "description",
  "title",
  "example",
  "externalDocs",
  "discriminator",
  "default",
  "readOnly",
  "format",
]);

interface DefinitionRef {
  file: string;
  name: string;
}

export class SchemaBuilder {
  private readonly defs: Record<string, unknown> = {};
  private readonly pending: Array<() => void> = [];
  private readonly subtypesByBase = new Map<string, Array<{ key: string; value: string }>>();

  constructor(
    private readonly spec: LoadedSpec,
    private readonly mode: SchemaMode,
  ) {
    this.indexDiscriminators();
  }

  /** A root schema for a definition of the main file, e.g. "ImageTemplate". */
  forDefinition(name: string): JsonObject {
    return this.forRef(`#/definitions/${name}`, "imagebuilder.json");
  }

  /** A root schema for any `$ref` or inline schema found in `fromFile` (operation bodies, responses). */
  forRef(ref: string, fromFile: string): JsonObject {
    return this.forSchema({ $ref: ref }, fromFile);
  }

  forSchema(schema: unknown, fromFile: string): JsonObject {
    const root = this.convert(schema, fromFile, { closeObjects: true }) as JsonObject;
    while (this.pending.length) this.pending.shift()!();
    return { $schema: DRAFT, ...root, $defs: { ...this.defs } };
  }

  private key({ file, name }: DefinitionRef): string {
    if (file === "imagebuilder.json") return name;
    const version = /resource-management\/(v\d+)\//.exec(file)?.[1] ?? file;
    return `${version}.${name}`;
  }

  private indexDiscriminators(): void {
    for (const [file, doc] of this.spec.files) {
      const definitions = (doc.definitions ?? {}) as Record<string, JsonObject>;
      for (const [name, def] of Object.entries(definitions)) {
        for (const parent of (def.allOf as JsonObject[] | undefined) ?? []) {
          if (typeof parent.$ref !== "string") continue;
          const [parentFile, pointer] = resolveRefTarget(parent.$ref, file);
          const parentName = pointer.replace("/definitions/", "");
          const parentDef = getPointer(this.spec.files.get(parentFile)!, pointer) as JsonObject;
          if (!parentDef?.discriminator) continue;
          const baseKey = this.key({ file: parentFile, name: parentName });
          const value = (def["x-ms-discriminator-value"] as string | undefined) ?? name;
          const list = this.subtypesByBase.get(baseKey) ?? [];
          list.push({ key: this.key({ file, name }), value });
          this.subtypesByBase.set(baseKey, list);
        }
      }
    }
  }

  private ensureDefinition(target: DefinitionRef, variant: "plain" | "base"): string {
    const key = this.key(target) + (variant === "base" ? ".base" : "");
    if (key in this.defs) return key;
    this.defs[key] = {};
    this.pending.push(() => {
      const doc = this.spec.files.get(target.file);
      if (!doc) throw new Error(`spec file not loaded: ${target.file}`);
      const def = getPointer(doc, `/definitions/${target.name}`) as JsonObject | undefined;
      if (!def) throw new Error(`no definition ${target.name} in ${target.file}`);
      const discriminator = def.discriminator as string | undefined;
      if (discriminator && variant === "plain") {
        this.defs[key] = this.polymorphicUnion(this.key(target), discriminator);
      } else {
        this.defs[key] = this.convert(def, target.file, { closeObjects: false });
      }
    });
    return key;
  }

  private polymorphicUnion(baseKey: string, discriminator: string): JsonObject {
    const subtypes = this.subtypesByBase.get(baseKey) ?? [];
    for (const sub of subtypes) this.ensureDefinitionByKey(sub.key);
    return {
      type: "object",
      required: [discriminator],
      properties: { [discriminator]: { enum: subtypes.map((s) => s.value) } },
      allOf: subtypes.map((s) => ({
        if: { properties: { [discriminator]: { const: s.value } }, required: [discriminator] },
        then: { $ref: `#/$defs/${s.key}` },
      })),
    };
  }

  private ensureDefinitionByKey(key: string): void {
    const dot = key.indexOf(".");
    const isCommon = /^v\d+\./.test(key);
    const target: DefinitionRef = isCommon
      ? {
          file: `common-types/resource-management/${key.slice(0, dot)}/types.json`,
          name: key.slice(dot + 1),
        }
      : { file: "imagebuilder.json", name: key };
    this.ensureDefinition(target, "plain");
  }

  private convert(node: unknown, file: string, ctx: { closeObjects: boolean }): unknown {
    if (Array.isArray(node)) return node.map((n) => this.convert(n, file, ctx));
    if (!node || typeof node !== "object") return node;
    const src = node as JsonObject;

    if (typeof src.$ref === "string") {
      const [targetFile, pointer] = resolveRefTarget(src.$ref, file);
      const name = pointer.replace("/definitions/", "");
      const key = this.ensureDefinition({ file: targetFile, name }, "plain");
      // Closing at the reference site lets allOf parents stay open while the whole is closed.
      return ctx.closeObjects && this.isClosable(targetFile, name)
        ? { $ref: `#/$defs/${key}`, unevaluatedProperties: false }
        : { $ref: `#/$defs/${key}` };
    }

    const out: JsonObject = {};
    for (const [k, v] of Object.entries(src)) {
      if (DROPPED_KEYS.has(k) || k.startsWith("x-")) continue;
      if (k === "properties") {
        const props: JsonObject = {};
        for (const [pk, pv] of Object.entries(v as JsonObject)) {
          if (this.mode === "request" && (pv as JsonObject).readOnly === true) continue;
          props[pk] = this.convert(pv, file, { closeObjects: true });
        }
        out.properties = props;
      } else if (k === "allOf") {
        out.allOf = (v as JsonObject[]).map((parent) => this.convertParent(parent, file));
      } else if (k === "items" || k === "additionalProperties") {
        out[k] = typeof v === "boolean" ? v : this.convert(v, file, { closeObjects: true });
      } else {
        out[k] = v;
      }
    }
    if (src.format === "int32")
      Object.assign(out, { ...INT32, ...pick(src, ["minimum", "maximum"]) });
    if (this.mode === "request" && Array.isArray(out.required) && src.properties) {
      // A property the client may not send cannot be required of it.
      const readOnly = new Set(
        Object.entries(src.properties as JsonObject)
          .filter(([, p]) => (p as JsonObject).readOnly === true)
          .map(([n]) => n),
      );
      out.required = (out.required as string[]).filter((r) => !readOnly.has(r));
    }
    if (
      ctx.closeObjects &&
      (out.properties || out.allOf) &&
      out.additionalProperties === undefined
    ) {
      out.unevaluatedProperties = false;
    }
    return out;
  }

  private convertParent(parent: JsonObject, file: string): unknown {
    if (typeof parent.$ref !== "string") return this.convert(parent, file, { closeObjects: false });
    const [targetFile, pointer] = resolveRefTarget(parent.$ref, file);
    const name = pointer.replace("/definitions/", "");
    const def = getPointer(this.spec.files.get(targetFile)!, pointer) as JsonObject;
    const variant = def?.discriminator ? "base" : "plain";
    return { $ref: `#/$defs/${this.ensureDefinition({ file: targetFile, name }, variant)}` };
  }

  private isClosable(file: string, name: string): boolean {
    const def = getPointer(this.spec.files.get(file)!, `/definitions/${name}`) as JsonObject;
    if (!def) return false;
    if (def.additionalProperties !== undefined) return false;
    return def.type === "object" || !!def.properties || !!def.allOf || !!def.discriminator;
  }
}

function pick(obj: JsonObject, keys: string[]): JsonObject {
  const out: JsonObject = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

export function definitionSchema(spec: LoadedSpec, name: string, mode: SchemaMode): JsonObject {
  return new SchemaBuilder(spec, mode).forDefinition(name);
}
