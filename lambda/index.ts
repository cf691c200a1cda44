// Lambda entry point of Custom::SageMakerPersonaRole. The pipeline lives in
// handler.ts; this page only wires the production dependencies.
import { createHandler } from './handler';

export { createHandler } from './handler';
export type { HandlerDeps, Handler } from './handler';

export const handler = createHandler();
