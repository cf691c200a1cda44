// The provider's version: package.json's, inlined into the bundle by esbuild,
// so the deployed function can say which release it runs (log lines, the
// ProviderVersion attribute) without reading any file at run time.
import { version } from '../package.json';

export const PROVIDER_VERSION: string = version;
