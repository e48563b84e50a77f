import type { Json } from "./template-file.js";

/**
 * The part of ARM's template expression language that image templates use: parameters,
 * variables, string building and the deployment's resource group and subscription. Anything
 * else is refused by name, so a template never reaches Azure half-evaluated.
 */

/** What `resourceGroup()` and `subscription()` can tell; a missing fact is an error when used. */
export interface DeploymentScope {
  location?: string;
  resourceGroupName?: string;
  subscriptionId?: string;
}

/** An expression that cannot be evaluated, with the reason in a user's words. */
export class ExpressionError extends Error {}

type Token =
  | { kind: "name"; text: string }
  | { kind: "string"; text: string }
  | { kind: "number"; value: number }
  | { kind: "punct"; text: "(" | ")" | "," | "." | "[" | "]" };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let text = "";
      i++;
      for (;;) {
        if (i >= source.length) throw new ExpressionError("a string literal is not closed");
        if (source[i] === "'") {
          if (source[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += source[i++];
      }
      tokens.push({ kind: "string", text });
    } else if (/[0-9]/.test(c) || (c === "-" && /[0-9]/.test(source[i + 1] ?? ""))) {
      const match = /^-?[0-9]+(\.[0-9]+)?/.exec(source.slice(i))!;
      tokens.push({ kind: "number", value: Number(match[0]) });
      i += match[0].length;
    } else if (/[A-Za-z_$]/.test(c)) {
      const match = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(source.slice(i))!;
      tokens.push({ kind: "name", text: match[0] });
      i += match[0].length;
    } else if ("(),.[]".includes(c)) {
      tokens.push({ kind: "punct", text: c as "(" });
      i++;
    } else {
      throw new ExpressionError(`unexpected character '${c}'`);
    }
  }
  return tokens;
}

type Node =
  | { kind: "literal"; value: Json }
  | { kind: "call"; name: string; args: Node[] }
  | { kind: "member"; target: Node; key: Node };

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  parseAll(): Node {
    const node = this.expression();
    if (this.at < this.tokens.length)
      throw new ExpressionError("unexpected text after the expression");
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private expect(text: string): void {
    const t = this.tokens[this.at++];
    if (!t || t.kind !== "punct" || t.text !== text)
      throw new ExpressionError(`expected '${text}'`);
  }

  private isPunct(text: string): boolean {
    const t = this.peek();
    return t?.kind === "punct" && t.text === text;
  }

  private expression(): Node {
    const t = this.tokens[this.at++];
    if (!t) throw new ExpressionError("the expression ends too early");
    let node: Node;
    if (t.kind === "string") node = { kind: "literal", value: t.text };
    else if (t.kind === "number") node = { kind: "literal", value: t.value };
    else if (t.kind === "name") {
      this.expect("(");
      const args: Node[] = [];
      if (!this.isPunct(")")) {
        args.push(this.expression());
        while (this.isPunct(",")) {
          this.at++;
          args.push(this.expression());
        }
      }
      this.expect(")");
      node = { kind: "call", name: t.text, args };
    } else throw new ExpressionError(`unexpected '${t.text}'`);
    for (;;) {
      if (this.isPunct(".")) {
        this.at++;
        const name = this.tokens[this.at++];
        if (name?.kind !== "name") throw new ExpressionError("expected a property name after '.'");
        node = { kind: "member", target: node, key: { kind: "literal", value: name.text } };
      } else if (this.isPunct("[")) {
        this.at++;
        const key = this.expression();
        this.expect("]");
        node = { kind: "member", target: node, key };
      } else return node;
    }
  }
}

/** `[...]` is an expression; `[[...` is a literal string starting with `[`. */
export function isExpression(value: string): boolean {
  return value.startsWith("[") && value.endsWith("]") && !value.startsWith("[[");
}

export interface ExpressionContext {
  /** Looks a parameter up by name, case-insensitively; throws when it has no value. */
  parameter(name: string): Json;
  variable(name: string): Json;
  scope: DeploymentScope;
  /** The parameters of the lambdas being evaluated, by lower-cased name. */
  bound?: ReadonlyMap<string, Json>;
}

function lookupKey(target: Json, key: Json): Json {
  if (Array.isArray(target)) {
    if (typeof key !== "number" || !target.length || key < 0 || key >= target.length)
      throw new ExpressionError(`index ${JSON.stringify(key)} is out of range`);
    return target[key]!;
  }
  if (target && typeof target === "object" && typeof key === "string") {
    const found = Object.keys(target).find((k) => k.toLowerCase() === key.toLowerCase());
    if (found === undefined) throw new ExpressionError(`the object has no property '${key}'`);
    return target[found]!;
  }
  throw new ExpressionError(`cannot read ${JSON.stringify(key)} of ${JSON.stringify(target)}`);
}

function asString(value: Json, fn: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new ExpressionError(`${fn}() needs strings, got ${JSON.stringify(value)}`);
}

/** ARM's union(): arrays without duplicates; objects merged, nested objects recursively. */
function union(a: Json, b: Json): Json {
  if (Array.isArray(a) && Array.isArray(b)) {
    const out = [...a];
    for (const item of b)
      if (!out.some((o) => JSON.stringify(o) === JSON.stringify(item))) out.push(item);
    return out;
  }
  if (
    a &&
    b &&
    typeof a === "object" &&
    typeof b === "object" &&
    !Array.isArray(a) &&
    !Array.isArray(b)
  ) {
    const out: Record<string, Json> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = k in out ? union(out[k]!, v) : v;
    return out;
  }
  if (a === b || a === undefined) return b;
  if (a && typeof a === "object") throw new ExpressionError("union() needs arguments of one kind");
  return b;
}

function truthy(value: Json, fn: string): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value))
    return value.toLowerCase() === "true";
  throw new ExpressionError(`${fn}() needs a bool, got ${JSON.stringify(value)}`);
}

function need(scope: DeploymentScope, key: keyof DeploymentScope, what: string): string {
  const value = scope[key];
  if (!value) throw new ExpressionError(`${what} is not known`);
  return value;
}

/** .NET composite formatting as ARM's format() uses it: {0}, {1:format} is refused. */
function format(pattern: string, args: Json[]): string {
  return pattern.replace(
    /\{\{|\}\}|\{(\d+)(:[^}]*)?\}/g,
    (whole, index?: string, spec?: string) => {
      if (whole === "{{") return "{";
      if (whole === "}}") return "}";
      if (spec)
        throw new ExpressionError(`format() with a format specifier (${whole}) is not evaluated`);
      const value = args[Number(index)];
      if (value === undefined) throw new ExpressionError(`format() has no argument ${index}`);
      return typeof value === "string" ? value : JSON.stringify(value);
    },
  );
}

/** resourceId([subscriptionId], [resourceGroupName], type, name1, name2, ...). */
function resourceId(args: string[], scope: DeploymentScope): string {
  const typeAt = args.findIndex((a) => /^[^/]+\.[^/]+\/.+/.test(a));
  if (typeAt < 0 || typeAt > 2) throw new ExpressionError("resourceId() needs a resource type");
  const [namespace, ...types] = args[typeAt]!.split("/");
  const names = args.slice(typeAt + 1);
  if (names.length !== types.length)
    throw new ExpressionError(`resourceId() needs ${types.length} names for ${args[typeAt]}`);
  const before = args.slice(0, typeAt);
  const subscription =
    before.length === 2 ? before[0]! : need(scope, "subscriptionId", "the subscription");
  const group =
    before.length >= 1
      ? before[before.length - 1]!
      : need(scope, "resourceGroupName", "the resource group");
  const path = types.map((t, i) => `${t}/${names[i]}`).join("/");
  return `/subscriptions/${subscription}/resourceGroups/${group}/providers/${namespace}/${path}`;
}

/** Functions whose result would differ from ARM's, or that need a live deployment. */
const NOT_EVALUATED = new Map([
  ["uniquestring", "its value is a hash only Azure computes the same way"],
  ["newguid", "its value is new in every deployment"],
  ["utcnow", "its value depends on the time of the deployment"],
  ["reference", "it reads a deployed resource"],
  ["list", "it reads a deployed resource"],
  ["deployment", "it describes a live deployment"],
]);

function call(name: string, args: Json[], ctx: ExpressionContext): Json {
  const fn = name.toLowerCase();
  const strings = () => args.map((a) => asString(a, name));
  switch (fn) {
    case "parameters":
      return ctx.parameter(asString(args[0] ?? null, name));
    case "variables":
      return ctx.variable(asString(args[0] ?? null, name));
    case "concat":
      if (args.length && args.every(Array.isArray)) return (args as Json[][]).flat();
      return strings().join("");
    case "format":
      return format(asString(args[0] ?? null, name), args.slice(1));
    case "tolower":
      return asString(args[0] ?? null, name).toLowerCase();
    case "toupper":
      return asString(args[0] ?? null, name).toUpperCase();
    case "string":
      return typeof args[0] === "string" ? args[0] : JSON.stringify(args[0] ?? null);
    case "int":
      return Math.trunc(Number(args[0]));
    case "true":
      return true;
    case "false":
      return false;
    case "null":
      return null;
    case "resourcegroup":
      if (args.length)
        throw new ExpressionError("resourceGroup() of another group is not evaluated");
      // Getters: a template that reads only the name must not need the location.
      return {
        get location() {
          return need(ctx.scope, "location", "the location");
        },
        get name() {
          return need(ctx.scope, "resourceGroupName", "the resource group");
        },
        get id() {
          return `/subscriptions/${need(ctx.scope, "subscriptionId", "the subscription")}/resourceGroups/${need(ctx.scope, "resourceGroupName", "the resource group")}`;
        },
      };
    case "subscription":
      if (args.length)
        throw new ExpressionError("subscription() of another subscription is not evaluated");
      return {
        get subscriptionId() {
          return need(ctx.scope, "subscriptionId", "the subscription");
        },
        get id() {
          return `/subscriptions/${need(ctx.scope, "subscriptionId", "the subscription")}`;
        },
      };
    case "resourceid":
      return resourceId(strings(), ctx.scope);
    case "not":
      return !truthy(args[0] ?? null, name);
    case "and":
      return args.every((a) => truthy(a, name));
    case "or":
      return args.some((a) => truthy(a, name));
    case "equals":
      return JSON.stringify(args[0]) === JSON.stringify(args[1]);
    case "empty": {
      const v = args[0] ?? null;
      if (v === null || v === "") return true;
      if (Array.isArray(v)) return v.length === 0;
      return typeof v === "object" ? Object.keys(v).length === 0 : false;
    }
    case "contains": {
      const [container, item] = [args[0] ?? null, args[1] ?? null];
      if (typeof container === "string") return container.includes(asString(item, name));
      if (Array.isArray(container))
        return container.some((c) => JSON.stringify(c) === JSON.stringify(item));
      if (container && typeof container === "object" && typeof item === "string")
        return Object.keys(container).some((k) => k.toLowerCase() === item.toLowerCase());
      throw new ExpressionError("contains() needs a string, an array or an object");
    }
    case "array":
      return Array.isArray(args[0]) ? args[0] : [args[0] ?? null];
    case "createarray":
      return args;
    case "length": {
      const v = args[0] ?? null;
      if (typeof v === "string" || Array.isArray(v)) return v.length;
      if (v && typeof v === "object") return Object.keys(v).length;
      throw new ExpressionError("length() needs a string, an array or an object");
    }
    case "first":
    case "last": {
      const v = args[0] ?? null;
      if (typeof v !== "string" && !Array.isArray(v))
        throw new ExpressionError(`${name}() needs a string or an array`);
      const at = fn === "first" ? 0 : v.length - 1;
      return (typeof v === "string" ? v[at] : v[at]) ?? "";
    }
    case "split": {
      const text = asString(args[0] ?? null, name);
      const separators = Array.isArray(args[1])
        ? args[1].map((d) => asString(d, name))
        : [asString(args[1] ?? null, name)];
      return separators.reduce<string[]>((parts, d) => parts.flatMap((p) => p.split(d)), [text]);
    }
    case "createobject": {
      if (args.length % 2)
        throw new ExpressionError("createObject() needs pairs of keys and values");
      const out: Record<string, Json> = {};
      for (let i = 0; i < args.length; i += 2) out[asString(args[i]!, name)] = args[i + 1]!;
      return out;
    }
    case "tryget": {
      let value: Json = args[0] ?? null;
      for (const key of args.slice(1)) {
        if (Array.isArray(value) && typeof key === "number") value = value[key] ?? null;
        else if (
          value &&
          typeof value === "object" &&
          !Array.isArray(value) &&
          typeof key === "string"
        ) {
          const found = Object.keys(value).find((k) => k.toLowerCase() === key.toLowerCase());
          value = found === undefined ? null : value[found]!;
        } else return null;
      }
      return value;
    }
    case "union":
      return args.reduce<Json>((merged, next) => union(merged, next), args[0] ?? null);
    case "shallowmerge": {
      const list = args[0];
      if (!Array.isArray(list))
        throw new ExpressionError("shallowMerge() needs an array of objects");
      return Object.assign({}, ...list.filter((o) => o && typeof o === "object")) as Json;
    }
    case "coalesce":
      return args.find((a) => a !== null) ?? null;
    default: {
      const why = NOT_EVALUATED.get(fn.startsWith("list") ? "list" : fn);
      throw new ExpressionError(
        `${name}() is not evaluated by bake-azure-image${why ? ` (${why})` : ""}`,
      );
    }
  }
}

function evaluateNode(node: Node, ctx: ExpressionContext): Json {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "call": {
      const lower = node.name.toLowerCase();
      // ARM evaluates only the branch if() takes.
      if (lower === "if") {
        if (node.args.length !== 3) throw new ExpressionError("if() needs three arguments");
        const chosen = truthy(evaluateNode(node.args[0]!, ctx), "if") ? 1 : 2;
        return evaluateNode(node.args[chosen]!, ctx);
      }
      if (lower === "lambdavariables") {
        const key = asString(
          evaluateNode(node.args[0] ?? { kind: "literal", value: null }, ctx),
          node.name,
        );
        const value = ctx.bound?.get(key.toLowerCase());
        if (value === undefined) throw new ExpressionError(`no lambda parameter '${key}'`);
        return value;
      }
      if (lower === "map" || lower === "filter" || lower === "reduce") return iterate(node, ctx);
      // Checked before the arguments, so the message names the function the user wrote.
      if (NOT_EVALUATED.has(lower) || lower.startsWith("list")) call(node.name, [], ctx);
      return call(
        node.name,
        node.args.map((a) => evaluateNode(a, ctx)),
        ctx,
      );
    }
    case "member":
      return lookupKey(evaluateNode(node.target, ctx), evaluateNode(node.key, ctx));
  }
}

/** map(), filter() and reduce() with their lambda(...) argument, evaluated per item. */
function iterate(node: Extract<Node, { kind: "call" }>, ctx: ExpressionContext): Json {
  const fn = node.name.toLowerCase();
  const lambda = node.args[node.args.length - 1];
  if (lambda?.kind !== "call" || lambda.name.toLowerCase() !== "lambda" || lambda.args.length < 2)
    throw new ExpressionError(`${node.name}() needs a lambda() as its last argument`);
  const names = lambda.args
    .slice(0, -1)
    .map((n) => asString(evaluateNode(n, ctx), "lambda").toLowerCase());
  const body = lambda.args[lambda.args.length - 1]!;
  const apply = (...values: Json[]) => {
    const bound = new Map(ctx.bound ?? []);
    names.forEach((n, i) => bound.set(n, values[i] ?? null));
    return evaluateNode(body, { ...ctx, bound });
  };
  const items = evaluateNode(node.args[0]!, ctx);
  if (!Array.isArray(items)) throw new ExpressionError(`${node.name}() needs an array`);
  if (fn === "map") return items.map((item, i) => apply(item, i));
  if (fn === "filter") return items.filter((item, i) => truthy(apply(item, i), "filter"));
  let accumulated = evaluateNode(node.args[1]!, ctx);
  items.forEach((item, i) => (accumulated = apply(accumulated, item, i)));
  return accumulated;
}

/** Evaluates one template string: an expression, a `[[` literal, or a plain string. */
export function evaluateString(value: string, ctx: ExpressionContext): Json {
  if (value.startsWith("[[")) return value.slice(1);
  if (!isExpression(value)) return value;
  const node = new Parser(tokenize(value.slice(1, -1))).parseAll();
  const result = evaluateNode(node, ctx);
  // Objects from resourceGroup()/subscription() are only for member access.
  return result && typeof result === "object" && !Array.isArray(result)
    ? (JSON.parse(JSON.stringify(result)) as Json)
    : result;
}
