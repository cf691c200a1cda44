// The role's trust policy: the service principals its activities need.

import { compactList } from './conditions';
import type { RoleProperties } from './properties';
import { selectedActivities } from './render';
import type { PolicyDocument, TrustStatement } from './types';
import { trustActions } from './user-isolation';
import { policyDocument } from './policy-json';

export function buildTrustPolicy(props: Pick<RoleProperties, 'activities' | 'userIsolation'>): PolicyDocument<TrustStatement> {
  const services = selectedActivities(props).flatMap((a) => a.trustedServices);
  return policyDocument<TrustStatement>([
    {
      Effect: 'Allow',
      Principal: { Service: compactList(services) },
      Action: compactList(trustActions(props.userIsolation)),
    },
  ]);
}
