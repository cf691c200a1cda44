import { defineActivity } from '../model';
import type { StatementSpec } from '../model';
import { callerUserProfileArn, tagOnCreate } from '../shared';

// SageMaker Studio: the domain and user-profile execution role's own apps and
// spaces (JupyterLab, Code Editor, ...) and presigned URLs into Studio.
//
// ABAC note: the domain and user profiles are the administrator's, so a
// creator tag cannot express ownership of them, and the `userOwned` tag check
// is not used here. Apps and spaces name their owner in the request instead:
// with UserIsolation, changing them requires `sagemaker:OwnerUserProfileArn`
// (a condition key of exactly these actions) to be the caller's own profile,
// and a presigned URL can only be made for the caller's own profile.

const CREATE_STUDIO = ['sagemaker:CreateApp', 'sagemaker:CreateSpace'];

export const runStudioApps = defineActivity({
  id: 'RunStudioApps',
  title: 'Run Studio Applications',
  description:
    'Work in SageMaker Studio: create, open and delete your own apps and spaces, and describe the domain and user profiles.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: ({ arn, userIsolation, userIsolated }) => {
    const isolated = userIsolated === true || userIsolation !== undefined;
    const apps = arn.sagemaker('app/*');
    const spaces = arn.sagemaker('space/*');
    const domains = arn.sagemaker('domain/*');
    const profiles = arn.sagemaker('user-profile/*');
    const ownAppsAndSpaces: StatementSpec = {
      actions: [...CREATE_STUDIO, 'sagemaker:DeleteApp', 'sagemaker:DeleteSpace', 'sagemaker:UpdateSpace'],
      resources: [apps, spaces],
    };
    if (isolated) {
      ownAppsAndSpaces.conditions = { StringEquals: { 'sagemaker:OwnerUserProfileArn': callerUserProfileArn(arn) } };
    }
    return [
      ownAppsAndSpaces,
      tagOnCreate(CREATE_STUDIO, [apps, spaces]),
      {
        actions: [
          'sagemaker:DescribeApp',
          'sagemaker:DescribeDomain',
          'sagemaker:DescribeSpace',
          'sagemaker:DescribeUserProfile',
          'sagemaker:ListTags',
        ],
        resources: [apps, domains, profiles, spaces],
      },
      {
        actions: ['sagemaker:CreatePresignedDomainUrl'],
        resources: [isolated ? callerUserProfileArn(arn) : profiles],
      },
      {
        actions: ['sagemaker:ListApps', 'sagemaker:ListDomains', 'sagemaker:ListSpaces', 'sagemaker:ListUserProfiles'],
        resources: ['*'],
      },
    ];
  },
});
