// Where an answer may go. CloudFormation hands every custom resource a
// pre-signed URL of its own per-region S3 bucket,
// cloudformation-custom-resource-response-<region without hyphens> (named in
// AWS's "Setting up VPC endpoints for AWS CloudFormation" guide,
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-vpce-bucketnames.html).
// An event whose ResponseURL points anywhere else did not come from
// CloudFormation: it gets no IAM call and no PUT (the provider must not be a
// request-forgery primitive), only a log line.
import type { ProviderSelf } from './context';

export interface ResponseEndpointOptions {
  /** Test-only: also accept http(s) URLs on the loopback interface. Shipped templates never set it. */
  allowLoopback?: boolean;
}

/** The S3 bucket CloudFormation answers custom resources through in this region. */
export function responseBucket(region: string): string {
  return `cloudformation-custom-resource-response-${region.replace(/-/g, '')}`;
}

/** Host names of that bucket in the partition's S3 endpoints (virtual-hosted style: the bucket is in the host). */
export function responseHosts(self: Pick<ProviderSelf, 'partition' | 'region'>): string[] {
  const bucket = responseBucket(self.region);
  const r = self.region;
  if (self.partition === 'aws-cn') return [`${bucket}.s3.${r}.amazonaws.com.cn`, `${bucket}.s3-${r}.amazonaws.com.cn`];
  const regional = [`${bucket}.s3.${r}.amazonaws.com`, `${bucket}.s3-${r}.amazonaws.com`];
  // The legacy global endpoint reaches buckets of every commercial region.
  return self.partition === 'aws' ? [`${bucket}.s3.amazonaws.com`, ...regional] : regional;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Undefined when the URL is an answer address CloudFormation could have sent; otherwise why not (no secrets in it). */
export function refuseResponseUrl(raw: string, self: Pick<ProviderSelf, 'partition' | 'region'>, options: ResponseEndpointOptions = {}): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'the ResponseURL is not a URL';
  }
  if (url.username !== '' || url.password !== '') return 'the ResponseURL carries credentials';
  const host = url.hostname.toLowerCase();
  if (options.allowLoopback && LOOPBACK.has(host) && (url.protocol === 'http:' || url.protocol === 'https:')) return undefined;
  if (url.protocol !== 'https:') return `the ResponseURL is not https (${url.protocol.slice(0, 10)})`;
  if (url.port !== '' && url.port !== '443') return 'the ResponseURL names a port';
  if (!responseHosts(self).includes(host)) {
    return `the ResponseURL host ${JSON.stringify(host.slice(0, 120))} is not CloudFormation's response endpoint for ${self.region} (${responseBucket(self.region)})`;
  }
  return undefined;
}
