/**
 * A problem the user can fix in one input. The core names inputs in kebab-case; the host
 * turns that into its own spelling when the message is shown.
 */
export class InputError extends Error {
  constructor(
    readonly input: string,
    readonly problem: string,
  ) {
    super(`${input}: ${problem.replace(REF, "$1")}`);
    this.name = "InputError";
  }

  /** The message in the host's words: every input named as that host spells it. */
  describe(displayName: (input: string) => string): string {
    return `Input '${displayName(this.input)}': ${spellInputs(this.problem, displayName)}`;
  }
}

const REF = /\{\{([a-z0-9-]+)\}\}/g;

/** A message with every input named by `ref` spelled the host's way. */
export function spellInputs(message: string, displayName: (input: string) => string): string {
  return message.replace(REF, (_, name: string) => displayName(name));
}

/** Names another input inside a message; `describe` spells it the host's way. */
export function ref(input: string): string {
  return `{{${input}}}`;
}

/** A failure that is not tied to one input (the service said no, a file vanished, …). */
export class BakeError extends Error {
  /** Where the annotation should point, e.g. the repository script that failed. */
  readonly file?: string;
  readonly line?: number;
  readonly title?: string;

  constructor(
    message: string,
    options?: { cause?: unknown; file?: string; line?: number; title?: string },
  ) {
    super(message, options);
    this.name = "BakeError";
    this.file = options?.file;
    this.line = options?.line;
    this.title = options?.title;
  }
}

export function quote(value: string, max = 120): string {
  const shown = value.length > max ? `${value.slice(0, max)}…` : value;
  return `'${shown}'`;
}
