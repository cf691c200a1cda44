import { defineActivity } from '../model';
import type { StatementSpec } from '../model';
import { dataKeysViaS3, volumeKeyGrantsViaSageMaker } from '../kms';
import { combineConditions } from '../../conditions';
import { callerUserProfileArn, fromOwnDomain, SHARED_REASON, tagOnCreate } from '../shared';

// SageMaker Studio: the domain and user-profile execution role's own apps and
// spaces (JupyterLab, Code Editor, ...) and presigned URLs into Studio.
//
// ABAC note: the domain and user profiles are the administrator's, so a
// creator tag cannot express ownership of them, and the `userOwned` tag check
// is not used here. Apps and spaces name their owner in the request instead:
// with UserIsolation, changing them requires `sagemaker:OwnerUserProfileArn`
// (a condition key of exactly these actions) to be the caller's own profile.
//
// A presigned URL is only ever for the caller's own profile, isolated or not:
// with one role per user, a URL for another profile would open a Studio that
// runs as that user's role (a privilege escalation). Outside Studio the
// sagemaker:DomainId / UserProfileName keys are absent and the grant matches
// nothing, so it fails closed.
//
// Custom Studio images are attached through app image configs, which the
// persona may create and change. With KMS settings, Studio reads and writes
// encrypted S3 data with DataKmsKeyArns (through S3 only) and encrypts the
// storage of apps and spaces with VolumeKmsKeyArns (grants through SageMaker).

const CREATE_STUDIO = ['sagemaker:CreateApp', 'sagemaker:CreateSpace'];
const CREATE_IMAGE_CONFIG = ['sagemaker:CreateAppImageConfig'];

export const runStudioApps = defineActivity({
  id: 'RunStudioApps',
  title: 'Run Studio Applications',
  description:
    'Work in SageMaker Studio: create, open and delete your own apps and spaces, attach custom images (app image configs), and describe the domain and user profiles.',
  requiredParameters: [],
  vpc: false,
  kms: true,
  fidelity: {
    references: [
      { file: 'role-manager-templates/runStudioApps.json' },
      { file: 'role-manager-templates/runStudioAppsV2.json' },
      { file: 'role-manager-templates/runStudioAppsKms.json' },
    ],
    omissions: {
      'iam:PassRole': 'AWS\'s first template passed roles and its V2 dropped it: apps run as the user profile or space role',
    },
    extras: {
      'sagemaker:AddTags': 'tags what the persona creates, only at creation (sagemaker:TaggingAction), so Studio\'s user-profile tag can mark the creator',
      'sagemaker:CreatePresignedDomainUrl': 'opens Studio, only for the caller\'s own user profile',
      'sagemaker:CreateSpace': 'Studio\'s JupyterLab and Code Editor run in spaces (added to Studio after the template)',
      'sagemaker:DeleteSpace': 'spaces are Studio\'s unit of work since 2023; the template predates them',
      'sagemaker:DescribeSpace': 'spaces are Studio\'s unit of work since 2023; the template predates them',
      'sagemaker:ListSpaces': 'spaces are Studio\'s unit of work since 2023; the template predates them',
      'sagemaker:UpdateSpace': 'spaces are Studio\'s unit of work since 2023; the template predates them',
      'sagemaker:ListTags': 'Studio reads the tags of apps and spaces to show their owner',
    },
  },
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    // Apps and spaces by sagemaker:OwnerUserProfileArn; presigned URLs only for the caller's own profile.
    ownerChecked: [
      ...CREATE_STUDIO,
      'sagemaker:CreatePresignedDomainUrl',
      'sagemaker:DeleteApp',
      'sagemaker:DeleteAppImageConfig',
      'sagemaker:DeleteSpace',
      'sagemaker:UpdateAppImageConfig',
      'sagemaker:UpdateSpace',
    ],
    createdAsOwner: [...CREATE_IMAGE_CONFIG, 'sagemaker:AddTags'],
    parentChecked: [],
    shared: [
      { actions: ['kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey'], reason: SHARED_REASON.kms },
      {
        actions: [
          'sagemaker:DescribeApp',
          'sagemaker:DescribeAppImageConfig',
          'sagemaker:DescribeDomain',
          'sagemaker:DescribeSpace',
          'sagemaker:DescribeUserProfile',
          'sagemaker:ListTags',
        ],
        reason:
          'Studio shows every user of the domain its apps, spaces and profiles: their settings and tags, not anyone\'s work, which lives in the spaces\' storage and in owner-checked resources',
      },
      {
        actions: [
          'sagemaker:ListAppImageConfigs',
          'sagemaker:ListApps',
          'sagemaker:ListDomains',
          'sagemaker:ListSpaces',
          'sagemaker:ListUserProfiles',
        ],
        reason: SHARED_REASON.list,
      },
    ],
  },
  statements: (ctx) => {
    const { arn, userIsolation } = ctx;
    const apps = arn.sagemaker('app/*');
    const spaces = arn.sagemaker('space/*');
    const domains = arn.sagemaker('domain/*');
    const profiles = arn.sagemaker('user-profile/*');
    const imageConfigs = arn.sagemaker('app-image-config/*');
    const ownAppsAndSpaces: StatementSpec = {
      actions: [...CREATE_STUDIO, 'sagemaker:DeleteApp', 'sagemaker:DeleteSpace', 'sagemaker:UpdateSpace'],
      resources: [apps, spaces],
    };
    // The caller's own profile: in an isolated role, of the role's domain, for requests from that domain only.
    const ownProfile = callerUserProfileArn(arn, userIsolation);
    const ownDomain = userIsolation !== undefined ? fromOwnDomain(userIsolation) : undefined;
    if (userIsolation !== undefined) {
      ownAppsAndSpaces.conditions = combineConditions({ StringEquals: { 'sagemaker:OwnerUserProfileArn': ownProfile } }, ownDomain);
    }
    return [
      ownAppsAndSpaces,
      tagOnCreate([...CREATE_STUDIO, ...CREATE_IMAGE_CONFIG], [apps, imageConfigs, spaces]),
      { actions: CREATE_IMAGE_CONFIG, resources: [imageConfigs], createdAsOwner: true },
      {
        actions: ['sagemaker:DeleteAppImageConfig', 'sagemaker:UpdateAppImageConfig'],
        resources: [imageConfigs],
        userOwned: true,
      },
      {
        actions: [
          'sagemaker:DescribeApp',
          'sagemaker:DescribeAppImageConfig',
          'sagemaker:DescribeDomain',
          'sagemaker:DescribeSpace',
          'sagemaker:DescribeUserProfile',
          'sagemaker:ListTags',
        ],
        resources: [apps, imageConfigs, domains, profiles, spaces],
      },
      {
        actions: ['sagemaker:CreatePresignedDomainUrl'],
        resources: [ownProfile],
        ...(ownDomain !== undefined ? { conditions: ownDomain } : {}),
      },
      {
        actions: [
          'sagemaker:ListAppImageConfigs',
          'sagemaker:ListApps',
          'sagemaker:ListDomains',
          'sagemaker:ListSpaces',
          'sagemaker:ListUserProfiles',
        ],
        resources: ['*'],
      },
      ...dataKeysViaS3(ctx),
      ...volumeKeyGrantsViaSageMaker(ctx, true),
    ];
  },
});
