import { ArmError, type ResourceManager } from "../azure/arm.js";

/** What a read before the build found out. */
export type ReadResult<T> =
  | { found: T }
  | { missing: true }
  /** The pipeline's identity may not read it (403), or Resource Manager did not answer. */
  | { unreadable: string };

export type ArmReader = Pick<ResourceManager, "get" | "list" | "subscriptionId">;

function isMissing(error: unknown): boolean {
  return error instanceof ArmError && (error.status === 404 || /NotFound$/.test(error.code));
}

function why(error: unknown): string {
  if (error instanceof ArmError)
    return error.status === 403
      ? `the pipeline's identity may not read it (${error.code})`
      : `Resource Manager answered ${error.status} ${error.code}`;
  return (error as Error).message;
}

/**
 * Reads for the checks before the build. Each resource is read once however many checks look
 * at it, and all of them run at the same time.
 */
export class ResourceReads {
  private readonly cache = new Map<string, Promise<ReadResult<unknown>>>();

  constructor(
    readonly arm: ArmReader,
    private readonly signal: AbortSignal,
  ) {}

  get subscriptionId(): string {
    return this.arm.subscriptionId;
  }

  read<T>(id: string, apiVersion: string, query?: Record<string, string>): Promise<ReadResult<T>> {
    return this.once(`get ${id} ${apiVersion} ${JSON.stringify(query ?? {})}`, () =>
      this.arm.get<T>(id, apiVersion, this.signal, query),
    );
  }

  list<T>(
    id: string,
    apiVersion: string,
    query?: Record<string, string>,
  ): Promise<ReadResult<T[]>> {
    return this.once(`list ${id} ${apiVersion} ${JSON.stringify(query ?? {})}`, () =>
      this.arm.list<T>(id, apiVersion, this.signal, query),
    );
  }

  private once<T>(key: string, get: () => Promise<T>): Promise<ReadResult<T>> {
    const k = key.toLowerCase();
    let result = this.cache.get(k) as Promise<ReadResult<T>> | undefined;
    if (!result) {
      result = Promise.resolve()
        .then(get)
        .then(
          (found): ReadResult<T> => ({ found }),
          (error: unknown): ReadResult<T> => {
            if (this.signal.aborted) throw error;
            return isMissing(error) ? { missing: true } : { unreadable: why(error) };
          },
        );
      this.cache.set(k, result);
    }
    return result;
  }
}
