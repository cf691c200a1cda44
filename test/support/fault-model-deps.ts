// What the model plays as CloudFormation for the provider: whether the stack
// still waits for a given Create (a cancelled or already-answered Create must
// remove what it made).
import type { ExtraDeps } from './fault-model';

export const cfnConfirmation: ExtraDeps = (cfn) => ({ createStillWanted: async (event) => cfn.wanted(event.requestId) });
