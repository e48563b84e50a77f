import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { AsyncOperations } from "./async-operations.js";
import { startAzurite, type RunningAzurite } from "./azurite.js";
import { CloudState, type GallerySecurityType, type ManagedIdentity } from "./cloud-state.js";
import { SpecConformance, type ConformanceViolation } from "./conformance.js";
import { Entra, type AppRegistration } from "./entra.js";
import { FaultInjector } from "./faults.js";
import { IssuedSecrets } from "./issued-secrets.js";
import { FrontDoor } from "./front-door.js";
import { ImageTemplatesProvider } from "./image-templates.js";
import { JwtSigner, decodeJwt } from "./jwt.js";
import {
  FEDERATED_AUDIENCE,
  OidcSources,
  type AdoOidcConfig,
  type GitHubOidcConfig,
} from "./oidc-sources.js";
import type { LoggedRequest } from "./request-log.js";
import { makeScenario, type Scenario } from "./scenario.js";
import { OtherResources } from "./storage-accounts.js";
import { AuthorizationProvider } from "./authorization-provider.js";
import { ComputeImageProvider } from "./compute-image-provider.js";
import { GalleryVersionDeletes } from "./gallery-version-deletes.js";
import { NetworkProvider } from "./network-provider.js";
import { ResourceProviders } from "./resource-providers.js";
import type { ArmRoutes } from "./arm-kit.js";
import { ServiceStorage } from "./storage-io.js";
import { storageMiddleware } from "./storage-middleware.js";
import type { TemplateRecord } from "./template-record.js";
import { createTlsMaterial } from "./tls.js";

export interface StorageAccountInfo {
  name: string;
  resourceGroup: string;
  resourceId: string;
  /** Path-style Azurite URL, `https://127.0.0.1:<port>/<account>` (no trailing slash). */
  blobEndpoint: string;
}

export interface LocalAzure {
  /** `https://127.0.0.1:<port>`: Resource Manager, Entra ID and the OIDC sources share it. */
  armEndpoint: string;
  /**
   * The only audience Resource Manager accepts tokens for. As on Azure Stack Hub it is not the
   * endpoint's URL but `https://management.<tenant>.onmicrosoft.com/<guid>`, published in
   * `<armEndpoint>/metadata/endpoints`.
   */
  armAudience: string;
  authorityHost: string;
  tenantId: string;
  subscriptionId: string;
  location: string;
  /** A service principal with a client secret (and the GitHub/ADO federated credentials). */
  servicePrincipal: { clientId: string; clientSecret: string; objectId: string };
  github: GitHubOidcConfig & { clientId: string; audience: string };
  ado: AdoOidcConfig & { clientId: string; audience: string };
  /** PEM of the local CA; child processes get it through NODE_EXTRA_CA_CERTS. */
  caCertPath: string;
  caCertPem: string;
  /** Environment for a child process running a bundle against this emulator. */
  env: Record<string, string>;
  /** Azurite's origin; accounts live at `${storageOrigin}/<account>`. */
  storageOrigin: string;
  /** Seeded defaults, ready for a template. */
  defaults: {
    resourceGroup: string;
    storageAccount: string;
    container: string;
    identityId: string;
    identity: ManagedIdentity;
    galleryImageId: string;
  };
  /**
   * The emulated subscription's resources, live: `cloud.networks.addVirtualNetwork/addSubnet/
   * addNetworkSecurityGroup`, `cloud.rbac.assignRole/addRoleDefinition`,
   * `cloud.platformImages.addPlatformImage`, `cloud.addManagedImage`, `cloud.addGalleryImage`.
   */
  cloud: CloudState;
  /** Every client request to ARM, Entra, the OIDC sources and storage, in arrival order. */
  requestLog: LoggedRequest[];
  /** The emulated service's own storage traffic (log appends, artifact downloads). */
  serviceRequestLog: LoggedRequest[];
  /** Live and mutable: timeline, outcomes, faults. */
  scenario: Scenario;
  conformanceViolations: ConformanceViolation[];
  /**
   * Options for in-process SDK clients (`@azure/arm-imagebuilder`, `@azure/storage-blob`,
   * `@azure/identity`): core-rest-pipeline's tlsOptions with the local CA, which every one of
   * them passes to its pipeline (a custom httpClient would not do: storage-blob expects the
   * older core-http client shape there).
   */
  clientOptions: { tlsOptions: { ca: string } };
  storageAccounts(): Record<string, StorageAccountInfo>;
  seed: {
    resourceGroup(name: string, location?: string): void;
    storageAccount(
      name: string,
      resourceGroup: string,
      opts?: { containers?: string[]; location?: string },
    ): Promise<StorageAccountInfo>;
    container(account: string, container: string): Promise<void>;
    identity(resourceGroup: string, name: string): ManagedIdentity & { id: string };
    galleryImage(
      resourceGroup: string,
      gallery: string,
      image: string,
      opts?: {
        osType?: "Linux" | "Windows";
        hyperVGeneration?: "V1" | "V2";
        securityType?: GallerySecurityType;
        location?: string;
      },
    ): string;
    /** RBAC "Storage Blob Data Reader" for an identity (resource id or principal id) on a container ("*" for all). */
    grantBlobRead(identity: string, account: string, container: string): void;
    /** Content for a non-storage scriptUri (e.g. a GitHub raw link), which is otherwise unreachable. */
    externalFile(url: string, content: string | Buffer): void;
    servicePrincipal(opts?: { secret?: string }): AppRegistration;
  };
  /** Tokens issued so far stop working (ARM and storage answer as for expired tokens). */
  expireTokens(): void;
  /**
   * Every secret handed out so far (tokens, assertions, client secrets, request tokens, SAS
   * signatures seen, signing keys): none may ever appear in a step's output.
   */
  issuedSecrets(): string[];
  /** Templates that exist now (not deleted), across resource groups. */
  liveTemplates(): TemplateRecord[];
  /** Every template ever created, also deleted ones, with how many runs actually started. */
  templateHistory(): Array<{ template: TemplateRecord; runsStarted: number }>;
  /** The service's record of a template (lastRunStatus, staging, active run), for assertions. */
  imageTemplate(resourceGroup: string, name: string): TemplateRecord | undefined;
  /** customization.log of the template's last run, read from the staging account. */
  customizationLog(resourceGroup: string, name: string): Promise<string | undefined>;
  /** Resolves when the template's active run (if any) has ended. */
  runFinished(resourceGroup: string, name: string): Promise<void>;
  stop(): Promise<void>;
}

/** Starts Entra ID, Resource Manager, Image Builder and Azurite on free 127.0.0.1 ports. */
export async function startLocalAzure(overrides: Partial<Scenario> = {}): Promise<LocalAzure> {
  const scenario = makeScenario(overrides);
  const tenantId = randomUUID();
  const subscriptionId = randomUUID();
  const location = "westus2";
  const shutdown = new AbortController();

  const [tls, entraSigner, githubSigner, adoSigner] = await Promise.all([
    createTlsMaterial(),
    JwtSigner.create(randomUUID().replace(/-/g, "").slice(0, 27)),
    JwtSigner.create("github-actions"),
    JwtSigner.create("azure-devops"),
  ]);
  const secrets = new IssuedSecrets();
  for (const signer of [entraSigner, githubSigner, adoSigner]) {
    signer.onSign = (token) => secrets.add(token);
    secrets.add(signer.privateKeyPem());
  }
  secrets.add(tls.keyPem);
  const conformance = SpecConformance.get();
  const armAudience = `https://management.emulated${tenantId.slice(0, 8)}.onmicrosoft.com/${randomUUID()}`;
  const state = new CloudState(subscriptionId);
  let origin = "";
  let storageOrigin = "";
  const entra = new Entra(
    tenantId,
    entraSigner,
    () => origin,
    () => scenario.tokenLifetimeSeconds,
  );
  entra.resources.add(armAudience).add("https://storage.azure.com");
  const imageBuilderApp = entra.registerApp({ displayName: "Azure Virtual Machine Image Builder" });
  const storage = new ServiceStorage(tls.agent, serviceTokenSource(entra, imageBuilderApp));
  const faults = new FaultInjector(() => scenario.faults);
  const requestLog: LoggedRequest[] = [];
  const serviceRequestLog: LoggedRequest[] = [];
  const violations: ConformanceViolation[] = [];
  const externalFiles = new Map<string, Buffer | string>();
  const blobEndpoint = (account: string) => `${storageOrigin}/${account}`;

  // Built once the listening ports (and so the URLs) are known.
  const late = {} as {
    operations: AsyncOperations;
    imageTemplates: ImageTemplatesProvider;
    others: ArmRoutes[];
    oidc: OidcSources;
  };
  const frontDoor = new FrontDoor({
    armEndpoint: () => origin,
    armAudience,
    subscriptionId,
    entra,
    oidc: () => late.oidc,
    conformance,
    imageTemplates: () => late.imageTemplates,
    operations: () => late.operations,
    others: () => late.others,
    faults,
    requestLog,
    serviceRequestLog,
    violations,
    shutdown: shutdown.signal,
    access: () => scenario,
  });

  const sockets = new Set<Socket>();
  const server: Server = createServer(
    { cert: tls.certPem, key: tls.keyPem },
    (req, res) => void frontDoor.onRequest(req, res),
  );
  server.keepAliveTimeout = 2000;
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  let azurite: RunningAzurite | undefined;
  try {
    const listening = new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const azuriteStarting = startAzurite({
      certPath: tls.certPath,
      keyPath: tls.keyPath,
      memoryLimitBytes: scenario.storageMemoryLimitBytes,
      accounts: (name) => state.storageAccounts.get(name),
      hook: storageMiddleware({
        entra,
        tenantId,
        authorityOrigin: () => origin,
        faults,
        secrets,
        requestLog,
        serviceRequestLog,
        shutdown: shutdown.signal,
      }),
    });
    await listening;
    azurite = await azuriteStarting;
  } catch (e) {
    server.close();
    tls.dispose();
    throw e;
  }
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  storageOrigin = azurite.origin;
  const operations = (late.operations = new AsyncOperations(
    origin,
    subscriptionId,
    conformance.apiVersion,
    () => scenario.retryAfterSeconds,
  ));
  const oidc = (late.oidc = new OidcSources(
    githubSigner,
    adoSigner,
    origin,
    () => scenario.oidcTokenLifetimeSeconds,
  ));
  secrets.add(oidc.github.requestToken);
  secrets.add(oidc.ado.accessToken);
  entra.trustedIssuers.push(
    { issuer: oidc.github.issuer, signer: githubSigner },
    { issuer: oidc.ado.issuer, signer: adoSigner },
  );
  late.others = [
    new NetworkProvider(state),
    new AuthorizationProvider(state),
    new ComputeImageProvider(state.platformImages),
    new GalleryVersionDeletes(
      state,
      () => origin,
      () => scenario.retryAfterSeconds,
    ),
    new ResourceProviders(subscriptionId, () => scenario.unregisteredProviders ?? []),
    new OtherResources(state, tenantId, blobEndpoint),
  ];
  const buildContext = {
    subscriptionId,
    scenario: () => scenario,
    operations,
    storage,
    blobEndpoint,
    shutdown: shutdown.signal,
    storageOrigin,
    state,
    entra,
    externalFiles,
    serviceRequestLog,
  };
  const imageTemplates = (late.imageTemplates = new ImageTemplatesProvider(
    buildContext,
    conformance,
  ));

  const clientSecret = `emu~${randomUUID()}`;
  secrets.add(clientSecret);
  const app = entra.registerApp({
    displayName: "bake-azure-image (emulated)",
    secrets: [clientSecret],
    federatedCredentials: [
      { issuer: oidc.github.issuer, subject: oidc.github.subject, audiences: [FEDERATED_AUDIENCE] },
      { issuer: oidc.ado.issuer, subject: oidc.ado.subject, audiences: [FEDERATED_AUDIENCE] },
    ],
  });

  const containerClient = async (account: string, container: string) => {
    await storage.ensureContainer(blobEndpoint(account), container);
  };
  const accountInfo = (name: string): StorageAccountInfo => {
    const a = state.storageAccounts.get(name)!;
    return {
      name,
      resourceGroup: a.resourceGroup,
      resourceId: `/subscriptions/${subscriptionId}/resourceGroups/${a.resourceGroup}/providers/Microsoft.Storage/storageAccounts/${name}`,
      blobEndpoint: blobEndpoint(name),
    };
  };

  // Defaults a run needs: a group, a staging account with a container, an identity with read on
  // it, and a gallery image definition.
  const defaultRg = "rg-images";
  state.addResourceGroup(defaultRg, location);
  state.addStorageAccount("bakeartifacts", defaultRg, location);
  await containerClient("bakeartifacts", "bake-staging");
  const identity = state.addIdentity("id-image-builder", defaultRg, location);
  const identityId = state.identityId(defaultRg, "id-image-builder");
  // Gen2 and Trusted Launch supported, as the portal makes a definition for a Gen2 source.
  state.addGalleryImage(defaultRg, "galImages", "ubuntu-24", {
    location,
    securityType: "TrustedLaunchSupported",
  });
  const galleryImageId = state.galleryImageId(defaultRg, "galImages", "ubuntu-24");

  const env = bundleEnvironment({
    caCertPath: tls.certPath,
    tenantId,
    subscriptionId,
    origin,
    armAudience,
    clientId: app.clientId,
    clientSecret,
    oidc,
  });

  let stopped: Promise<void> | undefined;
  const local: LocalAzure = {
    armEndpoint: origin,
    armAudience,
    authorityHost: origin,
    tenantId,
    subscriptionId,
    location,
    servicePrincipal: { clientId: app.clientId, clientSecret, objectId: app.objectId },
    github: { ...oidc.github, clientId: app.clientId, audience: FEDERATED_AUDIENCE },
    ado: { ...oidc.ado, clientId: app.clientId, audience: FEDERATED_AUDIENCE },
    caCertPath: tls.certPath,
    caCertPem: tls.certPem,
    env,
    storageOrigin,
    defaults: {
      resourceGroup: defaultRg,
      storageAccount: "bakeartifacts",
      container: "bake-staging",
      identityId,
      identity,
      galleryImageId,
    },
    cloud: state,
    requestLog,
    serviceRequestLog,
    scenario,
    conformanceViolations: violations,
    clientOptions: { tlsOptions: { ca: tls.certPem } },
    storageAccounts: () =>
      Object.fromEntries([...state.storageAccounts.keys()].map((n) => [n, accountInfo(n)])),
    seed: {
      resourceGroup: (name, loc) => void state.addResourceGroup(name, loc ?? location),
      storageAccount: async (name, rg, opts = {}) => {
        state.addStorageAccount(name, rg, opts.location ?? location);
        for (const c of opts.containers ?? []) await containerClient(name, c);
        return accountInfo(name);
      },
      container: containerClient,
      identity: (rg, name) => ({
        ...state.addIdentity(name, rg, location),
        id: state.identityId(rg, name),
      }),
      galleryImage: (rg, gallery, image, opts = {}) => {
        state.addGalleryImage(rg, gallery, image, { location, ...opts });
        return state.galleryImageId(rg, gallery, image);
      },
      grantBlobRead: (who, account, container) => {
        const principalId = who.includes("/") ? state.identityByResourceId(who)?.principalId : who;
        if (!principalId) throw new Error(`unknown identity ${who}`);
        state.grantContainerRead(principalId, account, container);
      },
      externalFile: (url, content) => void externalFiles.set(url, content),
      servicePrincipal: (opts = {}) => {
        const secret = opts.secret ?? `emu~${randomUUID()}`;
        secrets.add(secret);
        return entra.registerApp({ displayName: "extra", secrets: [secret] });
      },
    },
    expireTokens: () => {
      entra.revokedBefore = Math.floor(Date.now() / 1000) + 1;
    },
    issuedSecrets: () => secrets.list(),
    liveTemplates: () => [...imageTemplates.templates.values()],
    templateHistory: () => [...imageTemplates.history.values()],
    imageTemplate: (rg, name) => imageTemplates.find(rg, name),
    customizationLog: async (rg, name) => {
      const t = imageTemplates.find(rg, name);
      const url = t?.lastLogUrl;
      if (!url) return undefined;
      const r = await storage.send("GET", url);
      return r.status === 200 ? r.body.toString("utf8") : undefined;
    },
    runFinished: async (rg, name) => {
      await imageTemplates.find(rg, name)?.run?.done;
    },
    stop: () =>
      (stopped ??= (async () => {
        shutdown.abort();
        const runs = [...imageTemplates.templates.values()].flatMap((t) =>
          t.run ? [t.run.done] : [],
        );
        await Promise.allSettled(runs);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const s of sockets) s.destroy();
        await Promise.all([closed, azurite.stop()]);
        tls.dispose();
      })()),
  };
  return local;
}

/**
 * The Image Builder service's own token for the staging account, minted again shortly before it
 * expires or once tokens were revoked.
 */
function serviceTokenSource(entra: Entra, app: AppRegistration): () => string {
  let cached: { token: string; exp: number } | undefined;
  return () => {
    if (!cached || cached.exp - 60 < Date.now() / 1000 || entra.revokedBefore > 0) {
      const { token } = entra.mintAccessToken({
        audience: "https://storage.azure.com/",
        oid: app.objectId,
        appid: app.clientId,
        lifetimeSeconds: 3600,
      });
      cached = { token, exp: (decodeJwt(token)?.payload.exp as number) ?? 0 };
    }
    return cached.token;
  };
}

/**
 * What a bundle's process needs to reach this cloud: the CA, a client secret, GitHub's and Azure
 * DevOps' OIDC request endpoints, and an Azure Stack service connection with its ARM audience.
 */
function bundleEnvironment({
  caCertPath,
  tenantId,
  subscriptionId,
  origin,
  armAudience,
  clientId,
  clientSecret,
  oidc,
}: {
  caCertPath: string;
  tenantId: string;
  subscriptionId: string;
  origin: string;
  armAudience: string;
  clientId: string;
  clientSecret: string;
  oidc: OidcSources;
}): Record<string, string> {
  const serviceConnectionId = oidc.ado.serviceConnectionId;
  return {
    NODE_EXTRA_CA_CERTS: caCertPath,
    AZURE_TENANT_ID: tenantId,
    AZURE_CLIENT_ID: clientId,
    AZURE_CLIENT_SECRET: clientSecret,
    AZURE_SUBSCRIPTION_ID: subscriptionId,
    AZURE_AUTHORITY_HOST: origin,
    AZURE_RESOURCE_MANAGER_ENDPOINT: origin,
    ACTIONS_ID_TOKEN_REQUEST_URL: oidc.github.requestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.github.requestToken,
    SYSTEM_OIDCREQUESTURI: oidc.ado.requestUri,
    SYSTEM_ACCESSTOKEN: oidc.ado.accessToken,
    [`ENDPOINT_URL_${serviceConnectionId}`]: origin,
    [`ENDPOINT_AUTH_SCHEME_${serviceConnectionId}`]: "WorkloadIdentityFederation",
    [`ENDPOINT_AUTH_PARAMETER_${serviceConnectionId}_TENANTID`]: tenantId,
    [`ENDPOINT_AUTH_PARAMETER_${serviceConnectionId}_SERVICEPRINCIPALID`]: clientId,
    [`ENDPOINT_DATA_${serviceConnectionId}_SUBSCRIPTIONID`]: subscriptionId,
    [`ENDPOINT_DATA_${serviceConnectionId}_ENVIRONMENT`]: "AzureStack",
    [`ENDPOINT_DATA_${serviceConnectionId}_ENVIRONMENTAUTHORITYURL`]: origin,
    // An Azure Stack service connection carries its Resource Manager's audience.
    [`ENDPOINT_DATA_${serviceConnectionId}_ACTIVEDIRECTORYSERVICEENDPOINTRESOURCEID`]: armAudience,
  };
}
