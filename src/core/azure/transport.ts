import {
  createDefaultHttpClient,
  isRestError,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";

/**
 * How hard to try. The defaults ride out a throttling burst or a short outage (about a minute
 * and a half of backoff at most) without hiding a real one for long.
 */
export interface RetrySettings {
  /** Tries of one request, the first included. */
  maxTries: number;
  /** Backoff before the second try when the service does not say how long to wait. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** The longest `Retry-After` obeyed; a longer one is an outage, reported as it is. */
  maxRetryAfterMs: number;
  /** A try that has not answered within this time is abandoned and counted as a transient fault. */
  tryTimeoutMs: number;
}

export const DEFAULT_RETRY: RetrySettings = {
  maxTries: 7,
  firstDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  tryTimeoutMs: 120_000,
};

/** Answers that say "not now" rather than "no". */
const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/** Connection failures worth another try; a name that does not resolve is a mistake, not a fault. */
const TRANSIENT_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "REQUEST_SEND_ERROR",
  "TRY_TIMEOUT",
]);

export function isTransientStatus(status: number | undefined): boolean {
  return status !== undefined && TRANSIENT_STATUS.has(status);
}

/** A failure to get any answer at all: the request may or may not have reached the service. */
export function isConnectionFault(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const e = error as { code?: string; name?: string; statusCode?: number; cause?: unknown };
  if (e.name === "AbortError") return false;
  if (e.code && TRANSIENT_CODES.has(e.code)) return e.statusCode === undefined;
  if (isRestError(error) && error.statusCode === undefined && !e.code) {
    return /socket hang up|ECONNRESET|network|timed? ?out/i.test(error.message);
  }
  return e.cause !== undefined && e.cause !== error && isConnectionFault(e.cause);
}

/** `retry-after-ms`, `x-ms-retry-after-ms`, or `Retry-After` in seconds or as a date. */
export function retryAfterMs(headers: {
  get(name: string): string | undefined;
}): number | undefined {
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const raw = headers.get(name);
    const value = Number(raw);
    if (raw !== undefined && raw !== "" && Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = headers.get("retry-after");
  if (retryAfter === undefined || retryAfter === "") return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** A fault that was retried, as the log tells it: once per incident. */
export interface RetryIncident {
  service: string;
  method: string;
  /** The URL's path, never its query string (a SAS lives there). */
  path: string;
  /** The status, or the connection error's code. */
  fault: string;
  /** The try that failed (1 for the first). */
  attempt: number;
  delayMs: number;
}

/**
 * Whether a request may be sent again after a fault that leaves unknown whether the service
 * acted on it. Resource Manager's POST actions (run, cancel) are not idempotent: for those only
 * a refusal (429) or a connection that never opened is retried here, and the caller checks
 * the resource before it tries again.
 */
export type ReplayPolicy = (request: PipelineRequest) => boolean;

function delay(ms: number, signal: PipelineRequest["abortSignal"]): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function abortError(): Error {
  const error = new Error("The operation was aborted.");
  error.name = "AbortError";
  return error;
}

function serviceOf(url: URL): string {
  const host = url.hostname;
  if (host.includes(".blob.") || url.pathname.startsWith("/devstoreaccount")) return "Storage";
  if (url.pathname.includes("/oauth2/")) return "Entra ID";
  return host;
}

/** Lets go of an answer that will not be read, so its connection goes back to the pool. */
function discard(response: PipelineResponse): void {
  response.readableStreamBody?.resume();
}

/**
 * The HTTP client every Azure call goes through (Resource Manager, Image Builder, storage,
 * Entra ID tokens): it retries throttling (429 with or without `Retry-After`, which the SDKs'
 * own policies do not), 408, 500, 502, 503, 504, connection resets and tries that hang, with
 * exponential backoff and full jitter, a bounded number of times. The SDKs' own retry
 * policies are switched off where this client is used, so one fault is never retried twice
 * over.
 */
export class RetryingHttpClient implements HttpClient {
  private readonly recent = new Map<string, number>();

  constructor(
    private readonly report: (incident: RetryIncident) => void,
    private readonly settings: RetrySettings = DEFAULT_RETRY,
    private readonly mayReplay: ReplayPolicy = () => true,
    private readonly inner: HttpClient = createDefaultHttpClient(),
    private readonly random: () => number = Math.random,
  ) {}

  async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    const url = new URL(request.url);
    const replayable = this.mayReplay(request);
    for (let attempt = 1; ; attempt++) {
      let response: PipelineResponse | undefined;
      let failure: unknown;
      try {
        response = await this.tryOnce(request);
      } catch (error) {
        failure = error;
      }
      const last = attempt >= this.settings.maxTries || request.abortSignal?.aborted === true;
      const status = response?.status;
      const retryable = response
        ? isTransientStatus(status) && (replayable || status === 429)
        : isConnectionFault(failure) &&
          (replayable || (failure as { code?: string }).code === "ECONNREFUSED");
      if (!retryable || last) {
        if (response) return response;
        throw failure;
      }
      const asked = response ? retryAfterMs(response.headers) : undefined;
      if (asked !== undefined && asked > this.settings.maxRetryAfterMs) return response!;
      if (response) discard(response);
      const wait = asked ?? this.backoff(attempt);
      this.tell({
        service: serviceOf(url),
        method: request.method,
        path: url.pathname,
        fault: response ? String(status) : ((failure as { code?: string }).code ?? "error"),
        attempt,
        delayMs: wait,
      });
      await delay(wait, request.abortSignal);
    }
  }

  /** One try, abandoned if it hangs (the caller's own abort signal still wins). */
  private async tryOnce(request: PipelineRequest): Promise<PipelineResponse> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.settings.tryTimeoutMs);
    const outer = request.abortSignal as AbortSignal | undefined;
    const signals = outer ? [outer, timeout.signal] : [timeout.signal];
    const abortSignal = AbortSignal.any(signals);
    try {
      return await this.inner.sendRequest({ ...request, abortSignal });
    } catch (error) {
      if (timeout.signal.aborted && !outer?.aborted) {
        throw Object.assign(
          new Error(`No answer within ${Math.round(this.settings.tryTimeoutMs / 1000)} s.`),
          { code: "TRY_TIMEOUT" },
        );
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(
      this.settings.maxDelayMs,
      this.settings.firstDelayMs * 2 ** (attempt - 1),
    );
    // Full jitter, but never less than half: parallel jobs spread out and still back off.
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  /** One line per incident: the same fault of the same service within a minute is one incident. */
  private tell(incident: RetryIncident): void {
    const key = `${incident.service} ${incident.fault}`;
    const now = Date.now();
    const seen = this.recent.get(key);
    this.recent.set(key, now);
    if (seen !== undefined && now - seen < 60_000) return;
    this.report(incident);
  }
}
