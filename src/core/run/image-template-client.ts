import type { ImageTemplate, RunOutput } from "@azure/arm-imagebuilder";
import type { ResourceManager } from "../azure/arm.js";
import type { JsonObject } from "../template/template-file.js";
import {
  DEFAULT_RETRY,
  isConnectionFault,
  isTransientStatus,
  retryAfterMs,
} from "../azure/transport.js";
import type { TemplateOperations } from "./template-operations.js";
import { sleep } from "./waiting.js";

/** Longest wait between polls of creating or deleting a template (they start at a quarter second). */
export const SDK_POLL_MS = 5_000;

/** The states Image Builder reports while a run goes on, as the API spells them. */
export interface RunStatus {
  runState?: string;
  runSubState?: string;
  message?: string;
}

export interface TemplateSnapshot {
  template: ImageTemplate;
  status: RunStatus;
  /** The poll interval Resource Manager asked for, if it asked. */
  retryAfterMs?: number;
}

export interface RunArtifact {
  runOutputName: string;
  artifactId?: string;
  artifactUri?: string;
}

function isNotFound(error: unknown): boolean {
  const e = error as { statusCode?: number; code?: string };
  return e?.statusCode === 404 || e?.code === "ResourceNotFound" || e?.code === "NotFound";
}

/**
 * Follows a long-running operation the way Resource Manager's async operation guidance asks:
 * each look waits out the Retry-After of the answer before it (the one that started the
 * operation, then each poll's). Only when an answer names no wait does the fast schedule apply:
 * at once, then from 25 ms, doubling up to `ceilingMs`, so a template that is ready in a moment
 * is seen at once and a slow one costs a handful of requests.
 */
async function settle(
  poller: {
    submitted(): Promise<void>;
    poll(options?: { abortSignal?: AbortSignal }): Promise<unknown>;
    readonly isDone: boolean;
    readonly operationState?: unknown;
  },
  arm: ResourceManager,
  ceilingMs: number,
  abortSignal: AbortSignal,
): Promise<void> {
  await poller.submitted();
  for (let fast = 0; !poller.isDone; fast = fast ? Math.min(ceilingMs, fast * 2) : 25) {
    const asked = arm.retryAfterOf(pollingUrl(poller.operationState));
    // "Retry-After: 0" asks for no wait: the fast schedule then keeps a busy loop away.
    const wait = asked ? Math.min(asked, DEFAULT_RETRY.maxRetryAfterMs) : fast;
    if (wait) await sleep(wait, abortSignal);
    await poller.poll({ abortSignal });
  }
}

/** The URL core-lro polls the operation at (its state keeps it; the typings do not show it). */
function pollingUrl(state: unknown): string | undefined {
  return (state as { config?: { operationLocation?: string } } | undefined)?.config
    ?.operationLocation;
}

/** The SDK's models flatten `properties`; the rendered template is in the wire shape. */
function toModel(body: JsonObject): ImageTemplate {
  const { properties, ...resource } = body;
  return { ...resource, ...(properties as JsonObject) } as unknown as ImageTemplate;
}

/** One image template of the run, through the Image Builder SDK. */
export class ImageTemplateClient implements TemplateOperations {
  constructor(
    private readonly arm: ResourceManager,
    readonly resourceGroup: string,
    readonly name: string,
    private readonly pollIntervalMs: number,
  ) {}

  get id(): string {
    return `/subscriptions/${this.arm.subscriptionId}/resourceGroups/${this.resourceGroup}/providers/Microsoft.VirtualMachineImages/imageTemplates/${this.name}`;
  }

  private get ops() {
    return this.arm.imageBuilder.virtualMachineImageTemplates;
  }

  async find(abortSignal?: AbortSignal): Promise<ImageTemplate | undefined> {
    try {
      return await this.ops.get(this.resourceGroup, this.name, { abortSignal });
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async create(body: JsonObject, abortSignal: AbortSignal): Promise<ImageTemplate> {
    const poller = this.ops.createOrUpdate(this.resourceGroup, this.name, toModel(body), {
      updateIntervalInMs: this.pollIntervalMs,
      abortSignal,
    });
    await settle(poller, this.arm, this.pollIntervalMs, abortSignal);
    return poller.pollUntilDone({ abortSignal });
  }

  /**
   * Starts the build and returns once Image Builder accepted it; progress is read with
   * `snapshot`. Starting a run is not idempotent: when the answer is lost (a reset, a 5xx, a
   * conflict), the template is read before trying again, and a run it already shows is this
   * one, since the template was made for this step. So a retry never starts a second build.
   * Returns the Retry-After of the acceptance: the first look at the run waits that long.
   */
  startRun(abortSignal: AbortSignal): Promise<number | undefined> {
    return this.submitAction(
      () => this.ops.run(this.resourceGroup, this.name, this.actionOptions(abortSignal)),
      (status) => status.runState !== undefined,
      DEFAULT_RETRY.maxTries,
      (attempt) => Math.min(DEFAULT_RETRY.maxDelayMs, DEFAULT_RETRY.firstDelayMs * 2 ** attempt),
      abortSignal,
    );
  }

  async snapshot(abortSignal: AbortSignal): Promise<TemplateSnapshot> {
    let wait: number | undefined;
    const template = await this.ops.get(this.resourceGroup, this.name, {
      abortSignal,
      onResponse: (response) => {
        wait = retryAfterMs(response.headers);
      },
    });
    const last = template.lastRunStatus;
    return {
      template,
      status: { runState: last?.runState, runSubState: last?.runSubState, message: last?.message },
      retryAfterMs: wait,
    };
  }

  /**
   * Asks for the run to stop; an answer lost on the way is checked on the template, not assumed.
   * Returns the Retry-After of the acceptance, if it named one.
   */
  requestCancel(abortSignal: AbortSignal): Promise<number | undefined> {
    return this.submitAction(
      () => this.ops.cancel(this.resourceGroup, this.name, this.actionOptions(abortSignal)),
      (status) => status.runState !== "Running",
      3,
      (attempt) => 250 * attempt,
      abortSignal,
    );
  }

  private actionOptions(abortSignal: AbortSignal) {
    return { updateIntervalInMs: this.pollIntervalMs, abortSignal };
  }

  /**
   * Sends a POST action (run, cancel) until Image Builder accepts it. After a fault that
   * leaves unknown whether it acted, the template is read first, and `done` decides whether
   * the action already happened; only when it did not is the action sent again.
   */
  private async submitAction(
    send: () => { submitted(): Promise<void>; readonly operationState?: unknown },
    done: (status: RunStatus) => boolean,
    maxTries: number,
    backoffMs: (attempt: number) => number,
    abortSignal: AbortSignal,
  ): Promise<number | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        const poller = send();
        await poller.submitted();
        return this.arm.retryAfterOf(pollingUrl(poller.operationState)) || undefined;
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        const unsure = isConnectionFault(error) || isTransientStatus(status) || status === 409;
        if (!unsure || abortSignal.aborted) throw error;
        if (done((await this.snapshot(abortSignal)).status)) return undefined;
        if (attempt >= maxTries) throw error;
        await sleep(backoffMs(attempt), abortSignal);
      }
    }
  }

  /** Deletes the template (Image Builder also removes the staging resource group it made). */
  async delete(abortSignal?: AbortSignal): Promise<boolean> {
    try {
      const poller = this.ops.delete(this.resourceGroup, this.name, {
        updateIntervalInMs: this.pollIntervalMs,
        abortSignal,
      });
      await settle(
        poller,
        this.arm,
        this.pollIntervalMs,
        abortSignal ?? new AbortController().signal,
      );
      await poller.pollUntilDone({ abortSignal });
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async runOutputs(abortSignal?: AbortSignal): Promise<RunArtifact[]> {
    const out: RunArtifact[] = [];
    for await (const o of this.ops.listRunOutputs(this.resourceGroup, this.name, {
      abortSignal,
    }) as AsyncIterable<RunOutput>) {
      out.push({
        runOutputName: o.name ?? "",
        artifactId: o.artifactId,
        artifactUri: o.artifactUri,
      });
    }
    return out;
  }
}
