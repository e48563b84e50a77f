/**
 * Templates made elsewhere and builds that outlast a job, on both hosts against the local
 * Azure: `existing-template` runs a template the test created through the SDK (as Bicep or
 * Terraform would) and touches nothing else; `wait: false` starts a build and hands it over;
 * `follow` follows it to its end in a later step and removes what the first step made.
 */
import { startLocalAzure, type LocalAzure } from "../../local-azure/harness.js";
import {
  expectConformant,
  FAST_POLL,
  imageBuilderClient,
  linuxTemplate,
} from "../../local-azure/sdk-clients.js";
import type { LoggedRequest } from "../../local-azure/request-log.js";
import {
  runStep,
  startStep,
  type HostKind,
  type StepOptions,
  type StepResult,
} from "../../local-ci/ci-step.js";
import { baseInputs, stagedBlobs, stepAgainst } from "../../local-ci/local-azure-step.js";

let az: LocalAzure;

beforeAll(async () => {
  az = await startLocalAzure({ templateGetRetryAfterMs: 100 });
});
afterAll(async () => {
  await az?.stop();
});
afterEach(() => {
  az.scenario.customizers = {};
  az.scenario.timeline.cancelMs = 30_000;
  expectConformant(az);
});

const HOSTS: HostKind[] = ["github", "ado"];
const spell = (host: HostKind, kebab: string) =>
  host === "github" ? kebab : kebab.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

let made = 0;

/** An image template as Bicep or Terraform would leave it: made through Resource Manager, not by the product. */
async function templateMadeElsewhere(): Promise<{ name: string; id: string }> {
  const name = `golden-made-elsewhere-${++made}`;
  const rg = az.defaults.resourceGroup;
  await imageBuilderClient(az).virtualMachineImageTemplates.beginCreateOrUpdateAndWait(
    rg,
    name,
    linuxTemplate(
      az,
      [
        { type: "Shell", name: "install-agent", inline: ["echo installing the agent"] },
        { type: "Shell", name: "harden", inline: ["echo hardening"] },
      ],
      {
        distribute: [
          { type: "VHD", runOutputName: "golden-vhd" },
          {
            type: "SharedImage",
            galleryImageId: az.defaults.galleryImageId,
            runOutputName: "golden-gallery",
            targetRegions: [{ name: az.location }],
          },
        ],
      },
    ),
    FAST_POLL,
  );
  return {
    name,
    id: `/subscriptions/${az.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.VirtualMachineImages/imageTemplates/${name}`,
  };
}

/** Only the inputs that say where and who: the template says everything else. */
const whereOnly = () => ({ "resource-group": az.defaults.resourceGroup });

const requestsSince = (from: number): LoggedRequest[] => az.requestLog.slice(from);
const runPosts = (rs: LoggedRequest[]) =>
  rs.filter((r) => r.method === "POST" && r.path.endsWith("/run"));
/** What would create, change or delete something in Azure or in storage. */
const changes = (rs: LoggedRequest[]) =>
  rs.filter(
    (r) =>
      (r.surface === "arm" || r.surface === "storage") &&
      (["PUT", "PATCH", "DELETE"].includes(r.method) ||
        (r.method === "POST" && !/\/(run|cancel)$/.test(r.path))),
  );

/** Runs a step's later phase (GitHub's post step, the task's post-job handler) as the runner or agent would. */
function laterPhase(options: StepOptions, main: StepResult): Promise<StepResult> {
  return runStep({
    ...options,
    ...(options.host === "github" ? { state: main.state } : { taskVariables: main.taskVariables }),
  });
}

describe.each(HOSTS)("on %s, a template made elsewhere", (host) => {
  test("runs with the live log and outputs, and nothing is created, changed or deleted", async () => {
    const { name, id } = await templateMadeElsewhere();
    az.scenario.customizers[0] = { output: ["agent 4.2 installed"] };
    const from = az.requestLog.length;
    const options = stepAgainst(az, host, {
      ...whereOnly(),
      "existing-template": host === "github" ? name : id,
    });
    const result = await runStep(options);
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const o = result.outputs;
    expect(o["run-status"]).toBe("Succeeded");
    expect(o["template-name"]).toBe(name);
    expect(o["template-id"]).toBe(id);
    expect(o["image-version-id"]).toMatch(
      new RegExp(`^${az.defaults.galleryImageId}/versions/\\d+\\.\\d+\\.\\d+$`),
    );
    expect(JSON.parse(o["image-version-ids"]!)).toEqual([
      o["image-version-id"],
      expect.stringMatching(/\.vhd$/),
    ]);
    expect(Object.keys(JSON.parse(o["run-outputs"]!)).sort()).toEqual([
      "golden-gallery",
      "golden-vhd",
    ]);
    expect(o["source-image-version"]).toMatch(/^\d+\.\d+\.\d+$/);
    // The build log, traced back to the template's own customizers.
    const log = result.log.join("\n");
    expect(log).toMatch(/Customizer 1 'install-agent' \(Shell\)/);
    expect(log).toContain("agent 4.2 installed");
    expect(result.summary).toContain(`bake-azure-image: ${name}`);

    const mine = requestsSince(from);
    expect(runPosts(mine)).toHaveLength(1);
    expect(changes(mine)).toEqual([]);
    expect(
      mine.filter((r) => r.surface === "storage" && r.method !== "GET" && r.method !== "HEAD"),
    ).toEqual([]);
    expect(az.imageTemplate(az.defaults.resourceGroup, name)?.lastRunStatus?.runState).toBe(
      "Succeeded",
    );
    // Nothing was left for the later phase to remove.
    const later = await laterPhase(options, result);
    expect(later.errors).toEqual([]);
    expect(changes(requestsSince(from))).toEqual([]);
    expect(az.imageTemplate(az.defaults.resourceGroup, name)).toBeDefined();
  });

  test("that fails names the template's customizer and the script's own words, in one error", async () => {
    const { name } = await templateMadeElsewhere();
    az.scenario.customizers[1] = {
      exitCode: 3,
      errorOutput: ["sysctl: cannot stat /proc/sys/net/ipv4/tcp_syncookies"],
    };
    const result = await runStep(
      stepAgainst(az, host, { ...whereOnly(), "existing-template": name }),
    );
    expect(result.exitCode).not.toBe(0);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(
      /^(Image build failed: )?The build failed in customizer 2 'harden' \(Shell\): /,
    );
    expect(result.errors[0]).toContain("sysctl: cannot stat /proc/sys/net/ipv4/tcp_syncookies");
    expect(result.outputs["run-status"]).toBe("Failed");
    expect(az.imageTemplate(az.defaults.resourceGroup, name)).toBeDefined();
  });

  test("that is already building is followed, not started a second time", async () => {
    const { name } = await templateMadeElsewhere();
    az.scenario.customizers[0] = { durationMs: 1_500, output: ["started by someone else"] };
    await imageBuilderClient(az).virtualMachineImageTemplates.beginRun(
      az.defaults.resourceGroup,
      name,
      FAST_POLL,
    );
    expect(az.imageTemplate(az.defaults.resourceGroup, name)?.lastRunStatus?.runState).toBe(
      "Running",
    );
    const from = az.requestLog.length;
    const result = await runStep(
      stepAgainst(az, host, { ...whereOnly(), "existing-template": name }),
    );
    expect(result.errors).toEqual([]);
    expect(result.outputs["run-status"]).toBe("Succeeded");
    expect(result.log.join("\n")).toContain("already building");
    expect(runPosts(requestsSince(from))).toEqual([]);
    expect(az.templateHistory().find((h) => h.template.name === name)?.runsStarted).toBe(1);
  });

  test("cancelled with the job: the run is cancelled and the template left", async () => {
    const { name } = await templateMadeElsewhere();
    az.scenario.customizers[0] = { durationMs: 60_000 };
    az.scenario.timeline.cancelMs = 150;
    const from = az.requestLog.length;
    const options = stepAgainst(az, host, { ...whereOnly(), "existing-template": name });
    const step = startStep(options);
    await step.waitForLine(/Running \/ Customizing$/, 30_000);
    step.child.kill("SIGINT");
    const result = await step.result;
    expect(result.exitCode).not.toBe(0);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^The step was cancelled: the build was cancelled, and the image template .+ is left as it was\.$/,
      ),
    ]);
    await laterPhase(options, result);
    const mine = requestsSince(from);
    expect(mine.filter((r) => r.method === "POST" && r.path.endsWith("/cancel"))).toHaveLength(1);
    expect(mine.filter((r) => r.method === "DELETE")).toEqual([]);
    await az.runFinished(az.defaults.resourceGroup, name);
    expect(az.imageTemplate(az.defaults.resourceGroup, name)?.lastRunStatus?.runState).toBe(
      "Canceled",
    );
  });

  test("started with wait: false and followed later, is followed to its end and left as it is", async () => {
    const { name, id } = await templateMadeElsewhere();
    az.scenario.customizers[0] = { durationMs: 1_000 };
    const from = az.requestLog.length;
    const start = await runStep(
      stepAgainst(az, host, { ...whereOnly(), "existing-template": name, wait: "false" }),
    );
    expect(start.errors).toEqual([]);
    expect(start.outputs["run-status"]).toBe("Running");
    expect(start.outputs["template-id"]).toBe(id);
    const follow = await runStep(stepAgainst(az, host, { ...whereOnly(), follow: id }));
    expect(follow.errors).toEqual([]);
    expect(follow.outputs["run-status"]).toBe("Succeeded");
    expect(follow.log.join("\n")).toContain("was not made by this repository's pipeline");
    const mine = requestsSince(from);
    expect(runPosts(mine)).toHaveLength(1);
    expect(changes(mine)).toEqual([]);
    expect(az.imageTemplate(az.defaults.resourceGroup, name)?.lastRunStatus?.runState).toBe(
      "Succeeded",
    );
  });

  test("with inputs that describe an image is one error naming both, before anything happens", async () => {
    const from = az.requestLog.length;
    const result = await runStep(
      stepAgainst(az, host, {
        ...baseInputs(az),
        "existing-template": "golden-made-elsewhere-1",
      }),
    );
    expect(result.exitCode).not.toBe(0);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain(`'${spell(host, "source")}'`);
    expect(result.errors[0]).toContain(spell(host, "existing-template"));
    expect(requestsSince(from).filter((r) => r.surface === "arm")).toEqual([]);
  });
});

describe.each(HOSTS)("on %s, wait: false and then follow", (host) => {
  const startInputs = () => ({ ...baseInputs(az), vhd: "true", wait: "false" });
  const stagedFor = async (template: string) => {
    const step = JSON.parse(template).tags["bake.step"] as string;
    return (await stagedBlobs(az)).filter((b) => b.includes(`/${step}/`));
  };

  test("the first step returns while it builds and leaves the template and staged files; a later one follows, outputs and removes them", async () => {
    az.scenario.customizers[0] = { durationMs: 1_500, output: ["still building after the job"] };
    const firstOptions = stepAgainst(az, host, startInputs());
    const first = await runStep(firstOptions);
    expect(first.errors).toEqual([]);
    expect(first.exitCode).toBe(0);
    const name = first.outputs["template-name"]!;
    const id = first.outputs["template-id"]!;
    expect(first.outputs["run-status"]).toBe("Running");
    expect(id).toMatch(new RegExp(`/imageTemplates/${name}$`));
    expect(az.imageTemplate(az.defaults.resourceGroup, name)?.lastRunStatus?.runState).toBe(
      "Running",
    );
    // The first step's later phase removes nothing: the build is handed over.
    const firstLater = await laterPhase(firstOptions, first);
    expect(firstLater.errors).toEqual([]);
    expect(az.imageTemplate(az.defaults.resourceGroup, name)).toBeDefined();
    expect(await stagedFor(first.outputs.template!)).toHaveLength(2);

    const from = az.requestLog.length;
    const follow = await runStep(stepAgainst(az, host, { ...whereOnly(), follow: id }));
    expect(follow.errors).toEqual([]);
    expect(follow.exitCode).toBe(0);
    expect(follow.outputs["run-status"]).toBe("Succeeded");
    expect(follow.outputs["template-id"]).toBe(id);
    // The staged files' SAS, made by the first step, are secrets of this one too.
    expect(follow.secrets.filter((x) => x.includes("sig="))).toHaveLength(2);
    expect(follow.outputs["image-version-id"]).toMatch(/\.vhd$/);
    const log = follow.log.join("\n");
    expect(log).toContain("still building after the job");
    expect(log).toMatch(/Customizer 1 '[^']+' \(Shell\)/);
    expect(runPosts(requestsSince(from))).toEqual([]);
    expect(az.imageTemplate(az.defaults.resourceGroup, name)).toBeUndefined();
    expect(await stagedFor(first.outputs.template!)).toEqual([]);
  });

  test("a build that already ended is reported at once, with the failing script named", async () => {
    az.scenario.customizers[1] = {
      exitCode: 2,
      errorOutput: ["sed: can't read /etc/ssh/sshd_config: No such file or directory"],
    };
    const first = await runStep(stepAgainst(az, host, startInputs()));
    expect(first.outputs["run-status"]).toBe("Running");
    const name = first.outputs["template-name"]!;
    await az.runFinished(az.defaults.resourceGroup, name);
    const follow = await runStep(
      stepAgainst(az, host, { ...whereOnly(), follow: first.outputs["template-id"]! }),
    );
    expect(follow.exitCode).not.toBe(0);
    expect(follow.log.join("\n")).toContain("already ended (Failed)");
    expect(follow.errors).toHaveLength(1);
    expect(follow.errors[0]).toMatch(/The build failed in customizer 2 /);
    expect(follow.errors[0]).toContain("sed: can't read /etc/ssh/sshd_config");
    expect(follow.outputs["run-status"]).toBe("Failed");
    expect(az.imageTemplate(az.defaults.resourceGroup, name)).toBeUndefined();
    expect(await stagedFor(first.outputs.template!)).toEqual([]);
  });

  test("follow with wait: false is one error naming both", async () => {
    const result = await runStep(
      stepAgainst(az, host, {
        ...whereOnly(),
        follow: `/subscriptions/${az.subscriptionId}/resourceGroups/rg/providers/Microsoft.VirtualMachineImages/imageTemplates/t`,
        wait: "false",
      }),
    );
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain(`'${spell(host, "wait")}'`);
    expect(result.errors[0]).toContain(spell(host, "follow"));
  });
});
