// Fidelity is measured: every activity against AWS's own permission set for
// the same job (its `fidelity` block). See fidelity-support.ts for the rules.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIVITIES } from '../../src/policy-engine/catalog';
import type { ActivityDefinition } from '../../src/policy-engine/catalog';
import { measure, REFERENCE_DIR } from './fidelity-support';

describe.each(ACTIVITIES.map((a) => [a.id, a] as const))('fidelity of %s', (_id, activity) => {
  it('names AWS references that exist: a reference document or an AWS documentation page', () => {
    // GIVEN the activity's references
    const refs = activity.fidelity.references;
    // THEN there is at least one, and each file exists / each page is on docs.aws.amazon.com with its actions
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      if ('file' in ref) expect({ file: ref.file, exists: existsSync(join(REFERENCE_DIR, ref.file)) }).toEqual({ file: ref.file, exists: true });
      else {
        expect(ref.doc).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/\S+$/);
        expect(ref.actions.length).toBeGreaterThan(0);
      }
    }
  });

  it('grants or deliberately omits every action AWS grants, and lists every extra with a reason', async () => {
    // WHEN the activity is measured against AWS's permission set
    const result = await measure(activity);
    // THEN nothing AWS grants is silently missing, no omission is granted, no extra is unlisted or stale
    expect(result.problems).toEqual([]);
    expect(result.aws.length).toBeGreaterThan(0);
  });
});

describe('the fidelity measurement itself', () => {
  const manageJobs = ACTIVITIES.find((a) => a.id === 'ManageMLJobs') as ActivityDefinition;

  it('fails when an action AWS grants is neither granted nor omitted', async () => {
    // GIVEN ManageMLJobs with its omission of sagemaker:Search dropped
    const { 'sagemaker:Search': _search, ...omissions } = manageJobs.fidelity.omissions;
    const result = await measure({ ...manageJobs, fidelity: { ...manageJobs.fidelity, omissions } });
    // THEN the measurement names the missing action
    expect(result.problems).toContain('AWS grants sagemaker:Search: grant it or list it in omissions with a reason');
  });

  it('fails when an omission names an action that is granted', async () => {
    // GIVEN an omission of an action ManageMLJobs grants
    const omissions = { ...manageJobs.fidelity.omissions, 'sagemaker:CreateTrainingJob': 'not needed' };
    const result = await measure({ ...manageJobs, fidelity: { ...manageJobs.fidelity, omissions } });
    // THEN it is reported
    expect(result.problems).toContain('omission sagemaker:CreateTrainingJob is granted');
  });

  it('fails when an action AWS does not grant is not a listed extra', async () => {
    // GIVEN ManageMLJobs without its extra for logs:GetLogEvents
    const { 'logs:GetLogEvents': _logs, ...extras } = manageJobs.fidelity.extras;
    const result = await measure({ ...manageJobs, fidelity: { ...manageJobs.fidelity, extras } });
    // THEN the unlisted extra is reported
    expect(result.problems).toContain('grants logs:GetLogEvents, which AWS does not: remove it or list it in extras with a reason');
  });

  it('fails on stale entries: an extra AWS does grant, an omission that covers nothing', async () => {
    // GIVEN an extra for an action AWS grants and an omission of an action AWS does not grant
    const result = await measure({
      ...manageJobs,
      fidelity: {
        ...manageJobs.fidelity,
        extras: { ...manageJobs.fidelity.extras, 'sagemaker:CreateTrainingJob': 'x' },
        omissions: { ...manageJobs.fidelity.omissions, 'sagemaker:DeleteDomain': 'x' },
      },
    });
    // THEN both are reported
    expect(result.problems).toEqual(
      expect.arrayContaining([
        'extra sagemaker:CreateTrainingJob matches no granted action AWS lacks (stale)',
        'omission sagemaker:DeleteDomain covers nothing AWS grants that is not granted (stale)',
      ]),
    );
  });
});
