/**
 * Helpers for benchmarks against the local Azure: a credential and SDK clients in the bench
 * process, and which logged requests belong to which step's template.
 */
import { ImageBuilderClient } from "@azure/arm-imagebuilder";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { ClientSecretCredential } from "@azure/identity";
import type { LocalAzure } from "../../local-azure/harness.js";
import type { LoggedRequest } from "../../local-azure/request-log.js";
import type { Timeline } from "../../local-azure/scenario.js";
import type { TemplateRecord } from "../../local-azure/template-record.js";

/** A build that takes no time: every step of the emulated service answers at once. */
export const ZERO_TIMELINE: Timeline = {
  provisionMs: 0,
  deleteMs: 0,
  queuedMs: 0,
  buildingMs: 0,
  customizerMs: 0,
  optimizingMs: 0,
  validatingMs: 0,
  distributingMs: 0,
  cancelMs: 0,
  logFlushMs: 10,
};

/** What a process needs to reach the local Azure as its service principal. */
export interface LocalAzureAccess {
  armEndpoint: string;
  /** The audience Resource Manager accepts tokens for (not the endpoint's URL). */
  armAudience: string;
  authorityHost: string;
  tenantId: string;
  subscriptionId: string;
  clientId: string;
  clientSecret: string;
}

export function accessOf(az: LocalAzure): LocalAzureAccess {
  return {
    armEndpoint: az.armEndpoint,
    armAudience: az.armAudience,
    authorityHost: az.authorityHost,
    tenantId: az.tenantId,
    subscriptionId: az.subscriptionId,
    clientId: az.servicePrincipal.clientId,
    clientSecret: az.servicePrincipal.clientSecret,
  };
}

/** The service principal's credential; the local CA comes from NODE_EXTRA_CA_CERTS. */
export function credentialFor(access: LocalAzureAccess): ClientSecretCredential {
  return new ClientSecretCredential(access.tenantId, access.clientId, access.clientSecret, {
    authorityHost: access.authorityHost,
    disableInstanceDiscovery: true,
  });
}

export interface TimedRequest {
  method: string;
  url: string;
  status: number;
  ms: number;
}

/** An Image Builder client whose every request (each retry too) is timed into `into`. */
export function timedImageBuilder(
  access: LocalAzureAccess,
  credential: ClientSecretCredential,
  into: TimedRequest[],
): ImageBuilderClient {
  const timing: PipelinePolicy = {
    name: "bench-timing",
    async sendRequest(request, next) {
      const started = performance.now();
      const response = await next(request);
      into.push({
        method: request.method,
        url: request.url,
        status: response.status,
        ms: performance.now() - started,
      });
      return response;
    },
  };
  return new ImageBuilderClient(credential, access.subscriptionId, {
    endpoint: access.armEndpoint,
    credentials: { scopes: [`${access.armAudience}/.default`] },
    additionalPolicies: [{ policy: timing, position: "perRetry" }],
  });
}

/** The template a step created, found by the run id tag the step's environment carries. */
export function templateOfRun(az: LocalAzure, runId: string): TemplateRecord | undefined {
  return az
    .templateHistory()
    .map((h) => h.template)
    .find((t) => t.tags?.["bake.run-id"] === runId);
}

/** Resource Manager requests about one template (its own path or its staging group's). */
export function armRequestsOf(az: LocalAzure, t: TemplateRecord): LoggedRequest[] {
  const name = t.name.toLowerCase();
  const staging = t.stagingResourceGroupName.toLowerCase();
  return az.requestLog.filter((r) => {
    if (r.surface !== "arm") return false;
    const p = r.path.toLowerCase();
    return p.includes(`/imagetemplates/${name}`) || p.includes(`/resourcegroups/${staging}/`);
  });
}

/** GETs of the template itself (not its run outputs or operations). */
export function isTemplateGet(r: LoggedRequest, t: TemplateRecord): boolean {
  return (
    r.method === "GET" && r.path.toLowerCase().endsWith(`/imagetemplates/${t.name.toLowerCase()}`)
  );
}

/**
 * Watches the emulator for runs ending: for each template (by its run id tag) when its run
 * reached a terminal state, and the size of customization.log once the last flush is done.
 */
export class RunWatcher {
  readonly finished = new Map<string, { endTime: number; logBytes?: number; logPath?: string }>();
  private readonly attached = new Set<string>();
  private readonly timer: NodeJS.Timeout;
  private readonly pending: Promise<void>[] = [];

  constructor(private readonly az: LocalAzure) {
    this.timer = setInterval(() => this.tick(), 20);
  }

  private tick(): void {
    for (const { template: t } of this.az.templateHistory()) {
      const runId = t.tags?.["bake.run-id"];
      if (!runId || this.attached.has(runId) || !t.run) continue;
      this.attached.add(runId);
      const run = t.run;
      this.pending.push(
        run.done.then(async () => {
          const endTime = Date.parse(t.lastRunStatus?.endTime ?? "");
          const log = await this.az.customizationLog(t.resourceGroup, t.name);
          this.finished.set(runId, {
            endTime,
            logBytes: log === undefined ? undefined : Buffer.byteLength(log),
            logPath: t.lastLogUrl ? new URL(t.lastLogUrl).pathname : undefined,
          });
        }),
      );
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.allSettled(this.pending);
  }
}
