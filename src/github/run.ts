import { runBake, runCleanupPhase } from "../core/main.js";
import { GitHubHost } from "./host.js";

/**
 * The action, as a function: action.yml runs main.ts, which calls this, twice: as the main
 * step and as the post step (the safety net that cleans up after a killed main step). Saved
 * state tells the two apart. Exported so that GitHub's local runner (`@github/local-action`)
 * can run the action from source.
 */
export async function run(): Promise<void> {
  const host = new GitHubHost();
  if (host.getState("phase") === "main") {
    await runCleanupPhase(host);
  } else {
    host.saveState("phase", "main");
    await runBake(host);
  }
}
