// Tokens stand in as placeholders while the engine validates and renders at
// synth time. If the engine's validation rules change, a placeholder that no
// longer passes would turn every token into a bogus synth error: this catches it.

import { Lazy, Token } from 'aws-cdk-lib';
import { parseProperties } from '../../src/policy-engine';
import { Prop, type PropName } from '../../src/policy-engine/names';
import { withPlaceholders, type RawProperties } from '../../cdk/lib/role-properties';
import { TokenPlaceholders } from '../../cdk/lib/token-placeholders';

function token(name: string): string {
  return Lazy.string({ produce: () => name });
}

/** Each property with a token value, next to the activities that make it apply. */
const TOKEN_CASES: { prop: PropName; raw: RawProperties }[] = [
  { prop: Prop.PassRoles, raw: { Persona: 'Custom', Activities: ['ManageMLJobs'], PassRoles: [token('role')] } },
  { prop: Prop.S3Buckets, raw: { Persona: 'Custom', Activities: ['S3BucketAccess'], S3Buckets: [token('bucket')] } },
  {
    prop: Prop.EcrRepositories,
    raw: { Persona: 'ComputeRole', S3Buckets: ['team-a-data'], EcrRepositories: [token('repo')] },
  },
  { prop: Prop.AthenaWorkgroups, raw: { Persona: 'Custom', Activities: ['QueryAthenaWorkgroups'], AthenaWorkgroups: [token('wg')] } },
  { prop: Prop.GlueDatabases, raw: { Persona: 'Custom', Activities: ['ManageGlueTables'], GlueDatabases: [token('db')] } },
  { prop: Prop.KendraIndexes, raw: { Persona: 'Custom', Activities: ['CanvasKendraAccess'], KendraIndexes: [token('index')] } },
  { prop: Prop.MlflowTrackingServers, raw: { Persona: 'Custom', Activities: ['UseMLflow'], MlflowTrackingServers: [token('server')] } },
  {
    prop: Prop.VpcSubnetIds,
    raw: { Persona: 'Custom', Activities: ['ManageMLJobs'], PassRoles: ['arn:aws:iam::111122223333:role/SageMaker-c'], VpcSubnetIds: [token('subnet')], VpcSecurityGroupIds: [token('sg')] },
  },
  {
    prop: Prop.DataKmsKeyArns,
    raw: { Persona: 'Custom', Activities: ['ManageMLJobs'], PassRoles: ['arn:aws:iam::111122223333:role/SageMaker-c'], DataKmsKeyArns: [token('key')], VolumeKmsKeyArns: [token('key2')] },
  },
  { prop: Prop.ManagedPolicyArns, raw: { Persona: 'Custom', Activities: ['ManageExperiments'], ManagedPolicyArns: [token('policy')] } },
  { prop: Prop.PermissionsBoundary, raw: { Persona: 'Custom', Activities: ['ManageExperiments'], PermissionsBoundary: token('boundary') } },
  {
    prop: Prop.RoleNameSuffix,
    raw: { Persona: 'Custom', Activities: ['ManageExperiments'], RoleNameSuffix: token('suffix'), Path: token('path'), Description: token('d') },
  },
  {
    prop: Prop.UserIsolation,
    raw: {
      Persona: 'Custom',
      Activities: ['S3BucketAccess'],
      S3Buckets: ['team-a-data'],
      UserIsolation: { DomainId: token('domain'), S3Prefix: token('prefix'), UserProfileName: token('user') },
    },
  },
  { prop: Prop.Tags, raw: { Persona: 'Custom', Activities: ['ManageExperiments'], Tags: [{ Key: 'team', Value: token('team') }] } },
];

describe('token placeholders', () => {
  it.each(TOKEN_CASES)('$prop: a token passes the engine as a placeholder', ({ raw }) => {
    // GIVEN properties holding tokens WHEN swapped for placeholders THEN the engine accepts them
    const placeholders = new TokenPlaceholders();
    expect(() => parseProperties(withPlaceholders(raw, placeholders))).not.toThrow();
    expect(placeholders.replacedAny).toBe(true);
  });

  it('restores every token, also inside longer strings, and leaves other text alone', () => {
    // GIVEN two tokens replaced by placeholders
    const placeholders = new TokenPlaceholders();
    const bucket = token('bucket');
    const role = token('role');
    const bucketPlaceholder = placeholders.stand(bucket, 'name');
    const rolePlaceholder = placeholders.stand(role, 'roleArn');
    // WHEN an engine-like output embedding them is restored
    const restored = placeholders.restore({
      Resource: [`arn:aws:s3:::${bucketPlaceholder}/*`, rolePlaceholder, 'arn:aws:s3:::plain'],
    });
    // THEN the tokens are back and the concrete value is untouched
    expect(restored.Resource).toEqual([`arn:aws:s3:::${bucket}/*`, role, 'arn:aws:s3:::plain']);
    expect(Token.isUnresolved(restored.Resource[0])).toBe(true);
  });

  it('keeps concrete values as they are', () => {
    // GIVEN a concrete value WHEN stood in THEN it is returned unchanged and nothing is recorded
    const placeholders = new TokenPlaceholders();
    expect(placeholders.stand('team-a-data', 'name')).toBe('team-a-data');
    expect(placeholders.replacedAny).toBe(false);
  });
});
