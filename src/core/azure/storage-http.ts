import {
  createHttpHeaders,
  createPipelineRequest,
  type HttpClient,
} from "@azure/core-rest-pipeline";
import {
  toCompatResponse,
  type CompatResponse,
  type WebResourceLike,
} from "@azure/core-http-compat";

/**
 * The storage SDK takes its HTTP client in the older (core-http) shape and converts it; this
 * hands it the run's retrying client in that shape, so blob requests get the same handling of
 * transient faults as every other Azure call.
 */
export function storageHttpClient(httpClient: HttpClient): {
  sendRequest(request: WebResourceLike): Promise<CompatResponse>;
} {
  return {
    async sendRequest(resource: WebResourceLike): Promise<CompatResponse> {
      const request = createPipelineRequest({
        url: resource.url,
        method: resource.method,
        headers: createHttpHeaders(resource.headers.rawHeaders()),
        body: resource.body as never,
        formData: resource.formData as never,
        timeout: resource.timeout,
        withCredentials: resource.withCredentials,
        abortSignal: resource.abortSignal,
        onUploadProgress: resource.onUploadProgress,
        onDownloadProgress: resource.onDownloadProgress,
        streamResponseStatusCodes: resource.streamResponseStatusCodes,
        disableKeepAlive: resource.keepAlive === false,
        requestId: resource.requestId,
      });
      const response = await httpClient.sendRequest(request);
      // The answer must point back at the request the SDK sent (it finds how to read the
      // answer through it), not at the copy made here.
      return { ...toCompatResponse({ ...response, request }), request: resource };
    },
  };
}
