import { parseLogLine } from "../../src/core/logs/log-line.js";

const OPID = "[0e4d7f3a-5b1c-4f0e-9a8d-2c6b1e7f9a01]";

describe("parseLogLine", () => {
  it("reads script output, with or without the operation id", () => {
    for (const raw of [
      `${OPID} PACKER OUT     azure-arm: Setting up nginx (1.18.0-6ubuntu14.4) ...`,
      "PACKER OUT     azure-arm: Setting up nginx (1.18.0-6ubuntu14.4) ...",
      `${OPID} PACKER OUT     azure-arm: Setting up nginx (1.18.0-6ubuntu14.4) ...\r`,
    ]) {
      expect(parseLogLine(raw)).toEqual({
        source: "output",
        kind: "text",
        text: "Setting up nginx (1.18.0-6ubuntu14.4) ...",
      });
    }
  });

  it("tells Packer's messages and scripts' stderr from its result lines", () => {
    expect(
      parseLogLine(`${OPID} PACKER OUT ==> azure-arm: E: Unable to locate package x`),
    ).toMatchObject({
      source: "packer",
      text: "E: Unable to locate package x",
    });
    expect(
      parseLogLine(`${OPID} PACKER OUT ==> azure-arm.ubuntu: Connected to SSH!`),
    ).toMatchObject({
      source: "packer",
      text: "Connected to SSH!",
    });
    expect(
      parseLogLine(`${OPID} PACKER OUT ==> Builds finished but no artifacts were created.`),
    ).toMatchObject({
      source: "packer-result",
      text: "==> Builds finished but no artifacts were created.",
    });
    expect(parseLogLine(`${OPID} PACKER OUT     azure-arm:`)).toMatchObject({
      source: "output",
      text: "",
    });
    expect(parseLogLine(`${OPID} PACKER OUT `)).toMatchObject({
      source: "packer-result",
      text: "",
    });
  });

  it("reads the telemetry markers and their time from Packer's log", () => {
    expect(
      parseLogLine(
        `${OPID} PACKER ERR 2026/11/23 00:10:12 [INFO] (telemetry) Starting provisioner windows-update`,
      ),
    ).toEqual({
      source: "packer-log",
      kind: "provisioner-start",
      text: "[INFO] (telemetry) Starting provisioner windows-update",
      timestamp: "2026/11/23 00:10:12",
      provisioner: "windows-update",
    });
    expect(
      parseLogLine("PACKER ERR 2026/11/23 00:12:40 [INFO] (telemetry) ending shell"),
    ).toMatchObject({
      kind: "provisioner-end",
      provisioner: "shell",
      timestamp: "2026/11/23 00:12:40",
    });
  });

  it("keeps bracketed text that is not an operation id", () => {
    expect(parseLogLine("[INFO] something the service wrote")).toMatchObject({
      source: "service",
      text: "[INFO] something the service wrote",
    });
    expect(parseLogLine(`${OPID} PACKER END`)).toMatchObject({ kind: "packer-end" });
  });
  it("reads the newer plugin's single PACKER channel", () => {
    expect(
      parseLogLine(
        `${OPID} PACKER 2025/03/18 20:42:48 ui:     azure-arm: E: Could not open file x`,
      ),
    ).toMatchObject({ source: "output", text: "E: Could not open file x" });
    expect(
      parseLogLine(
        `${OPID} PACKER 2025/04/08 14:07:23 ui error: Cancelling build after receiving terminated`,
      ),
    ).toMatchObject({
      source: "packer-result",
      text: "Cancelling build after receiving terminated",
    });
    expect(
      parseLogLine(`${OPID} PACKER ==> azure-arm: Deleting individual resources ...`),
    ).toMatchObject({ source: "packer", text: "Deleting individual resources ..." });
    expect(
      parseLogLine(
        `${OPID} PACKER 2024/04/25 16:19:01 [INFO] (telemetry) Starting provisioner powershell`,
      ),
    ).toMatchObject({ source: "packer-log", kind: "provisioner-start", provisioner: "powershell" });
    expect(parseLogLine(`${OPID} PACKER 2023/09/14 19:01:18 ui:`)).toMatchObject({
      source: "packer-result",
      text: "",
    });
  });

  it("reads Packer's stderr (PACKER ERR without a time) as lines a person sees", () => {
    expect(parseLogLine("PACKER ERR * client_jwt will expire within 5 minutes")).toMatchObject({
      source: "packer-result",
      text: "* client_jwt will expire within 5 minutes",
    });
    expect(parseLogLine("PACKER ERR")).toMatchObject({ source: "packer-result", text: "" });
  });

  it("reads lines pasted with markdown around them or a placeholder for the id", () => {
    expect(
      parseLogLine(
        "**PACKER OUT     azure-arm: /tmp/DeprovisioningScript.sh: 1: waagent: not found**",
      ),
    ).toMatchObject({
      source: "output",
      text: "/tmp/DeprovisioningScript.sh: 1: waagent: not found**",
    });
    expect(parseLogLine(`\`${OPID} PACKER OUT ==> azure-arm: Error`)).toMatchObject({
      source: "packer",
      text: "Error",
    });
    expect(parseLogLine("[<log_id>] PACKER ==> Wait completed after 3 minutes")).toMatchObject({
      source: "packer-result",
      text: "==> Wait completed after 3 minutes",
    });
    // The service's own bracketed lines stay whole.
    expect(parseLogLine("[Distribute 0] Error getting Shared Gallery Image")).toMatchObject({
      source: "service",
      text: "[Distribute 0] Error getting Shared Gallery Image",
    });
    // An id whose `[` the paste lost.
    expect(
      parseLogLine("fddf68f1-6605-432d-9e8f-abf25c3f8059] PACKER OUT ==> azure-arm: Error"),
    ).toMatchObject({ source: "packer", text: "Error" });
    expect(parseLogLine("deadbeef] is not an id before a channel")).toMatchObject({
      source: "service",
      text: "deadbeef] is not an id before a channel",
    });
  });

  it("reads Packer's output as posted from a terminal, without Image Builder's channel", () => {
    expect(parseLogLine("==> azure-arm: ERROR: -> QuotaExceeded : Operation")).toMatchObject({
      source: "packer",
      text: "ERROR: -> QuotaExceeded : Operation",
    });
    expect(parseLogLine("==> azure-arm.sig-ubuntu: Deleting resource group ...")).toMatchObject({
      source: "packer",
      text: "Deleting resource group ...",
    });
    expect(parseLogLine("azure-arm: resources.DeploymentsClient#CreateOrUpdate")).toMatchObject({
      source: "packer",
      text: "resources.DeploymentsClient#CreateOrUpdate",
    });
    expect(parseLogLine("Build 'azure-arm' errored: unexpected EOF")).toMatchObject({
      source: "packer-result",
      text: "Build 'azure-arm' errored: unexpected EOF",
    });
    expect(parseLogLine("--> azure-arm: unexpected EOF")).toMatchObject({
      source: "packer-result",
      text: "--> azure-arm: unexpected EOF",
    });
    // PACKER_LOG's lines: the interface's as a person sees them, the rest as Packer's log.
    expect(
      parseLogLine("2018/02/12 07:45:24 ui error: ==> azure-arm: resources.GroupsClient"),
    ).toMatchObject({
      source: "packer",
      text: "resources.GroupsClient",
      timestamp: "2018/02/12 07:45:24",
    });
    expect(parseLogLine("2018/02/12 07:45:24 Builds completed.")).toMatchObject({
      source: "packer-log",
      text: "Builds completed.",
    });
    // Image Builder's own lines stay its own.
    expect(parseLogLine("Downloading external file (x) to local file (y)")).toMatchObject({
      source: "service",
    });
  });
});
