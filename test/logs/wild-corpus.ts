/**
 * The corpus of real customization.log excerpts (test/fixtures/logs/wild): each file as posted
 * in an issue, a Q&A thread or the documentation, and its manifest entry with the source and
 * the answer a person expects.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { FIXTURES } from "./fixtures.js";

export const WILD = path.join(FIXTURES, "wild");

export interface ExpectedStep {
  type?: string;
  deprovisioning?: boolean;
}

export interface WildFixture {
  file: string;
  source: string;
  kind: string;
  formats: string[];
  note?: string;
  /** Built from line ranges (1-based, inclusive) of other fixtures, each repeated `repeat` times. */
  compose?: Array<{ file: string; from?: number; to?: number; repeat?: number }>;
  expect: {
    status: "failed" | "succeeded" | "unknown";
    phase?: string;
    /** null: the failure is outside any customizer. */
    step?: ExpectedStep | null;
    /** For an excerpt without a verdict: the customizer the log ends in. */
    running?: ExpectedStep;
    reason?: string;
    excerptIncludes?: string[];
    excerptExcludes?: string[];
    maxExcerpt?: number;
    /** How often one line may appear in the excerpt. */
    maxRepeats?: number;
    /** Each step of the timeline: [type, status]. */
    timeline?: Array<[string, string]>;
  };
}

export const CORPUS: WildFixture[] = (
  JSON.parse(readFileSync(path.join(WILD, "manifest.json"), "utf8")) as {
    fixtures: WildFixture[];
  }
).fixtures;

/** The log text of a fixture: the file as posted, or the concatenation it describes. */
export function wildText(fixture: WildFixture): string {
  if (!fixture.compose) return readFileSync(path.join(WILD, fixture.file), "utf8");
  const parts: string[] = [];
  for (const part of fixture.compose) {
    const lines = readFileSync(path.join(WILD, part.file), "utf8").split("\n");
    if (lines.at(-1) === "") lines.pop();
    const cut = lines.slice((part.from ?? 1) - 1, part.to ?? lines.length);
    for (let i = 0; i < (part.repeat ?? 1); i++) parts.push(...cut);
  }
  return `${parts.join("\n")}\n`;
}
