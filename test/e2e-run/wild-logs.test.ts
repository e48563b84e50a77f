/**
 * Real customization.log excerpts (test/fixtures/logs/wild) served by the local Image Builder
 * as a failing build's log: both bundles must annotate the step and the reason the log gives,
 * as they read it while the build runs.
 */
import { startLocalAzure, type LocalAzure } from "../../local-azure/harness.js";
import { runStep, type HostKind } from "../../local-ci/ci-step.js";
import { baseInputs, stepAgainst } from "../../local-ci/local-azure-step.js";
import { CORPUS, wildText } from "../logs/wild-corpus.js";

let az: LocalAzure;

beforeAll(async () => {
  az = await startLocalAzure({ templateGetRetryAfterMs: 100 });
});
afterAll(async () => {
  await az?.stop();
});
afterEach(() => {
  delete az.scenario.servedLog;
  delete az.scenario.customizers[0];
});

/** The inputs of a Windows build with one inline PowerShell customizer. */
function windowsInline(): Record<string, string> {
  const inputs = baseInputs(az);
  delete inputs.scripts;
  return {
    ...inputs,
    source: "MicrosoftWindowsServer:WindowsServer:2022-datacenter-azure-edition:latest",
    "inline-script": "Write-Host 'installing'",
  };
}

/** A handful of kinds and line formats; test/logs/wild-corpus.test.ts covers every excerpt. */
const SERVED: Array<{ file: string; where: string; inputs?: () => Record<string, string> }> = [
  // Resource Manager refused the build VM before any customizer ran.
  { file: "aib11-policy-violation.log.txt", where: "the deployment phase" },
  // A quota refusal, its reason in Resource Manager's body that runs onto lines of its own.
  { file: "aib9-quota-exceeded.log.txt", where: "the deployment phase" },
  // Packer's output as posted from a terminal, without Image Builder's channel: a size the
  // region does not offer.
  { file: "nomad11607-sku-not-available.log.txt", where: "the deployment phase" },
  // The script's exit code is only in Packer's log (PACKER ERR), the reason in its output.
  { file: "aibts-permission-denied.log.txt", where: "customizer (Shell)" },
  // Sysprep's deprovisioning script, found by its name in PowerShell's error.
  { file: "doc-sysprep-timing.log.txt", where: "deprovisioning (PowerShell)" },
  // The newer plugin's `PACKER <time> ui:` lines; Image Builder stopped Packer at its deadline.
  { file: "rds791-cancelled-at-deadline.log.txt", where: "customizer (WindowsUpdate)" },
  // A whole 2026 log without telemetry markers: the template's first customizer timed out.
  {
    file: "foundry-timeout-whole.log.txt",
    where: "customizer 1 'inline-script' (PowerShell)",
    inputs: windowsInline,
  },
];

describe.each<HostKind>(["github", "ado"])("a failing build's real log on %s", (host) => {
  test.each(SERVED)("$file", async ({ file, where, inputs }) => {
    const fixture = CORPUS.find((f) => f.file === file)!;
    const reason = fixture.expect.reason!;
    az.scenario.servedLog = wildText(fixture);
    az.scenario.customizers[0] = { exitCode: 1 };

    const given = inputs ? inputs() : baseInputs(az);
    const result = await runStep(stepAgainst(az, host, { ...given, vhd: "true" }));

    expect(result.exitCode).not.toBe(0);
    expect(result.outputs["run-status"]).toBe("Failed");
    expect(result.errors).toHaveLength(1);
    const [first, ...excerpt] = result.errors[0]!.replace(/^Image build failed: /, "").split("\n");
    expect(first).toMatch(new RegExp(`^The build failed in ${escape(where)}: .*${escape(reason)}`));
    // Then the explaining lines, bounded, and the service's own message last.
    const shown = excerpt.filter((l) => l.startsWith("  "));
    expect(shown.length).toBeLessThanOrEqual(fixture.expect.maxExcerpt ?? 30);
    expect(result.errors[0]).toContain("Image Builder: Failed in building/customizing image");
    expect(result.summary).toContain("### Why it failed");
    expect(result.summary).toContain(reason);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
