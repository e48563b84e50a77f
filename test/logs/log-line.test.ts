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
});
