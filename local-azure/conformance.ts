import { Ajv2019 } from "ajv/dist/2019.js";
import type { ErrorObject, ValidateFunction } from "ajv";
import {
  readOperationsDocument,
  standaloneSchema,
  type OperationsDocument,
} from "../tools/spec/operations-document.js";

/**
 * The official Image Builder spec, as derived into the committed
 * `generated/imagebuilder-2025-10-01.operations.json`, compiled once per process into matchers
 * and validators for every operation: which operation a request is, whether its parameters and
 * body are what the spec allows (request mode), and whether an answer's status and body are
 * (response mode).
 */
export interface SpecOperation {
  operationId: string;
  method: string;
  pathTemplate: string;
  longRunning: boolean;
  finalStateVia?: string;
  /** Status codes the spec lists, "default" included. */
  statuses: string[];
  /** x-ms-examples: title → the example file as the spec refers to it. */
  examples: Record<string, string>;
}

export interface MatchedOperation {
  operation: SpecOperation;
  params: Record<string, string>;
}

export interface ConformanceViolation {
  kind: "request" | "response";
  operationId: string;
  method: string;
  path: string;
  status?: number;
  errors: string[];
}

interface CompiledOperation extends SpecOperation {
  regex: RegExp;
  paramNames: string[];
  paramPatterns: Record<string, RegExp>;
  bodyParam?: { name: string; required: boolean; validate: ValidateFunction };
  responses: Record<string, ValidateFunction | null>;
}

export class SpecConformance {
  readonly document: OperationsDocument;
  readonly apiVersion: string;
  private readonly ops: CompiledOperation[] = [];
  private readonly asyncStatus: ValidateFunction;

  private constructor() {
    this.document = readOperationsDocument();
    this.apiVersion = this.document.apiVersion;
    const ajv = new Ajv2019({ allErrors: true, strict: true, strictTypes: false });
    for (const op of this.document.operations) {
      const paramNames: string[] = [];
      const regex = new RegExp(
        "^" +
          op.pathTemplate.replace(/\{([^}]+)\}|[^{}]+/g, (m, name?: string) => {
            if (name) {
              paramNames.push(name);
              return "([^/]+)";
            }
            return m.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
          }) +
          "$",
        "i",
      );
      const compiled: CompiledOperation = {
        operationId: op.operationId,
        method: op.method,
        pathTemplate: op.pathTemplate,
        longRunning: op.longRunning,
        ...(op.finalStateVia ? { finalStateVia: op.finalStateVia } : {}),
        statuses: Object.keys(op.responses),
        examples: op.examples,
        regex,
        paramNames,
        paramPatterns: Object.fromEntries(
          Object.entries(op.pathParameterPatterns).map(([n, p]) => [n, new RegExp(p)]),
        ),
        responses: {},
      };
      if (op.body) {
        compiled.bodyParam = {
          name: op.body.name,
          required: op.body.required,
          validate: ajv.compile(standaloneSchema(this.document, "request", op.body.schema)),
        };
      }
      for (const [status, schema] of Object.entries(op.responses)) {
        compiled.responses[status] = schema
          ? ajv.compile(standaloneSchema(this.document, "response", schema))
          : null;
      }
      this.ops.push(compiled);
    }
    // The Azure-AsyncOperation status resource is ARM's RPC, not part of the provider's spec.
    this.asyncStatus = ajv.compile(ASYNC_OPERATION_SCHEMA);
  }

  private static instance: SpecConformance | undefined;
  static get(): SpecConformance {
    return (SpecConformance.instance ??= new SpecConformance());
  }

  operations(): SpecOperation[] {
    return this.ops;
  }

  match(method: string, path: string): MatchedOperation | undefined {
    for (const op of this.ops) {
      if (op.method !== method) continue;
      const m = op.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      op.paramNames.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1]!)));
      return { operation: op, params };
    }
    return undefined;
  }

  /** Problems with what a client sent, in the spec's terms (the service refuses these). */
  checkRequest(match: MatchedOperation, query: URLSearchParams, body: unknown): string[] {
    const op = match.operation as CompiledOperation;
    const errors: string[] = [];
    if (!query.get("api-version")) errors.push("query: api-version is required");
    for (const [name, pattern] of Object.entries(op.paramPatterns)) {
      const value = match.params[name];
      if (value !== undefined && !pattern.test(value))
        errors.push(`path: ${name} '${value}' does not match ${pattern.source}`);
    }
    if (op.bodyParam) {
      if (body === undefined) {
        if (op.bodyParam.required) errors.push(`body: ${op.bodyParam.name} is required`);
      } else if (!op.bodyParam.validate(body)) {
        errors.push(...formatErrors(op.bodyParam.validate.errors, "body"));
      }
    }
    return errors;
  }

  /** Problems with what the emulator answered: a status the spec does not list, or a body off-schema. */
  checkResponse(match: MatchedOperation, status: number, body: unknown): string[] {
    const op = match.operation as CompiledOperation;
    const key = String(status);
    const isError = status >= 400;
    if (!isError && !(key in op.responses))
      return [`status ${status} is not among ${op.statuses.join(", ")}`];
    const validate = isError ? op.responses.default : op.responses[key];
    if (validate === undefined) return [`status ${status} is not among ${op.statuses.join(", ")}`];
    if (validate === null) {
      return body === undefined || body === ""
        ? []
        : [`status ${status} has no body in the spec, but one was sent`];
    }
    if (!validate(body)) return formatErrors(validate.errors, "response");
    return [];
  }

  checkAsyncOperationStatus(body: unknown): string[] {
    return this.asyncStatus(body) ? [] : formatErrors(this.asyncStatus.errors, "async-operation");
  }

  /** The request body schema of an operation, for tests that build bodies by hand. */
  validatorFor(operationId: string, status: string): ValidateFunction | null | undefined {
    return this.ops.find((o) => o.operationId === operationId)?.responses[status];
  }
}

function formatErrors(errors: ErrorObject[] | null | undefined, where: string): string[] {
  return (errors ?? []).map((e) => {
    const extra =
      e.keyword === "unevaluatedProperties"
        ? ` '${String((e.params as { unevaluatedProperty?: string }).unevaluatedProperty)}'`
        : e.keyword === "enum"
          ? ` ${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)}`
          : "";
    return `${where}${e.instancePath || ""}: ${e.message ?? e.keyword}${extra}`;
  });
}

const ERROR_DETAIL = {
  type: "object",
  properties: {
    code: { type: "string" },
    message: { type: "string" },
    target: { type: "string" },
    details: { type: "array", items: { $ref: "#/$defs/detail" } },
    additionalInfo: { type: "array" },
  },
  required: ["code", "message"],
  additionalProperties: false,
};

const ASYNC_OPERATION_SCHEMA = {
  $schema: "https://json-schema.org/draft/2019-09/schema",
  type: "object",
  properties: {
    id: { type: "string" },
    name: { type: "string" },
    status: { enum: ["InProgress", "Succeeded", "Failed", "Canceled"] },
    startTime: { type: "string" },
    endTime: { type: "string" },
    percentComplete: { type: "number" },
    properties: { type: "object" },
    error: { $ref: "#/$defs/detail" },
  },
  required: ["id", "name", "status"],
  additionalProperties: false,
  allOf: [
    {
      if: { properties: { status: { const: "Failed" } } },
      then: { properties: { error: true }, required: ["error"] },
    },
    {
      if: { properties: { status: { const: "Succeeded" } } },
      then: { not: { properties: { error: true }, required: ["error"] } },
    },
  ],
  $defs: { detail: ERROR_DETAIL },
};
