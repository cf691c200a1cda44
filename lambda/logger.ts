// Structured logs. Keys identify the event; the ResponseURL (a pre-signed
// credential) and property values (may be sensitive) are never logged.
import { Logger } from '@aws-lambda-powertools/logger';
import { PROVIDER_VERSION } from './version';

export const SERVICE_NAME = 'sagemaker-persona-role-provider';

export function createLogger(): Logger {
  return new Logger({ serviceName: SERVICE_NAME, persistentKeys: { providerVersion: PROVIDER_VERSION } });
}

export interface EventKeys {
  StackId: string;
  LogicalResourceId: string;
  RequestId: string;
  RequestType: string;
}
