/**
 * What a test decides about the emulated cloud: how long things take, how each customizer ends,
 * and which faults happen. It is plain data, mutable while the emulator runs.
 */
export interface CustomizerOutcome {
  /** Non-zero fails the build the way a failing script does. Default 0. */
  exitCode?: number;
  /** Lines the script "prints"; default: a couple of generic lines. */
  output?: string[];
  /** Lines written to stderr (shell) or the error stream (PowerShell). */
  errorOutput?: string[];
  /** Overrides timeline.customizerMs for this customizer. */
  durationMs?: number;
}

export interface Timeline {
  /** PUT image template until provisioningState Succeeded. */
  provisionMs: number;
  /** DELETE until the template is gone. */
  deleteMs: number;
  queuedMs: number;
  buildingMs: number;
  /** Per customizer, unless its outcome says otherwise. */
  customizerMs: number;
  optimizingMs: number;
  validatingMs: number;
  /** Per distributor. */
  distributingMs: number;
  /**
   * From POST cancel until runState Canceled. Image Builder stops the build VM and Packer first,
   * which takes tens of seconds, so a cancelled build stays Canceling that long by default.
   */
  cancelMs: number;
  /** How often the build appends what it has so far to customization.log. */
  logFlushMs: number;
}

export interface DistributionFailure {
  /** Which distributor (by runOutputName); any when omitted. */
  runOutputName?: string;
  /** Which region fails; the distributor fails as a whole when omitted. */
  region?: string;
  message?: string;
}

export type FaultTarget = "arm" | "entra" | "oidc" | "storage" | "any";

export interface FaultRule {
  /** A label for the request log. */
  name?: string;
  target?: FaultTarget;
  method?: string;
  /** Substring of the path, or a RegExp tested on it. */
  path?: string | RegExp;
  /** Delay before the request is handled. */
  latencyMs?: number;
  /** Answer with this status instead (5xx or 429). */
  status?: number;
  /** Sent as Retry-After (seconds) with `status`; omitted when undefined. */
  retryAfterSeconds?: number;
  /** Destroy the connection without an answer. */
  reset?: boolean;
  /**
   * Handle the request first, then replace the answer (with `status` or a reset): the effect
   * happened but the client never learns it, as when a gateway times out.
   */
  afterHandling?: boolean;
  /** Chance (0..1) that a matching request is hit; default 1. */
  probability?: number;
  /** Matching requests to let through before the rule starts hitting. */
  skip?: number;
  /** How many requests the rule hits in total (a burst); unlimited when undefined. */
  count?: number;
}

export interface Scenario {
  timeline: Timeline;
  /** Retry-After (seconds) on long-running operation answers and polls. */
  retryAfterSeconds: number;
  /**
   * Sent as `retry-after-ms` on GETs of a template, as Resource Manager may do under load:
   * clients that honour it poll as fast as a test needs. Omitted when undefined.
   */
  templateGetRetryAfterMs?: number;
  /** Outcome per customizer, by index in properties.customize (0-based). */
  customizers: Record<number, CustomizerOutcome>;
  /** Outcome per in-VM validator, by index. */
  validators: Record<number, CustomizerOutcome>;
  /**
   * customization.log's text for the next runs, instead of the simulated log (a real log from
   * test/fixtures/logs/wild). The run itself still goes as the other settings say.
   */
  servedLog?: string;
  /** The build runs past buildTimeoutInMinutes during customization. */
  buildTimesOut: boolean;
  distributionFailures: DistributionFailure[];
  /** Someone cancels the run this long after it starts (portal, another pipeline). */
  cancelRunAfterMs?: number;
  /** Run Shell customizers for real in a throwaway directory instead of simulating them. */
  executeShell: boolean;
  /** Lifetime of issued access tokens. */
  tokenLifetimeSeconds: number;
  /** Lifetime of the federated assertions GitHub and Azure DevOps issue; theirs when undefined. */
  oidcTokenLifetimeSeconds?: number;
  faults: FaultRule[];
  /** RBAC actions the pipeline's identity lacks: Resource Manager answers 403 AuthorizationFailed. */
  deniedActions?: string[];
  /**
   * Resource provider namespaces the subscription is not registered for: their requests get
   * 409 MissingSubscriptionRegistration, their registration reads NotRegistered, and an
   * isolated build fails when Microsoft.ContainerInstance is among them.
   */
  unregisteredProviders?: string[];
  /**
   * The build checks what the template's identity may do (subnet join, source read, image
   * write) against its role assignments in `cloud.rbac`. Off by default, so an identity with
   * no role assignment at all may do everything; a principal with any assignment is always
   * checked.
   */
  templateIdentityRbac?: boolean;
  /**
   * Bytes Azurite may hold in memory (read when the local Azure starts); 512 MiB when
   * undefined. Benchmarks that stage large files raise it.
   */
  storageMemoryLimitBytes?: number;
}

export function defaultScenario(): Scenario {
  return {
    timeline: {
      provisionMs: 150,
      deleteMs: 100,
      queuedMs: 100,
      buildingMs: 150,
      customizerMs: 150,
      optimizingMs: 100,
      validatingMs: 100,
      distributingMs: 150,
      cancelMs: 30_000,
      logFlushMs: 100,
    },
    retryAfterSeconds: 0,
    customizers: {},
    validators: {},
    buildTimesOut: false,
    distributionFailures: [],
    executeShell: false,
    tokenLifetimeSeconds: 3599,
    faults: [],
  };
}

export function makeScenario(overrides: Partial<Scenario> = {}): Scenario {
  const base = defaultScenario();
  return {
    ...base,
    ...overrides,
    timeline: { ...base.timeline, ...(overrides.timeline ?? {}) },
  };
}
