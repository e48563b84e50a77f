import {
  analyzeLogFile,
  LogAnalyzer,
  type LogAnalysis,
  type LogEvent,
} from "../../src/core/logs/log-analyzer.js";
import { CUSTOMIZERS, fixturePath, readFixture } from "./fixtures.js";

function analyse(name: string, withTemplate = true): LogAnalysis {
  const analyzer = new LogAnalyzer(withTemplate ? CUSTOMIZERS[name] : undefined);
  analyzer.push(readFixture(name));
  analyzer.end();
  return analyzer.result();
}

/** What each failing build should tell a person: where it failed and the line that says why. */
const FAILURES = [
  {
    fixture: "linux-shell-failure",
    step: {
      index: 2,
      name: "scripts/install-tools.sh",
      type: "Shell",
      sourceFile: "scripts/install-tools.sh",
    },
    phase: "customization",
    reason: "E: Unable to locate package azure-clii",
    explaining: [
      "E: Unable to locate package azure-clii",
      "Script exited with non-zero exit status: 100",
    ],
  },
  {
    fixture: "windows-powershell-failure",
    step: {
      index: 1,
      name: "scripts/windows/install-agent.ps1",
      type: "PowerShell",
      sourceFile: "scripts/windows/install-agent.ps1",
    },
    phase: "customization",
    reason: "The system cannot find the file specified.",
    explaining: [
      "Start-Process : This command cannot be run due to the error: The system cannot find the file specified.",
      "+ FullyQualifiedErrorId : InvalidOperationException,Microsoft.PowerShell.Commands.StartProcessCommand",
    ],
    scriptLine: 12,
  },
  {
    fixture: "windows-update-failure",
    step: { index: 1, name: null, type: "WindowsUpdate", sourceFile: null },
    phase: "customization",
    reason: "0x80240438",
    explaining: [
      "ERROR: Exception from HRESULT: 0x80240438",
      "Windows update script exited with non-zero exit status: 1",
    ],
  },
  {
    fixture: "timeout-deadline",
    step: {
      index: 1,
      name: "scripts/install-cuda.sh",
      type: "Shell",
      sourceFile: "scripts/install-cuda.sh",
    },
    phase: "customization",
    reason: "context deadline exceeded",
    explaining: [
      "Original Error: context deadline exceeded",
      "Build timeout reached",
      "Building initial module for 6.5.0-1025-azure",
    ],
  },
  {
    fixture: "distribution-failure",
    step: { index: null, name: null, type: null, sourceFile: null },
    phase: "distribution",
    reason: "to region 'eastus2' failed",
    explaining: [
      "Replication of image version 'acgimages/ubuntu-web/1.4.0' to region 'eastus2' failed",
    ],
  },
  {
    fixture: "policy-violation",
    step: { index: null, name: null, type: null, sourceFile: null },
    phase: "deployment",
    reason: "RequestDisallowedByPolicy : Resource 'pkrip6e7f8a9b' was disallowed by policy",
    explaining: [
      "ERROR:   -> RequestDisallowedByPolicy : Resource 'pkrip6e7f8a9b' was disallowed by policy.",
    ],
  },
  {
    fixture: "deprovision-failure",
    step: { index: null, name: null, type: "Shell", sourceFile: null, deprovisioning: true },
    phase: "deprovisioning",
    reason: "sudo: /usr/sbin/waagent: command not found",
    explaining: ["sudo: /usr/sbin/waagent: command not found"],
  },
  {
    fixture: "windows-sysprep-failure",
    step: { index: null, name: null, type: "PowerShell", sourceFile: null, deprovisioning: true },
    phase: "deprovisioning",
    reason: "Sysprep was not able to validate your Windows installation",
    explaining: ["Sysprep.exe : Sysprep was not able to validate your Windows installation."],
    scriptLine: 17,
  },
];

describe("LogAnalyzer on failed builds", () => {
  it.each(FAILURES)("$fixture: names the failing step and the lines that explain it", (c) => {
    const { status, failure } = analyse(c.fixture);
    expect(status).toBe("failed");
    expect(failure).not.toBeNull();
    expect(failure!.step).toMatchObject(c.step);
    expect(failure!.phase).toBe(c.phase);
    expect(failure!.reason).toContain(c.reason);
    for (const line of c.explaining) {
      expect(failure!.excerpt.some((l) => l.includes(line))).toBe(true);
    }
    expect(failure!.excerpt.length).toBeLessThanOrEqual(30);
    if (c.scriptLine !== undefined) expect(failure!.scriptLine).toBe(c.scriptLine);
  });

  it("marks the failing customizer failed on the timeline and leaves out those never started", () => {
    const { timeline } = analyse("linux-shell-failure");
    expect(timeline.map((e) => [e.index, e.status])).toEqual([
      [0, "succeeded"],
      [1, "succeeded"],
      [2, "failed"],
    ]);
    expect(timeline[2]).toMatchObject({
      sourceFile: "scripts/install-tools.sh",
      start: "2026-11-23T00:07:58Z",
      end: "2026-11-23T00:08:31Z",
      durationSeconds: 33,
    });
  });

  it("ends an interrupted customizer when the build gives up on it", () => {
    const { timeline } = analyse("timeout-deadline");
    expect(timeline[1]).toMatchObject({ index: 1, status: "failed", end: "2026-11-28T07:04:59Z" });
    expect(timeline).toHaveLength(2);
  });

  it("does not blame a succeeded customizer for errors it recovered from", () => {
    const { failure } = analyse("windows-powershell-failure");
    // setup-iis.ps1 (customizer 1) wrote an error record and carried on.
    expect(failure!.excerpt.join("\n")).not.toContain("Default Web Site");
  });

  it("finds the deprovisioning step without the template, by what it runs", () => {
    const { failure, timeline } = analyse("windows-sysprep-failure", false);
    expect(failure!.step).toMatchObject({ index: null, deprovisioning: true, type: "PowerShell" });
    expect(timeline.map((e) => e.deprovisioning)).toEqual([false, false, true]);
  });

  it("names steps from the log without the template", () => {
    const { failure, timeline } = analyse("linux-shell-failure", false);
    expect(failure!.step).toMatchObject({ index: 2, name: "/tmp/script_7730.sh", type: "Shell" });
    expect(timeline[0]!.name).toBe("/tmp/3b9c1f0e-6a2d-4e1f-8c5b-0d7e2a9f4b13/site.conf");
  });
});

describe("LogAnalyzer on a successful build", () => {
  it("reports success, no failure, and every customizer with its duration", () => {
    const analysis = analyse("success-several-customizers");
    expect(analysis.status).toBe("succeeded");
    expect(analysis.failure).toBeNull();
    expect(
      analysis.timeline.map((e) => [
        e.index,
        e.name,
        e.type,
        e.durationSeconds,
        e.status,
        e.deprovisioning,
      ]),
    ).toEqual([
      [0, "files: config/app.env", "File", 1, "succeeded", false],
      [1, "scripts/install-base.sh", "Shell", 214, "succeeded", false],
      [2, "scripts/install-app.sh", "Shell", 82, "succeeded", false],
      [3, "inline-script", "Shell", 7, "succeeded", false],
      [null, null, "Shell", 5, "succeeded", true],
    ]);
  });

  it("says unknown for a log cut short, with the running customizer incomplete", () => {
    const text = readFixture("success-several-customizers");
    const cut = text.indexOf("+ npm ci --omit=dev");
    const analyzer = new LogAnalyzer(CUSTOMIZERS["success-several-customizers"]);
    analyzer.push(text.slice(0, cut));
    analyzer.end();
    const { status, failure, timeline } = analyzer.result();
    expect(status).toBe("unknown");
    expect(failure).toBeNull();
    expect(timeline.at(-1)).toMatchObject({ index: 2, status: "incomplete", end: null });
  });
});

describe("LogAnalyzer streaming", () => {
  function eventsInChunks(text: string, sizes: () => number): LogEvent[] {
    const analyzer = new LogAnalyzer(CUSTOMIZERS["linux-shell-failure"]);
    const events: LogEvent[] = [];
    for (let at = 0; at < text.length;) {
      const size = sizes();
      events.push(...analyzer.push(text.slice(at, at + size)));
      at += size;
    }
    events.push(...analyzer.end());
    return events;
  }

  it("gives the same events however the log is cut into chunks", () => {
    const text = readFixture("linux-shell-failure");
    const whole = eventsInChunks(text, () => text.length);
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return 1 + (seed % 97);
    };
    expect(eventsInChunks(text, random)).toEqual(whole);
    expect(eventsInChunks(text, () => 1)).toEqual(whole);
  });

  it("holds a partial line back until it is complete, and flushes it at the end", () => {
    const analyzer = new LogAnalyzer();
    // A whole log, not an excerpt: output before any customizer is the builder's.
    analyzer.push("PACKER OUT ==> azure-arm: Running builder ...\n");
    expect(analyzer.push("PACKER OUT     azure-arm: Readi")).toEqual([]);
    expect(analyzer.push("ng package lists...\nPACKER OUT     azure-arm: Done")).toEqual([
      {
        kind: "line",
        text: "Reading package lists...",
        noise: false,
        source: "output",
        step: undefined,
      },
    ]);
    expect(analyzer.end()).toEqual([
      { kind: "line", text: "Done", noise: false, source: "output", step: undefined },
    ]);
  });

  it("marks customizer boundaries and tells output from Packer's noise", () => {
    const analyzer = new LogAnalyzer(CUSTOMIZERS["linux-shell-failure"]);
    const events = [...analyzer.push(readFixture("linux-shell-failure")), ...analyzer.end()];
    const boundaries = events
      .filter((e) => e.kind !== "line")
      .map((e) =>
        e.kind === "step-end" ? `end ${e.step.index} ${e.status}` : `start ${e.step.index}`,
      );
    expect(boundaries).toEqual([
      "start 0",
      "end 0 succeeded",
      "start 1",
      "end 1 succeeded",
      "start 2",
      "end 2 failed",
    ]);
    const line = (text: string) =>
      events.find(
        (e): e is Extract<LogEvent, { kind: "line" }> => e.kind === "line" && e.text === text,
      );
    expect(line("E: Unable to locate package azure-clii")).toMatchObject({
      noise: false,
      source: "packer",
      step: { index: 2, sourceFile: "scripts/install-tools.sh" },
    });
    expect(line("+ apt-get update")).toMatchObject({ noise: false, source: "output" });
    expect(line("[INFO] RPC client: Communicator ended with: 100")).toMatchObject({ noise: true });
  });

  it("blames the customizer whose end older Packer logged before its cleanup and verdict", () => {
    const analyzer = new LogAnalyzer();
    analyzer.push(
      [
        "PACKER OUT ==> azure-arm: Running builder ...",
        "PACKER ERR 2026/11/23 00:00:00 [INFO] (telemetry) Starting provisioner shell",
        "PACKER OUT     azure-arm: chmod: cannot access '/opt/app': No such file or directory",
        "PACKER ERR 2026/11/23 00:00:01 [INFO] (telemetry) ending shell",
        "PACKER OUT ==> azure-arm: The resource group was not created by Packer, deleting individual resources ...",
        "PACKER OUT ==> azure-arm: Deleting individual resources ...",
        "PACKER OUT Build 'azure-arm' errored after 2 minutes: Script exited with non-zero exit status: 1",
        "",
      ].join("\n"),
    );
    analyzer.end();
    const { status, failure, timeline } = analyzer.result();
    expect(status).toBe("failed");
    expect(failure!.step).toMatchObject({ index: 0, type: "Shell" });
    expect(failure!.reason).toContain("No such file or directory");
    expect(timeline.map((e) => e.status)).toEqual(["failed"]);
  });

  it("keeps its excerpt bounded however long the failing script ran", () => {
    const analyzer = new LogAnalyzer();
    analyzer.push("PACKER ERR 2026/11/23 00:00:00 [INFO] (telemetry) Starting provisioner shell\n");
    for (let i = 0; i < 20000; i++) {
      analyzer.push(`PACKER OUT ==> azure-arm: error: retrying download ${i}\n`);
      analyzer.push(`PACKER OUT     azure-arm: progress ${i}\n`);
    }
    analyzer.push(
      "PACKER OUT ==> azure-arm: Script exited with non-zero exit status: 2. Allowed exit codes are: [0]\n",
    );
    analyzer.end();
    const { failure } = analyzer.result();
    expect(failure!.excerpt.length).toBeLessThanOrEqual(30);
    // The first explaining line is kept (often the root cause), and so are the last ones.
    expect(failure!.excerpt[0]).toBe("error: retrying download 0");
    expect(failure!.excerpt.at(-1)).toContain("non-zero exit status: 2");
  });

  it("reads a file as a stream with the same result as reading it at once", async () => {
    await expect(
      analyzeLogFile(fixturePath("timeout-deadline"), CUSTOMIZERS["timeout-deadline"]),
    ).resolves.toEqual(analyse("timeout-deadline"));
    await expect(analyzeLogFile(fixturePath("does-not-exist"))).rejects.toMatchObject({
      code: "ENOENT",
    });
  });
});
