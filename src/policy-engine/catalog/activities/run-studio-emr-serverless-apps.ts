import { defineActivity } from '../model';
import { passRolesToService } from '../shared';

// Studio notebooks connect to EMR Serverless applications through their Livy
// endpoint, and Studio can create and manage those applications. Job runs use
// a runtime role, passed to EMR Serverless only (PassRoles).
//
// Like AWS's policy for Studio and EMR Serverless, only applications Studio
// created are in reach: Studio tags what it creates with the SageMaker domain
// (and user profile or space), so creation must carry those tags, every other
// action needs the domain tag on the application, and tags can be added only
// to applications that already have it (an untagged application cannot be
// pulled into reach by tagging it).
const STUDIO_TAG_KEYS = ['sagemaker:domain-arn', 'sagemaker:space-arn', 'sagemaker:user-profile-arn'];
const STUDIO_TAGGED_REQUEST = {
  'ForAllValues:StringEquals': { 'aws:TagKeys': STUDIO_TAG_KEYS },
  Null: { 'aws:RequestTag/sagemaker:domain-arn': 'false' },
};
const STUDIO_TAGGED_APPLICATION = { Null: { 'aws:ResourceTag/sagemaker:domain-arn': 'false' } };

export const runStudioEmrServerlessApps = defineActivity({
  id: 'RunStudioEmrServerlessApps',
  title: 'Run Studio EMR Serverless Applications',
  description:
    'Create, start, stop and connect Studio notebooks to Studio-tagged EMR Serverless applications and watch their job runs, passing the runtime roles to EMR Serverless.',
  requiredParameters: ['PassRoles'],
  vpc: false,
  kms: false,
  fidelity: {
    references: [
      {
        doc: 'https://docs.aws.amazon.com/sagemaker/latest/dg/studio-emr-serverless-permissions.html',
        actions: [
          'emr-serverless:AccessLivyEndpoints',
          'emr-serverless:CreateApplication',
          'emr-serverless:DeleteApplication',
          'emr-serverless:GetApplication',
          'emr-serverless:GetDashboardForJobRun',
          'emr-serverless:ListApplications',
          'emr-serverless:StartApplication',
          'emr-serverless:StopApplication',
          'emr-serverless:TagResource',
          'iam:PassRole',
        ],
      },
    ],
    omissions: {},
    extras: {
      'emr-serverless:GetJobRun': 'watch a Spark job\'s state from the notebook (read-only)',
      'emr-serverless:ListJobRuns': 'list the runs of a Studio application (read-only)',
    },
  },
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    refused: 'its EMR Serverless applications are limited to those Studio created in the domain (the sagemaker:domain-arn tag), not to one user, so any user could stop, delete or connect to another\'s application',
    instead: 'give each user a role of their own for EMR Serverless, without UserIsolation',
  },
  statements: ({ arn, params }) => {
    const applications = arn.regional('emr-serverless', '/applications/*');
    return [
      // CreateApplication has no resource type (service authorization reference): the tags scope it.
      { actions: ['emr-serverless:CreateApplication'], resources: ['*'], conditions: STUDIO_TAGGED_REQUEST },
      {
        actions: ['emr-serverless:TagResource'],
        resources: [applications],
        conditions: {
          'ForAllValues:StringEquals': STUDIO_TAGGED_REQUEST['ForAllValues:StringEquals'],
          Null: { ...STUDIO_TAGGED_REQUEST.Null, ...STUDIO_TAGGED_APPLICATION.Null },
        },
      },
      {
        actions: [
          'emr-serverless:AccessLivyEndpoints',
          'emr-serverless:DeleteApplication',
          'emr-serverless:GetApplication',
          'emr-serverless:ListJobRuns',
          'emr-serverless:StartApplication',
          'emr-serverless:StopApplication',
        ],
        resources: [applications],
        conditions: STUDIO_TAGGED_APPLICATION,
      },
      {
        // Read-only views of job runs (Studio's Spark UI link); runs carry no Studio tags to check.
        actions: ['emr-serverless:GetDashboardForJobRun', 'emr-serverless:GetJobRun'],
        resources: [arn.regional('emr-serverless', '/applications/*/jobruns/*')],
      },
      { actions: ['emr-serverless:ListApplications'], resources: ['*'] },
      passRolesToService('emr-serverless.amazonaws.com', params.PassRoles),
    ];
  },
});
