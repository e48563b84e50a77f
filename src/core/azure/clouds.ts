/** The endpoints of one Azure cloud, as a sovereign-cloud or Azure Stack user configures them. */
export interface Cloud {
  name: CloudName;
  resourceManagerEndpoint: string;
  /** Entra ID authority host, without tenant. */
  authorityHost: string;
  /**
   * The ARM token audience; tokens are requested for `${audience}/.default`. A custom cloud
   * names its own (Azure Stack Hub: `https://management.<tenant>.onmicrosoft.com/<guid>`, not
   * the endpoint's URL); undefined until given or read from the cloud's metadata.
   */
  resourceManagerAudience?: string;
  /** Known only for the public clouds; elsewhere blob endpoints are discovered through ARM. */
  storageSuffix?: string;
}

export const CLOUD_NAMES = [
  "AzureCloud",
  "AzureUSGovernment",
  "AzureChinaCloud",
  "custom",
] as const;
export type CloudName = (typeof CLOUD_NAMES)[number];

const KNOWN: Record<Exclude<CloudName, "custom">, Omit<Cloud, "name">> = {
  AzureCloud: {
    resourceManagerEndpoint: "https://management.azure.com",
    authorityHost: "https://login.microsoftonline.com",
    resourceManagerAudience: "https://management.azure.com",
    storageSuffix: "core.windows.net",
  },
  AzureUSGovernment: {
    resourceManagerEndpoint: "https://management.usgovcloudapi.net",
    authorityHost: "https://login.microsoftonline.us",
    resourceManagerAudience: "https://management.usgovcloudapi.net",
    storageSuffix: "core.usgovcloudapi.net",
  },
  AzureChinaCloud: {
    resourceManagerEndpoint: "https://management.chinacloudapi.cn",
    authorityHost: "https://login.chinacloudapi.cn",
    resourceManagerAudience: "https://management.chinacloudapi.cn",
    storageSuffix: "core.chinacloudapi.cn",
  },
};

export function knownCloud(name: Exclude<CloudName, "custom">): Cloud {
  return { name, ...KNOWN[name] };
}

export function customCloud(
  resourceManagerEndpoint: string,
  authorityHost: string,
  resourceManagerAudience?: string,
): Cloud {
  return {
    name: "custom",
    resourceManagerEndpoint: resourceManagerEndpoint.replace(/\/+$/, ""),
    authorityHost: authorityHost.replace(/\/+$/, ""),
    resourceManagerAudience: resourceManagerAudience?.replace(/\/+$/, ""),
  };
}
