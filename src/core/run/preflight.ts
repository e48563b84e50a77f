import type { ResourceManager } from "../azure/arm.js";
import type { BakeInputs } from "../inputs/read-inputs.js";
import type { RenderedTemplate } from "../template/render-template.js";
import type { CheckFamily } from "../preflight/check-family.js";
import { existenceChecks } from "../preflight/existence-checks.js";
import { networkChecks } from "../preflight/network-checks.js";
import { identityPermissionChecks } from "../preflight/identity-permission-checks.js";
import { imageSecurityChecks } from "../preflight/image-security-checks.js";
import { ResourceReads, type ArmReader } from "../preflight/resource-reads.js";

/** In the order their errors are reported when several fail. */
const FAMILIES: CheckFamily[] = [
  existenceChecks,
  networkChecks,
  imageSecurityChecks,
  identityPermissionChecks,
];

/**
 * Reads what the template refers to before anything is created and stops the step with one
 * error naming the input and the fix. Only "not found" and what an existing resource says are
 * decisive: a read the pipeline's identity may not make (403) skips its checks with one
 * notice per family, since Image Builder uses the template's identity, not the pipeline's.
 */
export async function preflight(
  arm: ArmReader | ResourceManager,
  inputs: BakeInputs,
  rendered: RenderedTemplate,
  signal: AbortSignal,
  report: {
    notice: (message: string) => void;
    warning: (message: string) => void;
    info?: (message: string) => void;
  },
): Promise<void> {
  const reads = new ResourceReads(arm, signal);
  const runs = FAMILIES.map((family) => {
    const skipped: string[] = [];
    const checks = family.checks({
      inputs,
      rendered,
      reads,
      skip: (what, reason) => void skipped.push(`${what}: ${reason}`),
      warn: report.warning,
      inform: report.info ?? (() => undefined),
    });
    return { family, skipped, settled: Promise.allSettled(checks) };
  });
  const failures: unknown[] = [];
  for (const { family, skipped, settled } of runs) {
    const results = await settled;
    for (const r of results) if (r.status === "rejected") failures.push(r.reason);
    if (skipped.length)
      report.notice(
        `Skipped the ${family.name} checks before the build: ${[...new Set(skipped)].join("; ")}. To have them checked, the pipeline's identity needs ${family.needs}.`,
      );
  }
  if (signal.aborted) throw signal.reason;
  if (failures.length) throw failures[0];
}
