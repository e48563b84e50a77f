import {
  AzureCliCredential,
  AzurePipelinesCredential,
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  EnvironmentCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
  type TokenCredential,
} from "@azure/identity";
import type { AccessToken, GetTokenOptions } from "@azure/core-auth";
import type { HttpClient } from "@azure/core-rest-pipeline";
import type { Authentication } from "../host.js";
import type { Cloud } from "./clouds.js";

/** The audience GitHub's OIDC tokens must carry for Entra ID's token exchange in each cloud. */
export function federatedAudience(cloud: Cloud): string {
  if (cloud.name === "AzureUSGovernment") return "api://AzureADTokenExchangeUSGov";
  if (cloud.name === "AzureChinaCloud") return "api://AzureADTokenExchangeChina";
  return "api://AzureADTokenExchange";
}

export function createCredential(
  auth: Authentication,
  cloud: Cloud,
  mask: (secret: string) => void,
  httpClient: HttpClient,
): TokenCredential {
  // Outside the public clouds there is no instance discovery endpoint to ask, and asking
  // the public one would leave the cloud the pipeline runs in. Token requests go through the
  // run's retrying client; the credentials' own retries would only repeat its work.
  const options = {
    authorityHost: cloud.authorityHost,
    disableInstanceDiscovery: cloud.name === "custom",
    httpClient,
    retryOptions: { maxRetries: 0 },
  };
  let credential: TokenCredential;
  switch (auth.kind) {
    case "federated": {
      const audience = federatedAudience(cloud);
      credential = new ClientAssertionCredential(
        auth.tenantId,
        auth.clientId,
        async () => {
          const assertion = await auth.getAssertion(audience);
          mask(assertion);
          return assertion;
        },
        options,
      );
      break;
    }
    case "azure-pipelines":
      mask(auth.systemAccessToken);
      credential = new AzurePipelinesCredential(
        auth.tenantId,
        auth.clientId,
        auth.serviceConnectionId,
        auth.systemAccessToken,
        options,
      );
      break;
    case "client-secret":
      mask(auth.clientSecret);
      credential = new ClientSecretCredential(
        auth.tenantId,
        auth.clientId,
        auth.clientSecret,
        options,
      );
      break;
    case "client-certificate":
      mask(auth.certificatePem);
      credential = new ClientCertificateCredential(
        auth.tenantId,
        auth.clientId,
        { certificate: auth.certificatePem },
        options,
      );
      break;
    case "managed-identity":
      credential = auth.clientId
        ? new ManagedIdentityCredential({ clientId: auth.clientId })
        : new ManagedIdentityCredential();
      break;
    case "azure-cli":
      credential = new AzureCliCredential();
      break;
    case "environment":
      credential = process.env.AZURE_FEDERATED_TOKEN_FILE
        ? new WorkloadIdentityCredential(options)
        : new EnvironmentCredential(options);
      break;
  }
  return new MaskingCredential(credential, mask);
}

/** Registers every token as a secret the moment it exists, so no log can show it. */
class MaskingCredential implements TokenCredential {
  constructor(
    private readonly inner: TokenCredential,
    private readonly mask: (secret: string) => void,
  ) {}

  async getToken(
    scopes: string | string[],
    options?: GetTokenOptions,
  ): Promise<AccessToken | null> {
    const token = await this.inner.getToken(scopes, options);
    if (token) this.mask(token.token);
    return token;
  }
}

/** The subscription of the az session an azure/login step left, when none is given. */
export async function subscriptionFromAzureCli(): Promise<string | undefined> {
  const { execFile } = await import("node:child_process");
  return new Promise((resolve) => {
    execFile(
      "az",
      ["account", "show", "--query", "id", "--output", "tsv"],
      { timeout: 30_000 },
      (error, stdout) => {
        resolve(error ? undefined : stdout.trim() || undefined);
      },
    );
  });
}
