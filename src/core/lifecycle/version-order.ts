/** Dotted versions compared number by number, as the Compute API and galleries order them. */
export function compareVersions(a: string, b: string): number {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The highest of the versions, or undefined when there are none. */
export function highest<T>(items: T[], version: (item: T) => string): T | undefined {
  return items.reduce<T | undefined>(
    (best, item) =>
      best === undefined || compareVersions(version(item), version(best)) > 0 ? item : best,
    undefined,
  );
}

/** A region as Azure compares them: "West Europe" and "westeurope" are the same. */
export function regionKey(name: string): string {
  return name.replace(/\s+/g, "").toLowerCase();
}
