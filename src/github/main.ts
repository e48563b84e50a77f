import { runBake, runCleanupPhase } from "../core/main.js";
import { GitHubHost } from "./host.js";

// action.yml runs this file twice: as the main step and as the post step (the safety net
// that cleans up after a killed main step). Saved state tells the two apart.
const host = new GitHubHost();
if (host.getState("phase") === "main") {
  await runCleanupPhase(host);
} else {
  host.saveState("phase", "main");
  await runBake(host);
}
