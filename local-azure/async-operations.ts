import { randomUUID } from "node:crypto";
import type { ArmErrorDetail } from "./arm-kit.js";
import { json, type Reply } from "./http-kit.js";

export type OperationStatus = "InProgress" | "Succeeded" | "Failed" | "Canceled";

export interface AsyncOperation {
  id: string;
  location: string;
  status: OperationStatus;
  startTime: string;
  endTime?: string;
  error?: ArmErrorDetail;
}

/**
 * ARM's long-running-operation protocol for Microsoft.VirtualMachineImages: an
 * Azure-AsyncOperation status resource (`status` InProgress/Succeeded/Failed/Canceled, an ARM
 * error when failed) and, for DELETE, a Location that answers 202 until done, then 204.
 */
export class AsyncOperations {
  private readonly ops = new Map<string, AsyncOperation>();

  constructor(
    private readonly armEndpoint: string,
    private readonly subscriptionId: string,
    private readonly apiVersion: string,
    private readonly retryAfter: () => number,
  ) {}

  start(location: string): AsyncOperation {
    const op: AsyncOperation = {
      id: randomUUID().toUpperCase(),
      location,
      status: "InProgress",
      startTime: new Date().toISOString(),
    };
    this.ops.set(op.id.toLowerCase(), op);
    return op;
  }

  finish(
    op: AsyncOperation,
    status: Exclude<OperationStatus, "InProgress">,
    error?: ArmErrorDetail,
  ): void {
    if (op.status !== "InProgress") return;
    op.status = status;
    op.endTime = new Date().toISOString();
    if (error) op.error = error;
  }

  private base(op: AsyncOperation): string {
    return `${this.armEndpoint}/subscriptions/${this.subscriptionId}/providers/Microsoft.VirtualMachineImages/locations/${op.location}`;
  }

  headers(op: AsyncOperation, withLocation = false): Record<string, string> {
    const h: Record<string, string> = {
      "Azure-AsyncOperation": `${this.base(op)}/operations/${op.id}?api-version=${this.apiVersion}`,
      "Retry-After": String(this.retryAfter()),
    };
    if (withLocation)
      h.Location = `${this.base(op)}/operationresults/${op.id}?api-version=${this.apiVersion}`;
    return h;
  }

  /** Answers polls; undefined when the path is not an operation URL. */
  handle(method: string, path: string): Reply | undefined {
    const m =
      /^\/subscriptions\/[^/]+\/providers\/Microsoft\.VirtualMachineImages\/locations\/[^/]+\/(operations|operationresults)\/([^/]+)$/i.exec(
        path,
      );
    if (!m || method !== "GET") return undefined;
    const op = this.ops.get(m[2]!.toLowerCase());
    if (!op) {
      return json(404, {
        error: {
          code: "OperationNotFound",
          message: `The operation '${m[2]}' could not be found.`,
        },
      });
    }
    const retry = { "Retry-After": String(this.retryAfter()) };
    if (m[1]!.toLowerCase() === "operationresults") {
      if (op.status === "InProgress")
        return {
          status: 202,
          headers: {
            ...retry,
            Location: `${this.base(op)}/operationresults/${op.id}?api-version=${this.apiVersion}`,
          },
        };
      if (op.status === "Failed" && op.error) return json(400, { error: op.error });
      return { status: 204 };
    }
    const body = {
      id: `/subscriptions/${this.subscriptionId}/providers/Microsoft.VirtualMachineImages/locations/${op.location}/operations/${op.id}`,
      name: op.id,
      status: op.status,
      startTime: op.startTime,
      ...(op.endTime ? { endTime: op.endTime } : {}),
      ...(op.error ? { error: op.error } : {}),
    };
    return json(200, body, op.status === "InProgress" ? retry : {});
  }

  /** True when the path is an operation status URL (so the front door can check its body). */
  static isStatusPath(path: string): boolean {
    return /\/providers\/Microsoft\.VirtualMachineImages\/locations\/[^/]+\/operations\/[^/]+$/i.test(
      path,
    );
  }
}
