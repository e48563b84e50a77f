import type { ImageTemplate, RunOutput } from "@azure/arm-imagebuilder";
import type { ResourceManager } from "../azure/arm.js";
import type { JsonObject } from "../template/template-file.js";

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

/** Resource Manager sends `retry-after-ms`, `x-ms-retry-after-ms` or `Retry-After` in seconds. */
export function retryAfterMs(headers: {
  get(name: string): string | undefined;
}): number | undefined {
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const value = Number(headers.get(name));
    if (headers.get(name) !== undefined && Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = headers.get("retry-after");
  if (retryAfter === undefined) return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The SDK's models flatten `properties`; the rendered template is in the wire shape. */
function toModel(body: JsonObject): ImageTemplate {
  const { properties, ...resource } = body;
  return { ...resource, ...(properties as JsonObject) } as unknown as ImageTemplate;
}

/** One image template of the run, through the Image Builder SDK. */
export class ImageTemplateClient {
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
    });
    return poller.pollUntilDone({ abortSignal });
  }

  /** Starts the build and returns once Image Builder accepted it; progress is read with `snapshot`. */
  async startRun(abortSignal: AbortSignal): Promise<void> {
    const poller = this.ops.run(this.resourceGroup, this.name, {
      updateIntervalInMs: this.pollIntervalMs,
      abortSignal,
    });
    await poller.submitted();
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

  async requestCancel(abortSignal?: AbortSignal): Promise<void> {
    const poller = this.ops.cancel(this.resourceGroup, this.name, {
      updateIntervalInMs: this.pollIntervalMs,
      abortSignal,
    });
    await poller.submitted();
  }

  /** Deletes the template (Image Builder also removes the staging resource group it made). */
  async delete(abortSignal?: AbortSignal): Promise<boolean> {
    try {
      await this.ops
        .delete(this.resourceGroup, this.name, { updateIntervalInMs: this.pollIntervalMs })
        .pollUntilDone({ abortSignal });
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
