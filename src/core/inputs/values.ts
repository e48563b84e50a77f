import { InputError, quote } from "../errors.js";

/** Values from YAML 1.2's core schema, the same set `core.getBooleanInput` accepts. */
const TRUE = new Set(["true", "True", "TRUE"]);
const FALSE = new Set(["false", "False", "FALSE"]);

export function parseBoolean(input: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === "") return fallback;
  if (TRUE.has(raw)) return true;
  if (FALSE.has(raw)) return false;
  throw new InputError(input, `${quote(raw)} is not a boolean. Use true or false.`);
}

export function parseInteger(
  input: string,
  raw: string | undefined,
  range: { min: number; max: number; unit?: string },
): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  const unit = range.unit ? ` ${range.unit}` : "";
  if (!/^\d+$/.test(raw)) {
    throw new InputError(
      input,
      `${quote(raw)} is not a whole number. Use a number from ${range.min} to ${range.max}${unit}.`,
    );
  }
  const value = Number(raw);
  if (value < range.min || value > range.max) {
    throw new InputError(
      input,
      `${value}${unit} is out of range. Use a number from ${range.min} to ${range.max}${unit}.`,
    );
  }
  return value;
}

export function parseChoice<T extends string>(
  input: string,
  raw: string | undefined,
  choices: readonly T[],
): T | undefined {
  if (raw === undefined || raw === "") return undefined;
  const found = choices.find((c) => c.toLowerCase() === raw.toLowerCase());
  if (!found) {
    throw new InputError(input, `${quote(raw)} is not allowed. Use one of: ${choices.join(", ")}.`);
  }
  return found;
}

/** Non-empty, trimmed lines; `#` starts a comment line so long lists can be annotated. */
export function parseLines(raw: string | undefined): string[] {
  if (!raw) return [];
  return raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/** Lines or commas: region lists are often written on one line. */
export function parseList(raw: string | undefined): string[] {
  return parseLines(raw).flatMap((line) =>
    line
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
  );
}

export function parseKeyValueLines(
  input: string,
  raw: string | undefined,
  what: { separator: string; example: string },
): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const line of parseLines(raw)) {
    const at = line.indexOf(what.separator);
    if (at <= 0) {
      throw new InputError(
        input,
        `${quote(line)} is not of the form ${what.example}. Write one pair a line.`,
      );
    }
    const key = line.slice(0, at).trim();
    const value = line.slice(at + what.separator.length).trim();
    if (seen.has(key.toLowerCase())) {
      throw new InputError(input, `${quote(key)} is given twice. Give each key once.`);
    }
    seen.add(key.toLowerCase());
    pairs.push([key, value]);
  }
  return pairs;
}

/** Azure's tag rules: names up to 512 characters without < > % & \ ? /, values up to 256. */
export function parseTags(input: string, raw: string | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [key, value] of parseKeyValueLines(input, raw, {
    separator: "=",
    example: "key=value",
  })) {
    if (/[<>%&\\?/]/.test(key) || key.length > 512) {
      throw new InputError(
        input,
        `tag name ${quote(key)} is not allowed. Tag names have at most 512 characters and none of < > % & \\ ? /.`,
      );
    }
    if (value.length > 256) {
      throw new InputError(input, `the value of tag ${quote(key)} is longer than 256 characters.`);
    }
    tags[key] = value;
  }
  return tags;
}
