/** Start+stop time of the local Azure harness: `npx tsx bench/emulator-startup.ts [rounds]`. */
import { startLocalAzure } from "../local-azure/harness.js";

const rounds = Number(process.argv[2] ?? 5);
const results: Array<{ start: number; stop: number }> = [];
for (let i = 0; i < rounds; i++) {
  const t0 = performance.now();
  const az = await startLocalAzure();
  const t1 = performance.now();
  await az.stop();
  results.push({ start: t1 - t0, stop: performance.now() - t1 });
}
for (const [i, r] of results.entries()) {
  process.stdout.write(
    `round ${i + 1}: start ${r.start.toFixed(0)} ms, stop ${r.stop.toFixed(0)} ms, total ${(r.start + r.stop).toFixed(0)} ms\n`,
  );
}
