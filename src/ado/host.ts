import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as tl from "azure-pipelines-task-lib/task.js";
import type {
  Annotation,
  AnnotationLevel,
  Authentication,
  Host,
  RunContext,
} from "../core/host.js";
import { InputError } from "../core/errors.js";
import { camelCase, inputSpec } from "../core/inputs/catalog.js";
import { listenForCancellation } from "../core/cancellation.js";

const SERVICE_CONNECTION = "azureSubscription";
const KNOWN_CLOUDS = new Set(["AzureCloud", "AzureUSGovernment", "AzureChinaCloud"]);

/**
 * The Azure Pipelines host. What GitHub users give as inputs (subscription, cloud endpoints)
 * comes here from the Azure Resource Manager service connection.
 */
export class AdoHost implements Host {
  readonly kind = "ado" as const;
  readonly cancellation = listenForCancellation();
  private summaries = 0;

  getInput(name: string): string | undefined {
    const spec = inputSpec(name);
    if (spec.hosts && !spec.hosts.includes("ado")) return this.fromServiceConnection(name);
    // The agent roots an empty file path input at the sources directory; that means "none".
    if (spec.adoType === "filePath" && !tl.filePathSupplied(camelCase(name))) return undefined;
    const value = tl.getInput(camelCase(name), false)?.trim();
    return value === "" ? undefined : value;
  }

  private fromServiceConnection(name: string): string | undefined {
    const id = tl.getInput(SERVICE_CONNECTION, false);
    if (!id) return undefined;
    const environment = tl.getEndpointDataParameter(id, "environment", true) ?? "AzureCloud";
    const custom = !KNOWN_CLOUDS.has(environment);
    switch (name) {
      case "subscription-id":
        return tl.getEndpointDataParameter(id, "subscriptionId", true) || undefined;
      case "environment":
        return custom ? "custom" : environment;
      case "resource-manager-endpoint":
        return custom ? tl.getEndpointUrl(id, true) || undefined : undefined;
      case "authority-host":
        return custom
          ? tl.getEndpointDataParameter(id, "environmentAuthorityUrl", true) || undefined
          : undefined;
      // An Azure Stack connection names the audience its Resource Manager accepts tokens for.
      case "resource-manager-audience":
        return custom
          ? tl.getEndpointDataParameter(id, "activeDirectoryServiceEndpointResourceId", true) ||
              undefined
          : undefined;
      default:
        return undefined;
    }
  }

  inputDisplayName(name: string): string {
    const spec = inputSpec(name);
    if (spec.hosts && !spec.hosts.includes("ado"))
      return `${SERVICE_CONNECTION} (${name.replace(/-/g, " ")} of ${spec.adoSource ?? "the service connection"})`;
    return camelCase(name);
  }

  setOutput(name: string, value: string): void {
    tl.setVariable(camelCase(name), value, false, true);
  }

  setSecret(value: string): void {
    tl.setSecret(value);
  }

  info(message: string): void {
    console.log(message);
  }

  debug(message: string): void {
    tl.debug(message);
  }

  annotate(level: AnnotationLevel, a: Annotation): void {
    const properties: Record<string, string> = { type: level === "error" ? "error" : "warning" };
    if (a.file) properties.sourcepath = a.file;
    if (a.line !== undefined) properties.linenumber = String(a.line);
    const message = a.title ? `${a.title}: ${a.message}` : a.message;
    if (level === "notice") console.log(message);
    else tl.command("task.logissue", properties, message);
  }

  async group<T>(title: string, body: () => Promise<T>): Promise<T> {
    this.startGroup(title);
    try {
      return await body();
    } finally {
      this.endGroup();
    }
  }

  startGroup(title: string): void {
    console.log(`##[group]${title}`);
  }

  endGroup(): void {
    console.log("##[endgroup]");
  }

  appendSummary(markdown: string): Promise<void> {
    const dir = tl.getVariable("Agent.TempDirectory") ?? tmpdir();
    const file = path.join(dir, `bake-azure-image-summary-${process.pid}-${++this.summaries}.md`);
    writeFileSync(file, markdown);
    tl.uploadSummary(file);
    return Promise.resolve();
  }

  progress(percent: number, description: string): void {
    tl.command("task.setprogress", { value: String(Math.round(percent)) }, description);
  }

  setFailed(): void {
    // The error annotation was already written; an empty message keeps it to exactly one.
    tl.setResult(tl.TaskResult.Failed, "");
    process.exitCode = 1;
  }

  /** The service connection's scheme decides: workload identity federation, a secret or certificate, or a managed identity. */
  authentication(): Authentication {
    const id = tl.getInput(SERVICE_CONNECTION, false);
    if (!id)
      throw new InputError(
        "azure-subscription",
        "is required. Choose an Azure Resource Manager service connection.",
      );
    const param = (name: string) =>
      tl.getEndpointAuthorizationParameter(id, name, true) || undefined;
    const scheme = tl.getEndpointAuthorizationScheme(id, true) ?? "";
    const tenantId = param("tenantid");
    const clientId = param("serviceprincipalid");
    const need = (value: string | undefined, what: string): string => {
      if (!value)
        throw new InputError(
          "azure-subscription",
          `the service connection has no ${what}. Check its configuration.`,
        );
      return value;
    };
    switch (scheme.toLowerCase()) {
      case "workloadidentityfederation": {
        // The agent hands the job's token to tasks as SYSTEMVSSCONNECTION's parameter (a secret
        // it masks itself), or a pipeline maps it into the environment; read that directly,
        // because task-lib's getVariable writes the value it returns into the debug log.
        const systemAccessToken =
          tl.getEndpointAuthorizationParameter("SYSTEMVSSCONNECTION", "AccessToken", true) ??
          process.env.SYSTEM_ACCESSTOKEN;
        if (systemAccessToken) tl.setSecret(systemAccessToken);
        return {
          kind: "azure-pipelines",
          tenantId: need(tenantId, "tenant ID"),
          clientId: need(clientId, "service principal ID"),
          serviceConnectionId: id,
          systemAccessToken: need(
            systemAccessToken,
            "System.AccessToken to request an OIDC token with",
          ),
        };
      }
      case "serviceprincipal": {
        if ((param("authenticationType") ?? "spnKey").toLowerCase() === "spncertificate") {
          return {
            kind: "client-certificate",
            tenantId: need(tenantId, "tenant ID"),
            clientId: need(clientId, "service principal ID"),
            certificatePem: need(param("servicePrincipalCertificate"), "certificate"),
          };
        }
        return {
          kind: "client-secret",
          tenantId: need(tenantId, "tenant ID"),
          clientId: need(clientId, "service principal ID"),
          clientSecret: need(param("serviceprincipalkey"), "service principal key"),
        };
      }
      case "managedserviceidentity":
        return { kind: "managed-identity" };
      default:
        throw new InputError(
          "azure-subscription",
          `uses the authentication scheme '${scheme}', which is not supported. Use workload identity federation, a service principal or a managed identity.`,
        );
    }
  }

  readonly cleanupPhase = "the post-job step";

  /**
   * Task variables reach the same task's postjobexecution handler, which the agent runs after
   * the job's steps, a cancelled one too, within the job's cancel timeout.
   */
  saveState(name: string, value: string): void {
    tl.setTaskVariable(name, value);
  }

  getState(name: string): string | undefined {
    return tl.getTaskVariable(name) || undefined;
  }

  private context: RunContext | undefined;

  runContext(): RunContext {
    return (this.context ??= this.readRunContext());
  }

  private readRunContext(): RunContext {
    const v = (name: string) => tl.getVariable(name) ?? "";
    const name = v("Build.Repository.Name");
    const project = v("System.TeamProject");
    const repository =
      name.includes("/") || !project ? name || project || "repository" : `${project}/${name}`;
    const buildId = v("Build.BuildId") || v("Release.ReleaseId") || "0";
    const collection = v("System.CollectionUri").replace(/\/*$/, "/");
    return {
      repository,
      runId: buildId,
      runAttempt: v("System.JobAttempt") || "1",
      runNumber: v("Build.BuildNumber") || buildId,
      commitSha: v("Build.SourceVersion"),
      runUrl: `${collection}${encodeURIComponent(project)}/_build/results?buildId=${buildId}`,
      stepKey: `${v("System.JobId")}/${v("System.TaskInstanceId")}`,
      workspace:
        v("Build.SourcesDirectory") || v("System.DefaultWorkingDirectory") || process.cwd(),
    };
  }
}
