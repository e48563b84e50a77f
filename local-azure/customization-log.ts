/**
 * customization.log as Image Builder writes it into the staging account: every line prefixed
 * with the run's operation id; Packer's UI output as `PACKER OUT`, its timestamped log (where the
 * `(telemetry) Starting provisioner <type>` / `ending <type>` markers live) as `PACKER ERR`.
 * Script output is indented `    azure-arm: `, Packer's own messages and script stderr `==> azure-arm: `.
 */
export type ProvisionerType =
  "shell" | "powershell" | "file" | "windows-restart" | "windows-update";

export class CustomizationLog {
  private pending: string[] = [];
  private readonly started = Date.now();

  /**
   * `served`: a real log to write instead of the simulated one (Scenario.servedLog), whole, at
   * the first flush; the simulation's own lines are then dropped.
   */
  constructor(
    private readonly operationId: string,
    private served?: string,
  ) {}

  /** Lines written since the last take(), each ending in a newline. */
  take(): string {
    if (this.served !== undefined) {
      const text = this.served;
      this.served = "";
      return text;
    }
    const text = this.pending.map((l) => `${l}\n`).join("");
    this.pending = [];
    return text;
  }

  private line(text: string): void {
    if (this.served === undefined) this.pending.push(`[${this.operationId}] ${text}`);
  }

  out(text: string): void {
    this.line(`PACKER OUT ${text}`);
  }

  say(text: string): void {
    this.out(`==> azure-arm: ${text}`);
  }

  message(text: string): void {
    this.out(`    azure-arm: ${text}`);
  }

  err(text: string): void {
    this.line(`PACKER ERR ${packerTimestamp()} ${text}`);
  }

  /** A line the service writes itself, outside Packer. */
  service(text: string): void {
    this.line(text);
  }

  elapsed(): string {
    const s = Math.max(1, Math.round((Date.now() - this.started) / 1000));
    const m = Math.floor(s / 60);
    return m > 0
      ? `${m} minute${m === 1 ? "" : "s"} ${s % 60} seconds`
      : `${s} second${s === 1 ? "" : "s"}`;
  }

  builderStart(stagingResourceGroup: string, os: "Linux" | "Windows"): void {
    this.out("azure-arm: output will be in this color.");
    this.out("");
    this.say("Running builder ...");
    this.say("Getting tokens using Managed Identity for Azure");
    this.message("Creating Azure Resource Manager (ARM) client ...");
    this.say(`Using existing resource group ...`);
    this.say(` -> ResourceGroupName : '${stagingResourceGroup}'`);
    this.say(` -> Location          : 'westus2'`);
    this.say("Validating deployment template ...");
    this.say("Deploying deployment template ...");
    this.say(" -> DeploymentName    : 'pkrdp" + this.operationId.slice(0, 8) + "'");
    this.say("Getting the VM's IP address ...");
    if (os === "Linux") {
      this.say("Waiting for SSH to become available...");
      this.say("Connected to SSH!");
    } else {
      this.say("Waiting for WinRM to become available...");
      this.message("WinRM connected.");
      this.say("Connected to WinRM!");
    }
  }

  provisionerStart(type: ProvisionerType, detail: string): void {
    this.err(`[INFO] (telemetry) Starting provisioner ${type}`);
    switch (type) {
      case "shell":
        this.say(`Provisioning with shell script: ${detail}`);
        break;
      case "powershell":
        this.say(`Provisioning with powershell script: ${detail}`);
        break;
      case "file":
        this.say(`Uploading ${detail}`);
        break;
      case "windows-restart":
        this.say("Restarting Machine");
        break;
      case "windows-update":
        this.say("Uploading the Windows update elevated script...");
        break;
    }
  }

  scriptOutput(lines: string[]): void {
    for (const l of lines) this.message(l);
  }

  /** stderr of a shell script, or PowerShell's error stream in its own layout. */
  scriptErrors(type: ProvisionerType, lines: string[], scriptPath: string): void {
    if (type === "powershell") {
      for (const l of lines) {
        this.say(`${l}`);
        this.say(`At ${scriptPath}:1 char:1`);
        this.say(`+ ${l.slice(0, 60)}`);
        this.say(`+ ${"~".repeat(Math.min(60, Math.max(1, l.length)))}`);
        this.say(
          "    + CategoryInfo          : NotSpecified: (:) [Write-Error], WriteErrorException",
        );
        this.say("    + FullyQualifiedErrorId : Microsoft.PowerShell.Commands.WriteErrorException");
      }
    } else {
      for (const l of lines) this.say(l);
    }
  }

  provisionerEnd(type: ProvisionerType): void {
    this.err(`[INFO] (telemetry) ending ${type}`);
  }

  scriptFailed(exitCode: number): string {
    const reason = `Script exited with non-zero exit status: ${exitCode}. Allowed exit codes are: [0]`;
    this.say(reason);
    return reason;
  }

  deprovision(os: "Linux" | "Windows"): void {
    if (os === "Linux") {
      const cmd = "sudo /usr/sbin/waagent -force -deprovision+user && export HISTSIZE=0 && sync";
      this.err("[INFO] (telemetry) Starting provisioner shell");
      this.say(`Provisioning with shell script: /tmp/packer-shell-deprovision`);
      this.message(`+ ${cmd}`);
      this.message("WARNING! The waagent service will be stopped.");
      this.message("WARNING! Cached DHCP leases will be deleted.");
      this.message(
        "WARNING! root password will be disabled. You will not be able to login as root.",
      );
      this.message("WARNING! /etc/resolv.conf will be deleted.");
      this.message("WARNING! packer account and entire home directory will be deleted.");
      this.err("[INFO] (telemetry) ending shell");
    } else {
      this.err("[INFO] (telemetry) Starting provisioner powershell");
      this.say("Provisioning with powershell script: C:\\DeprovisioningScript.ps1");
      this.message(
        "& $env:SystemRoot\\System32\\Sysprep\\Sysprep.exe /oobe /generalize /quiet /quit /mode:vm",
      );
      this.message("IMAGE_STATE_UNDEPLOYABLE");
      this.message("IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE");
      this.message("IMAGE_STATE_COMPLETE");
      this.err("[INFO] (telemetry) ending powershell");
    }
  }

  capture(os: "Linux" | "Windows"): void {
    this.say("Querying the machine's properties ...");
    if (os === "Windows") this.say("Querying the machine's additional properties ...");
    this.say("Powering off machine ...");
    this.say("Generalizing machine ...");
    this.say("Capturing image ...");
    this.say("Deleting individual resources ...");
  }

  buildSucceeded(artifacts: string[]): void {
    this.out(`Build 'azure-arm' finished after ${this.elapsed()}.`);
    this.out("");
    this.out(`==> Wait completed after ${this.elapsed()}`);
    this.out("");
    this.out("==> Builds finished. The artifacts of successful builds are:");
    this.out("--> azure-arm: Azure.ResourceManagement.VMImage:");
    for (const a of artifacts) this.out(a);
    this.out("");
    this.line("PACKER END");
  }

  buildFailed(reason: string): void {
    this.say("Provisioning step had errors: Running the cleanup provisioner, if present...");
    this.say("Deleting individual resources ...");
    this.say("Deleting Virtual Machine deployment and its attached resources...");
    this.out(`Build 'azure-arm' errored after ${this.elapsed()}: ${reason}`);
    this.out("");
    this.out(`==> Wait completed after ${this.elapsed()}`);
    this.out("");
    this.out("==> Some builds didn't complete successfully and had errors:");
    this.out(`--> azure-arm: ${reason}`);
    this.out("");
    this.out("==> Builds finished but no artifacts were created.");
    this.line("PACKER END");
  }

  cancelled(): void {
    this.err("Cancelling build after receiving terminated");
    this.say("Build was cancelled.");
    this.out(`Build 'azure-arm' errored after ${this.elapsed()}: Build was cancelled.`);
    this.out("==> Builds finished but no artifacts were created.");
    this.line("PACKER END");
  }
}

function packerTimestamp(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

export function provisionerType(customizerType: string): ProvisionerType {
  switch (customizerType) {
    case "PowerShell":
      return "powershell";
    case "File":
      return "file";
    case "WindowsRestart":
      return "windows-restart";
    case "WindowsUpdate":
      return "windows-update";
    default:
      return "shell";
  }
}
