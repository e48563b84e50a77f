/**
 * A problem the user can fix in one input. The core names inputs in kebab-case; the host
 * turns that into its own spelling when the message is shown.
 */
export class InputError extends Error {
  constructor(
    readonly input: string,
    readonly problem: string,
  ) {
    super(`${input}: ${problem}`);
    this.name = "InputError";
  }

  describe(displayName: (input: string) => string): string {
    return `Input '${displayName(this.input)}': ${this.problem}`;
  }
}

/** A failure that is not tied to one input (the service said no, a file vanished, …). */
export class BakeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BakeError";
  }
}

export function quote(value: string, max = 120): string {
  const shown = value.length > max ? `${value.slice(0, max)}…` : value;
  return `'${shown}'`;
}
