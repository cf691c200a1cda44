// ManageEndpoints through the full engine and the IAM policy simulator.

import { ABAC_PROPS, decide, decideAsUser, OTHER_KEY, planOf, sm, VOLUME_KEY, KMS_PROPS } from './catalog-a-support';

const ACTIVITY = 'ManageEndpoints';
const ENDPOINT = sm('endpoint/churn-prod');

describe('ManageEndpoints with KMS customization', () => {
  const plan = planOf([ACTIVITY], KMS_PROPS);

  it.each([
    ['CreateEndpointConfig with the volume key', 'sagemaker:CreateEndpointConfig', sm('endpoint-config/churn-v2'), { 'sagemaker:VolumeKmsKeyArn': VOLUME_KEY }],
    ['CreateEndpoint', 'sagemaker:CreateEndpoint', ENDPOINT, {}],
    ['UpdateEndpoint', 'sagemaker:UpdateEndpoint', ENDPOINT, {}],
    ['InvokeEndpoint', 'sagemaker:InvokeEndpoint', ENDPOINT, {}],
    ['ListEndpoints', 'sagemaker:ListEndpoints', '*', {}],
  ])('allows %s', async (_name, action, resource, context) => {
    // GIVEN the role's plan  WHEN the persona makes the request  THEN IAM allows it
    expect(await decide(plan, { action, resource, context })).toBe('Allowed');
  });

  it.each([
    ['CreateEndpointConfig with another key', 'sagemaker:CreateEndpointConfig', sm('endpoint-config/churn-v2'), { 'sagemaker:VolumeKmsKeyArn': OTHER_KEY }],
    ['CreateEndpointConfig without a key', 'sagemaker:CreateEndpointConfig', sm('endpoint-config/churn-v2'), {}],
    ['DeleteEndpoint in another region', 'sagemaker:DeleteEndpoint', 'arn:aws:sagemaker:eu-west-1:111122223333:endpoint/churn-prod', {}],
    ['CreateModel (ManageModels, not this activity)', 'sagemaker:CreateModel', sm('model/churn'), {}],
  ])('denies %s', async (_name, action, resource, context) => {
    // GIVEN the role's plan  WHEN the persona makes the request  THEN IAM denies it
    expect(await decide(plan, { action, resource, context })).toBe('ImplicitlyDenied');
  });
});

describe('ManageEndpoints with user isolation (ABAC)', () => {
  const plan = planOf([ACTIVITY], ABAC_PROPS);

  it("allows alice to delete her endpoint and denies deleting bob's", async () => {
    // GIVEN endpoints tagged with alice's and bob's profiles  WHEN alice deletes each
    const own = await decideAsUser(plan, 'alice', { action: 'sagemaker:DeleteEndpoint', resource: ENDPOINT, owner: 'alice' });
    const bobs = await decideAsUser(plan, 'alice', { action: 'sagemaker:DeleteEndpoint', resource: sm('endpoint/bob'), owner: 'bob' });
    // THEN only her own is allowed
    expect([own, bobs]).toEqual(['Allowed', 'ImplicitlyDenied']);
  });
});
