import { runBake } from "../core/main.js";
import { GitHubHost } from "./host.js";

await runBake(new GitHubHost());
