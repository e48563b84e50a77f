import type { Authentication } from "./host.js";

/**
 * The sign-in a terminal or a runner without an explicit identity falls back to: a service
 * principal or workload identity described by AZURE_* variables, else the az CLI's session.
 */
export function authenticationFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
): Authentication {
  const hasSecret =
    env.AZURE_CLIENT_SECRET || env.AZURE_CLIENT_CERTIFICATE_PATH || env.AZURE_FEDERATED_TOKEN_FILE;
  return env.AZURE_CLIENT_ID && env.AZURE_TENANT_ID && hasSecret
    ? { kind: "environment" }
    : { kind: "azure-cli" };
}
