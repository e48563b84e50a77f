/**
 * The hand-written customization.log fixtures (test/fixtures/logs) and the customizers of the
 * template each build ran, as renderTemplate would describe them.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TemplateCustomizer } from "../../src/core/logs/log-analyzer.js";

export const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "fixtures",
  "logs",
);

export function fixturePath(name: string): string {
  return path.join(FIXTURES, `${name}.log.txt`);
}

export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), "utf8");
}

const script = (index: number, file: string): TemplateCustomizer => ({
  index,
  name: file,
  type: file.endsWith(".ps1") ? "PowerShell" : "Shell",
  sourceFile: file,
});

export const CUSTOMIZERS: Record<string, TemplateCustomizer[]> = {
  "linux-shell-failure": [
    {
      index: 0,
      name: "files: config/nginx/site.conf",
      type: "File",
      sourceFile: "config/nginx/site.conf",
    },
    script(1, "scripts/install-base.sh"),
    script(2, "scripts/install-tools.sh"),
    { index: 3, name: "inline-script", type: "Shell" },
  ],
  "windows-powershell-failure": [
    script(0, "scripts/windows/setup-iis.ps1"),
    script(1, "scripts/windows/install-agent.ps1"),
    { index: 2, type: "WindowsRestart" },
    { index: 3, type: "WindowsUpdate" },
  ],
  "windows-update-failure": [
    { index: 0, name: "inline-script", type: "PowerShell" },
    { index: 1, type: "WindowsUpdate" },
    { index: 2, type: "WindowsRestart" },
  ],
  "timeout-deadline": [
    script(0, "scripts/install-base.sh"),
    script(1, "scripts/install-cuda.sh"),
    script(2, "scripts/cleanup.sh"),
  ],
  "distribution-failure": [
    script(0, "scripts/install-base.sh"),
    { index: 1, name: "inline-script", type: "Shell" },
  ],
  "policy-violation": [script(0, "scripts/install-base.sh")],
  "deprovision-failure": [
    script(0, "scripts/harden.sh"),
    { index: 1, name: "inline-script", type: "Shell" },
  ],
  "windows-sysprep-failure": [
    script(0, "scripts/windows/remove-appx.ps1"),
    { index: 1, type: "WindowsRestart" },
  ],
  "success-several-customizers": [
    { index: 0, name: "files: config/app.env", type: "File", sourceFile: "config/app.env" },
    script(1, "scripts/install-base.sh"),
    script(2, "scripts/install-app.sh"),
    { index: 3, name: "inline-script", type: "Shell" },
  ],
};
