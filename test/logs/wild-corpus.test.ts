/**
 * Real customization.log excerpts, as posted in public issues, Q&A and the documentation: for
 * each, the analyzer (and `bake-azure-image logs --json`, the built CLI) must name the failing
 * step, the reason and a short excerpt of the lines that explain it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { LogAnalyzer, type LogAnalysis } from "../../src/core/logs/log-analyzer.js";
import { ROOT } from "../../local-ci/run-bundle.js";
import { CORPUS, WILD, wildText, type WildFixture } from "./wild-corpus.js";

function analyse(fixture: WildFixture): LogAnalysis {
  const analyzer = new LogAnalyzer();
  analyzer.push(wildText(fixture));
  analyzer.end();
  return analyzer.result();
}

describe("the corpus of real logs", () => {
  it("has at least 30 excerpts, each with its source, and no file left out of the manifest", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(30);
    for (const f of CORPUS) expect(f.source).toMatch(/https:\/\/\S+/);
    const listed = new Set(CORPUS.filter((f) => !f.compose).map((f) => f.file));
    const files = readdirSync(WILD).filter((name) => name.endsWith(".log.txt"));
    expect(files.sort()).toEqual([...listed].sort());
  });

  it.each(CORPUS.map((f) => [f.file, f] as const))("%s", (_name, fixture) => {
    const { status, failure, timeline } = analyse(fixture);
    const want = fixture.expect;
    expect(status).toBe(want.status);
    if (want.timeline) expect(timeline.map((e) => [e.type, e.status])).toEqual(want.timeline);
    if (want.status !== "failed") {
      expect(failure).toBeNull();
      if (want.running) {
        const last = timeline.at(-1);
        expect(last).toBeDefined();
        expect(last).toMatchObject({ status: "incomplete", ...want.running });
      }
      return;
    }
    expect(failure).not.toBeNull();
    if (want.phase) expect(failure!.phase).toBe(want.phase);
    if (want.step === null) expect(failure!.step.type).toBeNull();
    else if (want.step) expect(failure!.step).toMatchObject(want.step);
    if (want.reason) expect(failure!.reason).toContain(want.reason);
    else expect(failure!.reason.length).toBeGreaterThan(0);
    for (const line of want.excerptIncludes ?? []) {
      expect(failure!.excerpt.some((l) => l.includes(line))).toBe(true);
    }
    for (const line of want.excerptExcludes ?? []) {
      expect(failure!.excerpt.filter((l) => l.includes(line))).toEqual([]);
    }
    expect(failure!.excerpt.length).toBeLessThanOrEqual(want.maxExcerpt ?? 30);
    if (want.maxRepeats !== undefined) {
      const counts = new Map<string, number>();
      for (const l of failure!.excerpt) counts.set(l, (counts.get(l) ?? 0) + 1);
      expect(Math.max(...counts.values())).toBeLessThanOrEqual(want.maxRepeats);
    }
  });
});

describe("bake-azure-image logs --json on the corpus", () => {
  const CLI = path.join(ROOT, "dist", "cli", "index.js");
  let dir: string;
  beforeAll(() => {
    if (!existsSync(CLI))
      throw new Error(`${CLI} is missing: run node tools/build-bundles.mjs cli`);
    dir = mkdtempSync(path.join(tmpdir(), "wild-logs-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints what the analyzer finds, for every excerpt", () => {
    for (const fixture of CORPUS) {
      let file = path.join(WILD, fixture.file);
      if (fixture.compose) {
        file = path.join(dir, `${fixture.file}.log`);
        writeFileSync(file, wildText(fixture));
      }
      const run = spawnSync(process.execPath, [CLI, "logs", "--json", file], { encoding: "utf8" });
      expect({ file: fixture.file, code: run.status, stderr: run.stderr }).toEqual({
        file: fixture.file,
        code: 0,
        stderr: "",
      });
      expect(JSON.parse(run.stdout)).toEqual(analyse(fixture));
    }
  });
});
