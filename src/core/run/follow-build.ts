import type { Host } from "../host.js";
import type { ResourceManager } from "../azure/arm.js";
import { LogAnalyzer, type LogAnalysis } from "../logs/log-analyzer.js";
import type { TemplateCustomizer } from "../template/template-customizer.js";
import { BuildLogEcho } from "./build-log-echo.js";
import { BuildLogTail } from "./build-log-tail.js";
import type { ImageTemplateClient, RunStatus, TemplateSnapshot } from "./image-template-client.js";
import { Nudge, PollSchedule, waitForBuild } from "./wait-for-build.js";
import { sleep } from "./waiting.js";

/** How often the build log (storage, not Resource Manager) is read while the build runs. */
const LOG_INTERVAL_MS = 10_000;
/** Template polls while the log shows customizers running and will tell when that ends. */
const QUIET_CEILING_MS = 90_000;
/** Template polls when only Resource Manager can tell the build ended (distribution, no log). */
const WATCHFUL_CEILING_MS = 30_000;

export interface FollowOptions {
  host: Host;
  arm: ResourceManager;
  client: ImageTemplateClient;
  customizers: TemplateCustomizer[];
  logLevel: "quiet" | "normal" | "verbose";
  deadline: number;
  signal: AbortSignal;
  /** The Retry-After of the run's acceptance: the first look at the template waits it out. */
  firstPollAfterMs?: number;
  onChange(status: RunStatus): void;
}

export interface FollowedBuild {
  final: TemplateSnapshot;
  analysis: LogAnalysis;
  logUrl: string | undefined;
}

/**
 * Waits for the build while following its log: the log streams into the job log, and what it
 * shows decides how often Resource Manager is asked. While customizers run the template is
 * polled rarely; when the log shows the build moving on (Packer done, a failure, distribution
 * finished) it is polled at once.
 */
export async function followBuild(options: FollowOptions): Promise<FollowedBuild> {
  const { host, arm, client, signal } = options;
  const echo = new BuildLogEcho(host, options.logLevel);
  const analyzer = new LogAnalyzer(options.customizers);
  const schedule = new PollSchedule(250, WATCHFUL_CEILING_MS, 2);
  const nudge = new Nudge();
  let milestone = analyzer.milestone;
  let logReadable = true;
  const tail = new BuildLogTail(
    arm,
    arm.credential,
    (text) => {
      echo.show(analyzer.push(text));
      schedule.setCeiling(
        analyzer.customizing && logReadable ? QUIET_CEILING_MS : WATCHFUL_CEILING_MS,
      );
      if (analyzer.milestone !== milestone) {
        milestone = analyzer.milestone;
        nudge.fire();
      }
    },
    (problem) => {
      if (problem.kind === "forbidden") {
        logReadable = false;
        schedule.setCeiling(WATCHFUL_CEILING_MS);
      }
      echo.onProblem(problem);
    },
  );
  let stagingResourceGroup: string | undefined;
  const stopFollowing = new AbortController();
  const following = (async () => {
    const until = AbortSignal.any([signal, stopFollowing.signal]);
    while (!until.aborted) {
      await sleep(LOG_INTERVAL_MS, until).catch(() => undefined);
      if (!until.aborted) await tail.poll(stagingResourceGroup, signal);
    }
  })();
  let final: TemplateSnapshot;
  try {
    final = await waitForBuild(client, {
      deadline: options.deadline,
      signal,
      firstPollAfterMs: options.firstPollAfterMs,
      schedule,
      nudge,
      onChange: (status) => {
        echo.pause();
        options.onChange(status);
      },
      onPoll: (snapshot) => {
        stagingResourceGroup = snapshot.template.exactStagingResourceGroup;
        return tail.poll(stagingResourceGroup, signal);
      },
    });
  } finally {
    stopFollowing.abort();
    await following;
    echo.close();
  }
  await tail.drain(final.template.exactStagingResourceGroup, signal);
  echo.show(analyzer.end());
  echo.close();
  return { final, analysis: analyzer.result(), logUrl: tail.url };
}
