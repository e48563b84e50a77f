/**
 * The few things cleanup and cancellation ask of Image Builder about one template. The SDK
 * client implements it; keeping the contract this small lets both be exercised in-process.
 */
export interface TemplateOperations {
  readonly name: string;
  /** The template's Resource Manager id, as messages show it. */
  readonly id: string;
  /** The template with its last run's state, or undefined when there is none. */
  find(signal: AbortSignal): Promise<{ lastRunStatus?: { runState?: string } } | undefined>;
  /** Asks for the run to stop; returns the Retry-After of the acceptance, if it named one. */
  requestCancel(signal: AbortSignal): Promise<number | undefined>;
  /** False when the template was already gone. */
  delete(signal: AbortSignal): Promise<boolean>;
}
