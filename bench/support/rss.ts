import { readFileSync } from "node:fs";

/**
 * This process's peak resident set size, in MB. Linux: VmHWM of /proc/self/status, which
 * starts afresh at exec; getrusage's maxRSS would carry over the peak of the parent that
 * spawned this process. Elsewhere, maxRSS.
 */
export function peakRssMb(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    if (hwm) return Number(hwm) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}
