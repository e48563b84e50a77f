import { runBake } from "../core/main.js";
import { AdoHost } from "./host.js";

await runBake(new AdoHost());
