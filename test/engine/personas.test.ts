// Persona defaults: the DataScientist defaults are the SageMaker Immersion Day
// lab's six activities (plus only activities that need no parameter), so the
// lab's walkthrough (one execution role, one bucket) plans; every persona
// default carries its reason against AWS's persona reference.

import { join } from 'node:path';
import { isTemplate, readDocument, rolesFromTemplate } from '../../src/cli/input';
import { ACTIVITIES, parseProperties, planRole } from '../../src/policy-engine';
import { PERSONAS } from '../../src/policy-engine/personas';
import { allStatements, context, issuesOf, list, statementsWith } from './support/engine';

/** The lab's execution role: the console creates it under the `service-role/` path. */
export const LAB_EXECUTION_ROLE = 'arn:aws:iam::111122223333:role/service-role/AmazonSageMaker-ExecutionRole-20260101T000000';
/** The lab's bucket: SageMaker's default bucket of the account and region. */
export const LAB_BUCKET = 'sagemaker-us-east-1-111122223333';

/** What the lab enters in the role manager: Data Scientist, the execution role for the PassRoles, one bucket. */
export const labWalkthrough = { Persona: 'DataScientist', PassRoles: [LAB_EXECUTION_ROLE], S3Buckets: [LAB_BUCKET] };

/** The lab's Data Scientist activities, as our catalog names them. */
const LAB_SIX = ['RunStudioApps', 'ManageExperiments', 'ManageMLJobs', 'ManageModels', 'ManagePipelines', 'S3BucketAccess'];

const dataScientist = PERSONAS.find((p) => p.id === 'DataScientist')!;

describe('DataScientist defaults follow the lab', () => {
  it("are the lab's six activities plus only activities that need no parameter", () => {
    // GIVEN the DataScientist persona THEN the lab's six are defaults
    expect(dataScientist.defaultActivities).toEqual(expect.arrayContaining(LAB_SIX));
    // AND any other default needs no parameter, so it cannot break the walkthrough
    const extras = dataScientist.defaultActivities.filter((id) => !LAB_SIX.includes(id));
    for (const id of extras) expect([id, ACTIVITIES.find((a) => a.id === id)!.requiredParameters]).toEqual([id, []]);
  });

  it("the lab's walkthrough plans: one execution role under service-role/ and one bucket", () => {
    // GIVEN exactly what the lab enters WHEN planned
    const plan = planRole(labWalkthrough, context());
    // THEN the role has the lab's activities
    expect(plan.activities).toEqual(expect.arrayContaining(LAB_SIX));
    // AND it may pass exactly the execution role, path included, and only to SageMaker
    const passRole = statementsWith(allStatements(plan), 'iam:PassRole');
    expect(passRole.flatMap((s) => list(s.Resource))).toEqual([LAB_EXECUTION_ROLE]);
    for (const s of passRole) expect(s.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } });
    // AND reads and writes exactly the one bucket
    const getObject = statementsWith(allStatements(plan), 's3:GetObject').flatMap((s) => list(s.Resource));
    expect(getObject).toContain(`arn:aws:s3:::${LAB_BUCKET}/*`);
  });

  it('names the persona default and the way out when a default activity lacks its parameter', () => {
    // GIVEN the walkthrough without the bucket WHEN parsed
    const issues = issuesOf(() => parseProperties({ Persona: 'DataScientist', PassRoles: [LAB_EXECUTION_ROLE] }));
    // THEN the error says which default needs it and how to leave it out
    expect(issues).toEqual([
      expect.objectContaining({ path: 'S3Buckets', message: expect.stringMatching(/S3BucketAccess.*default activity of persona DataScientist/) }),
    ]);
  });

  it('tells a stack that relied on the old Athena/Glue defaults which activities to list', () => {
    // GIVEN the properties an existing stack sends (old defaults needed AthenaWorkgroups and GlueDatabases)
    const raw = { ...labWalkthrough, AthenaWorkgroups: ['team-a'], GlueDatabases: ['team_a'] };
    // WHEN parsed THEN each unused parameter names the activity to add to an explicit Activities list
    const issues = issuesOf(() => parseProperties(raw));
    expect(issues.map((i) => i.path).sort()).toEqual(['AthenaWorkgroups', 'GlueDatabases']);
    expect(issues.find((i) => i.path === 'AthenaWorkgroups')!.message).toMatch(/is a default of persona DataScientist: list Activities.*QueryAthenaWorkgroups/);
    expect(issues.find((i) => i.path === 'GlueDatabases')!.message).toMatch(/Activities.*ManageGlueTables/);
  });
});

describe('cfn/examples/role-manager-lab.yaml', () => {
  it("plans with the lab's inputs, as `sagemaker-persona-role plan` reads it", () => {
    // GIVEN the lab example with its defaults, read by the CLI's template reader
    const doc = readDocument(join(__dirname, '../../cfn/examples/role-manager-lab.yaml'));
    if (!isTemplate(doc)) throw new Error('not a template');
    const ctx = context();
    const [role] = rolesFromTemplate(doc, ctx);
    if ('error' in role) throw new Error(role.error);
    // WHEN planned
    const plan = planRole(role.properties, { ...ctx, logicalId: role.logicalId });
    // THEN the lab's activities, the execution role with its path, SageMaker's default bucket, a per-region name
    expect(plan.activities).toEqual(expect.arrayContaining(LAB_SIX));
    expect(statementsWith(allStatements(plan), 'iam:PassRole').flatMap((s) => list(s.Resource))).toEqual([LAB_EXECUTION_ROLE]);
    expect(statementsWith(allStatements(plan), 's3:GetObject').flatMap((s) => list(s.Resource))).toContain(`arn:aws:s3:::${LAB_BUCKET}/*`);
    expect(plan.roleName).toBe('SageMaker-lab-data-scientist-us-east-1');
  });
});

describe('every persona default is justified', () => {
  it.each(PERSONAS.filter((p) => p.defaultActivities.length > 0))('$id: one reason per default, against the AWS reference', (persona) => {
    // GIVEN a persona with defaults THEN it cites AWS's persona reference and gives a reason for each default, no more
    expect(persona.reference).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    expect(Object.keys(persona.reasons).sort()).toEqual([...persona.defaultActivities].sort());
    for (const reason of Object.values(persona.reasons)) expect(reason.length).toBeGreaterThan(20);
  });
});
