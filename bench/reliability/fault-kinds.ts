/**
 * The fault kinds of the reliability run: each is a scenario for one local Azure (fault rules,
 * token lifetimes, a short timeline) and, for bursts, rules added as each build starts.
 */
import type { FaultRule, Scenario } from "../../local-azure/scenario.js";

export interface FaultKind {
  name: string;
  /** What the kind does, for the report. */
  description: string;
  scenario: () => Partial<Scenario>;
  /** Rules added to the running scenario as a build starts (bursts). */
  perBuild?: () => FaultRule[];
}

/** A short build: every phase of the simulated service in tens of milliseconds. */
export const SHORT_TIMELINE: Scenario["timeline"] = {
  provisionMs: 100,
  deleteMs: 80,
  queuedMs: 80,
  buildingMs: 100,
  customizerMs: 100,
  optimizingMs: 60,
  validatingMs: 60,
  distributingMs: 100,
  cancelMs: 100,
  logFlushMs: 80,
};

const base = (over: Partial<Scenario> = {}): Partial<Scenario> => ({
  timeline: SHORT_TIMELINE,
  templateGetRetryAfterMs: 100,
  ...over,
});

/** Azure's 5xx answers, spread so that the total chance per request is `total`. */
function fiveHundreds(total: number, target: FaultRule["target"]): FaultRule[] {
  return [500, 502, 503, 504].map((status) => ({
    name: `${status} (${target})`,
    target,
    status,
    probability: total / 4,
  }));
}

const between = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1));

export const FAULT_KINDS: FaultKind[] = [
  {
    name: "5xx 10%",
    description:
      "10 % of ARM, token and storage requests answer 500/502/503/504; POST run and PUT template sometimes answer 504 after the service acted",
    scenario: () =>
      base({
        faults: [
          {
            name: "504 after run started",
            target: "arm",
            method: "POST",
            path: /\/run$/,
            status: 504,
            afterHandling: true,
            probability: 0.2,
          },
          {
            name: "504 after template created",
            target: "arm",
            method: "PUT",
            path: "/imageTemplates/",
            status: 504,
            afterHandling: true,
            probability: 0.1,
          },
          ...fiveHundreds(0.1, "arm"),
          ...fiveHundreds(0.1, "entra"),
          ...fiveHundreds(0.1, "storage"),
        ],
      }),
  },
  {
    name: "429 Retry-After",
    description: "a burst of 3-5 429s with Retry-After: 1 on ARM or storage as each build starts",
    scenario: () => base({ faults: [] }),
    perBuild: () => [
      {
        name: "429 burst with Retry-After",
        target: Math.random() < 0.6 ? "arm" : "storage",
        status: 429,
        retryAfterSeconds: 1,
        skip: between(0, 20),
        count: between(3, 5),
      },
    ],
  },
  {
    name: "429 no Retry-After",
    description: "a burst of 3-5 429s without Retry-After on ARM or storage as each build starts",
    scenario: () => base({ faults: [] }),
    perBuild: () => [
      {
        name: "429 burst without Retry-After",
        target: Math.random() < 0.6 ? "arm" : "storage",
        status: 429,
        skip: between(0, 20),
        count: between(3, 5),
      },
    ],
  },
  {
    name: "connection resets",
    description:
      "5 % of ARM, token and storage connections reset before an answer; POST run and PUT template lose their answer after the service acted (30 %)",
    scenario: () =>
      base({
        faults: [
          {
            name: "reset after run started",
            target: "arm",
            method: "POST",
            path: /\/run$/,
            reset: true,
            afterHandling: true,
            probability: 0.3,
          },
          {
            name: "reset after template created",
            target: "arm",
            method: "PUT",
            path: "/imageTemplates/",
            reset: true,
            afterHandling: true,
            probability: 0.3,
          },
          { name: "reset (arm)", target: "arm", reset: true, probability: 0.05 },
          { name: "reset (entra)", target: "entra", reset: true, probability: 0.05 },
          { name: "reset (storage)", target: "storage", reset: true, probability: 0.05 },
        ],
      }),
  },
  {
    name: "slow operations",
    description: "15 % of requests on every surface take 1-3 s longer",
    scenario: () =>
      base({
        faults: [
          { name: "slow 1 s", target: "any", latencyMs: 1000, probability: 0.1 },
          { name: "slow 3 s", target: "any", latencyMs: 3000, probability: 0.05 },
        ],
      }),
  },
  {
    name: "token expiry",
    description:
      "access tokens live 3 s and federated assertions 3 s, so every token and assertion expires mid-build",
    scenario: () =>
      base({
        tokenLifetimeSeconds: 3,
        oidcTokenLifetimeSeconds: 3,
        faults: [],
        // A build long enough for several lifetimes.
        timeline: { ...SHORT_TIMELINE, customizerMs: 2500, distributingMs: 1500 },
      }),
  },
  {
    name: "storage upload errors",
    description: "30 % of blob uploads answer 500/503, 10 % reset",
    scenario: () =>
      base({
        faults: [
          {
            name: "upload reset",
            target: "storage",
            method: "PUT",
            path: "/bake-staging/",
            reset: true,
            probability: 0.1,
          },
          {
            name: "upload 503",
            target: "storage",
            method: "PUT",
            path: "/bake-staging/",
            status: 503,
            probability: 0.15,
          },
          {
            name: "upload 500",
            target: "storage",
            method: "PUT",
            path: "/bake-staging/",
            status: 500,
            probability: 0.15,
          },
        ],
      }),
  },
  {
    name: "log tail errors",
    description: "30 % of customization.log reads answer 500/503, 10 % reset",
    scenario: () =>
      base({
        faults: [
          {
            name: "log read reset",
            target: "storage",
            path: "/packerlogs/",
            reset: true,
            probability: 0.1,
          },
          {
            name: "log read 503",
            target: "storage",
            path: "/packerlogs/",
            status: 503,
            probability: 0.15,
          },
          {
            name: "log read 500",
            target: "storage",
            path: "/packerlogs/",
            status: 500,
            probability: 0.15,
          },
        ],
        timeline: { ...SHORT_TIMELINE, customizerMs: 600 },
      }),
  },
];
