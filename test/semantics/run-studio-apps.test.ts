// RunStudioApps through the full engine and the IAM policy simulator.

import { ABAC_PROPS, decide, DOMAIN_ID, planOf, policiesAsStudioUser, profileArn, sm } from './catalog-a-support';
import { simulate } from '../support/simulate';

const ACTIVITY = 'RunStudioApps';
const APP = sm(`app/${DOMAIN_ID}/alice-space/JupyterLab/default`);
const SPACE = sm(`space/${DOMAIN_ID}/alice-space`);

describe('RunStudioApps', () => {
  const plan = planOf([ACTIVITY]);

  it.each([
    ['CreateApp', 'sagemaker:CreateApp', APP, {}],
    ['CreateSpace', 'sagemaker:CreateSpace', SPACE, {}],
    ['DescribeDomain', 'sagemaker:DescribeDomain', sm(`domain/${DOMAIN_ID}`), {}],
    ['ListSpaces', 'sagemaker:ListSpaces', '*', {}],
    ['tagging a space while creating it', 'sagemaker:AddTags', SPACE, { 'sagemaker:TaggingAction': 'CreateSpace' }],
  ])('allows %s', async (_name, action, resource, context) => {
    // GIVEN the role's plan  WHEN the persona makes the request  THEN IAM allows it
    expect(await decide(plan, { action, resource, context })).toBe('Allowed');
  });

  it.each([
    ['re-tagging an existing space', 'sagemaker:AddTags', SPACE, {}],
    ['tagging a training job (not created here)', 'sagemaker:AddTags', sm('training-job/x'), { 'sagemaker:TaggingAction': 'CreateTrainingJob' }],
    ['UpdateDomain', 'sagemaker:UpdateDomain', sm(`domain/${DOMAIN_ID}`), {}],
    ['DeleteUserProfile', 'sagemaker:DeleteUserProfile', profileArn('bob'), {}],
  ])('denies %s', async (_name, action, resource, context) => {
    // GIVEN the role's plan  WHEN the persona makes the request  THEN IAM denies it
    expect(await decide(plan, { action, resource, context })).toBe('ImplicitlyDenied');
  });

  it("allows a presigned URL for the caller's own profile only, even without user isolation", async () => {
    // GIVEN alice's Studio session (sagemaker:DomainId / sagemaker:UserProfileName substituted, see policiesAsStudioUser)
    const asAlice = (resource: string) =>
      simulate(policiesAsStudioUser(plan, 'alice'), { action: 'sagemaker:CreatePresignedDomainUrl', resource });
    // WHEN she asks for a Studio URL of her profile and of bob's (whose role may differ from hers)
    const [own, bobs] = [await asAlice(profileArn('alice')), await asAlice(profileArn('bob'))];
    // THEN only her own is allowed: another profile's URL would run as that profile's role
    expect([own, bobs]).toEqual(['Allowed', 'ImplicitlyDenied']);
  });
});

// UserIsolation turns ABAC on whichever of its settings are given (even none).
// An S3Prefix needs an activity whose S3 access it isolates, so that variant adds S3BucketAccess.
describe.each<[string, string[], Record<string, unknown>]>([
  ['S3Prefix, with S3BucketAccess', ['S3BucketAccess'], { UserIsolation: { DomainId: DOMAIN_ID, S3Prefix: 'team-a/users' }, S3Buckets: ['team-a-data'] }],
  ['SecretsPrefix only', [], { UserIsolation: { DomainId: DOMAIN_ID, SecretsPrefix: 'team-a' } }],
  ['no prefixes', [], ABAC_PROPS],
])('RunStudioApps with user isolation (ABAC, %s)', (_variant, others, isolation) => {
  const plan = planOf([ACTIVITY, ...others], isolation);
  // sagemaker:DomainId / sagemaker:UserProfileName are substituted into the policy (see policiesAsStudioUser).
  const asAlice = (request: Parameters<typeof simulate>[1]) => simulate(policiesAsStudioUser(plan, 'alice'), request);

  it.each([
    ['sagemaker:CreateSpace', SPACE],
    ['sagemaker:DeleteApp', APP],
    ['sagemaker:UpdateSpace', SPACE],
  ])("allows alice %s on her own space and denies it on bob's", async (action, resource) => {
    // GIVEN the owner profile of the space in the request  WHEN alice acts on hers and on bob's
    const own = await asAlice({ action, resource, context: { 'sagemaker:OwnerUserProfileArn': profileArn('alice') } });
    const bobs = await asAlice({ action, resource, context: { 'sagemaker:OwnerUserProfileArn': profileArn('bob') } });
    // THEN only her own is allowed
    expect([own, bobs]).toEqual(['Allowed', 'ImplicitlyDenied']);
  });

  it("allows alice a presigned URL for her own profile and denies one for bob's", async () => {
    // WHEN alice asks for a Studio URL of each profile
    const own = await asAlice({ action: 'sagemaker:CreatePresignedDomainUrl', resource: profileArn('alice') });
    const bobs = await asAlice({ action: 'sagemaker:CreatePresignedDomainUrl', resource: profileArn('bob') });
    // THEN only her own is allowed
    expect([own, bobs]).toEqual(['Allowed', 'ImplicitlyDenied']);
  });
});
