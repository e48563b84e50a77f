import { InputError, quote, ref } from "../errors.js";
import { parseBoolean, parseInteger, parseLines, parseList } from "./values.js";

type Get = (name: string) => string | undefined;

export interface PowerShellSettings {
  runElevated: boolean;
  runAsSystem: boolean;
  /** Undefined leaves Image Builder's default (0 only). */
  validExitCodes?: number[];
}

export interface WindowsUpdateSettings {
  filters?: string[];
  updateLimit?: number;
}

export interface WindowsRestartSettings {
  restartCheckCommand?: string;
  restartTimeout?: string;
}

/** Image Builder takes an int32 per exit code. */
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
/** Packer's duration syntax (Go's time.ParseDuration), which Image Builder passes on: 5m, 1h30m. */
const DURATION = /^(\d+(\.\d+)?(h|m|s|ms|us|µs|ns))+$/;

export function readPowerShellSettings(get: Get): PowerShellSettings {
  const runElevated = parseBoolean("run-elevated", get("run-elevated"), true);
  const runAsSystem = parseBoolean("run-as-system", get("run-as-system"), true);
  if (runAsSystem && !runElevated) {
    throw new InputError(
      "run-as-system",
      `is true, and Image Builder runs PowerShell as the local system account only when it runs elevated, but ${ref("run-elevated")} is false. Set ${ref("run-as-system")} to false as well, or ${ref("run-elevated")} to true.`,
    );
  }
  const codes = parseList(get("valid-exit-codes")).map((raw) => {
    const code = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(code) || code < INT32_MIN || code > INT32_MAX) {
      throw new InputError(
        "valid-exit-codes",
        `${quote(raw)} is not an exit code. Give whole numbers, comma- or line-separated, e.g. 0,3010.`,
      );
    }
    return code;
  });
  return {
    runElevated,
    runAsSystem,
    validExitCodes: codes.length ? [...new Set(codes)] : undefined,
  };
}

export function readWindowsUpdateSettings(get: Get, windowsUpdate: boolean): WindowsUpdateSettings {
  const filters = parseLines(get("windows-update-filters"));
  const updateLimit = parseInteger("windows-update-limit", get("windows-update-limit"), {
    min: 1,
    max: 1000,
    unit: "updates",
  });
  for (const [input, given] of [
    ["windows-update-filters", filters.length > 0],
    ["windows-update-limit", updateLimit !== undefined],
  ] as const) {
    if (given && !windowsUpdate) throw needsStep(input, "windows-update", "Windows Update");
  }
  return { filters: filters.length ? filters : undefined, updateLimit };
}

export function readWindowsRestartSettings(
  get: Get,
  windowsRestart: boolean,
): WindowsRestartSettings {
  const restartCheckCommand = get("restart-check-command");
  const restartTimeout = get("restart-timeout");
  if (
    restartTimeout !== undefined &&
    (!DURATION.test(restartTimeout) || !/[1-9]/.test(restartTimeout))
  ) {
    throw new InputError(
      "restart-timeout",
      `${quote(restartTimeout)} is not a duration. Use a number and a unit, e.g. 10m, 1h or 1h30m.`,
    );
  }
  for (const [input, given] of [
    ["restart-check-command", restartCheckCommand !== undefined],
    ["restart-timeout", restartTimeout !== undefined],
  ] as const) {
    if (given && !windowsRestart) throw needsStep(input, "windows-restart", "Windows restart");
  }
  return { restartCheckCommand, restartTimeout };
}

function needsStep(input: string, stepInput: string, step: string): InputError {
  return new InputError(
    input,
    `applies to the ${step} step that ${ref(stepInput)} adds, and ${ref(stepInput)} is false. Set ${ref(stepInput)} to true, or remove ${ref(input)}.`,
  );
}

/**
 * The Windows-only inputs given: for the two booleans, a value other than the default, since
 * the hosts pass the default when nothing is given.
 */
export function windowsOnlyInputsGiven(settings: {
  powerShell: PowerShellSettings;
  windowsUpdateSettings: WindowsUpdateSettings;
  windowsRestartSettings: WindowsRestartSettings;
}): string[] {
  const { powerShell, windowsUpdateSettings: update, windowsRestartSettings: restart } = settings;
  const given: Array<[string, boolean]> = [
    ["run-elevated", !powerShell.runElevated],
    ["run-as-system", !powerShell.runAsSystem],
    ["valid-exit-codes", powerShell.validExitCodes !== undefined],
    ["windows-update-filters", update.filters !== undefined],
    ["windows-update-limit", update.updateLimit !== undefined],
    ["restart-check-command", restart.restartCheckCommand !== undefined],
    ["restart-timeout", restart.restartTimeout !== undefined],
  ];
  return given.filter(([, isGiven]) => isGiven).map(([name]) => name);
}
