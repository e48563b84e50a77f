import { InputError, quote, ref } from "../errors.js";
import type { BakeInputs, OsType } from "../inputs/read-inputs.js";
import { osTypeOfSource, type ImageSource } from "../inputs/source.js";
import type { JsonObject } from "./template-file.js";
import { osTypeOfCustomizerType } from "./customizers.js";

interface Signal {
  os: OsType;
  input: string;
  because: string;
}

export function scriptOsType(relativePath: string): OsType | undefined {
  if (/\.(sh|bash)$/i.test(relativePath)) return "linux";
  if (/\.ps1$/i.test(relativePath)) return "windows";
  return undefined;
}

/**
 * Decides the OS from what the inputs say about it. An explicit os-type wins but must agree
 * with every other signal, since a .ps1 on Linux would only fail an hour into the build.
 */
export function decideOsType(
  inputs: BakeInputs,
  source: ImageSource | undefined,
  fileCustomizers: JsonObject[],
): OsType | undefined {
  const signals: Signal[] = [];
  for (const script of inputs.scripts) {
    const os = scriptOsType(script.relativePath);
    if (!os) {
      throw new InputError(
        "scripts",
        `${quote(script.relativePath)} has no known script extension. Use .sh or .bash (Shell, Linux) or .ps1 (PowerShell, Windows).`,
      );
    }
    signals.push({
      os,
      input: "scripts",
      because: `${quote(script.relativePath)} is a ${os === "linux" ? "shell" : "PowerShell"} script`,
    });
  }
  if (inputs.windowsUpdate)
    signals.push({
      os: "windows",
      input: "windows-update",
      because: `${ref("windows-update")} is true`,
    });
  if (inputs.windowsRestart)
    signals.push({
      os: "windows",
      input: "windows-restart",
      because: `${ref("windows-restart")} is true`,
    });
  for (const [i, c] of fileCustomizers.entries()) {
    const os = osTypeOfCustomizerType(c.type);
    if (os)
      signals.push({
        os,
        input: "template-file",
        because: `customizer ${i + 1} of the template file is of type ${c.type as string}`,
      });
  }
  for (const f of inputs.files) {
    const os: OsType = f.destination.startsWith("/") ? "linux" : "windows";
    signals.push({
      os,
      input: "files",
      because: `the destination ${quote(f.destination)} is a ${os === "linux" ? "Linux" : "Windows"} path`,
    });
  }
  const fromSource = source ? osTypeOfSource(source) : undefined;
  if (fromSource)
    signals.push({
      os: fromSource,
      input: "source",
      because: `the source image is ${fromSource === "windows" ? "a Windows" : "a Linux"} image`,
    });

  if (inputs.osType) {
    const clash = signals.find((s) => s.os !== inputs.osType);
    if (clash) {
      throw new InputError(
        clash.input,
        `${clash.because}, but ${ref("os-type")} is ${inputs.osType}. Make them agree.`,
      );
    }
    return inputs.osType;
  }
  const first = signals[0];
  if (!first) return undefined;
  const clash = signals.find((s) => s.os !== first.os);
  if (clash) {
    throw new InputError(
      clash.input,
      `${clash.because}, but ${first.because}. One image has one OS: make them agree, or set ${ref("os-type")}.`,
    );
  }
  return first.os;
}
