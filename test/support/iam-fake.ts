// Wires the in-memory IAM (iam-state.ts) into aws-sdk-client-mock: every IAM
// command the provider uses is answered by the same stateful fake, so handler
// tests run against IAM's rules instead of canned responses.
import * as iam from '@aws-sdk/client-iam';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import { FakeIam } from './iam-state';

export { FakeIam, iamErrors, FAKE_ACCOUNT, FAKE_PARTITION, WRITE_COMMANDS, LIMITS, policyChars } from './iam-state';
export type { CallRecord, FakeRole, FakePolicy, FakeTag } from './iam-state';

/** Every command the fake implements, by its IAM action name. */
export const FAKE_COMMANDS = {
  CreateRole: iam.CreateRoleCommand,
  GetRole: iam.GetRoleCommand,
  DeleteRole: iam.DeleteRoleCommand,
  UpdateRole: iam.UpdateRoleCommand,
  UpdateAssumeRolePolicy: iam.UpdateAssumeRolePolicyCommand,
  PutRolePermissionsBoundary: iam.PutRolePermissionsBoundaryCommand,
  DeleteRolePermissionsBoundary: iam.DeleteRolePermissionsBoundaryCommand,
  TagRole: iam.TagRoleCommand,
  UntagRole: iam.UntagRoleCommand,
  ListRoleTags: iam.ListRoleTagsCommand,
  PutRolePolicy: iam.PutRolePolicyCommand,
  GetRolePolicy: iam.GetRolePolicyCommand,
  DeleteRolePolicy: iam.DeleteRolePolicyCommand,
  ListRolePolicies: iam.ListRolePoliciesCommand,
  AttachRolePolicy: iam.AttachRolePolicyCommand,
  DetachRolePolicy: iam.DetachRolePolicyCommand,
  ListAttachedRolePolicies: iam.ListAttachedRolePoliciesCommand,
  CreatePolicy: iam.CreatePolicyCommand,
  GetPolicy: iam.GetPolicyCommand,
  ListPolicies: iam.ListPoliciesCommand,
  ListPolicyTags: iam.ListPolicyTagsCommand,
  ListRoles: iam.ListRolesCommand,
  DeletePolicy: iam.DeletePolicyCommand,
  CreatePolicyVersion: iam.CreatePolicyVersionCommand,
  GetPolicyVersion: iam.GetPolicyVersionCommand,
  DeletePolicyVersion: iam.DeletePolicyVersionCommand,
  ListPolicyVersions: iam.ListPolicyVersionsCommand,
  CreateInstanceProfile: iam.CreateInstanceProfileCommand,
  AddRoleToInstanceProfile: iam.AddRoleToInstanceProfileCommand,
  ListInstanceProfilesForRole: iam.ListInstanceProfilesForRoleCommand,
  RemoveRoleFromInstanceProfile: iam.RemoveRoleFromInstanceProfileCommand,
} as const;

export type IamMock = AwsStub<iam.ServiceInputTypes, iam.ServiceOutputTypes, iam.IAMClientResolvedConfig>;

export interface InstalledFake {
  fake: FakeIam;
  mock: IamMock;
  /** A client whose send() is answered by the fake. */
  client: iam.IAMClient;
  /** Restores the real client; call in afterEach. */
  restore(): void;
}

export function installFakeIam(fake = new FakeIam()): InstalledFake {
  const mock = mockClient(iam.IAMClient);
  for (const [name, command] of Object.entries(FAKE_COMMANDS)) {
    // Each command class has its own input type; the fake takes them all as records.
    (mock.on as (c: unknown) => { callsFake(fn: (input: Record<string, unknown>) => unknown): void })(command).callsFake((input) =>
      fake.handle(name, input),
    );
  }
  return {
    fake,
    mock,
    client: new iam.IAMClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } }),
    restore: () => mock.restore(),
  };
}
