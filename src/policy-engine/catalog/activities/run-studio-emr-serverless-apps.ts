import { defineActivity } from '../model';
import { passRolesToService } from '../shared';

// Studio notebooks connect to EMR Serverless applications through their Livy
// endpoint, and Studio can create and manage those applications. Job runs use
// a runtime role, passed to EMR Serverless only (PassRoles).
export const runStudioEmrServerlessApps = defineActivity({
  id: 'RunStudioEmrServerlessApps',
  title: 'Run Studio EMR Serverless Applications',
  description:
    'Create, start, stop and connect Studio notebooks to EMR Serverless applications and watch their job runs, passing the runtime roles to EMR Serverless.',
  requiredParameters: ['PassRoles'],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    refused: 'EMR Serverless applications and job runs are granted by name to every user, so any user could stop, change or connect to another\'s application',
    instead: 'give each user a role of their own for EMR Serverless, without UserIsolation',
  },
  statements: ({ arn, params }) => {
    const applications = arn.regional('emr-serverless', '/applications/*');
    return [
      {
        actions: [
          'emr-serverless:AccessLivyEndpoints',
          'emr-serverless:DeleteApplication',
          'emr-serverless:GetApplication',
          'emr-serverless:ListJobRuns',
          'emr-serverless:StartApplication',
          'emr-serverless:StopApplication',
          'emr-serverless:TagResource',
          'emr-serverless:UpdateApplication',
        ],
        resources: [applications],
      },
      {
        actions: ['emr-serverless:CancelJobRun', 'emr-serverless:GetDashboardForJobRun', 'emr-serverless:GetJobRun'],
        resources: [arn.regional('emr-serverless', '/applications/*/jobruns/*')],
      },
      // CreateApplication and ListApplications have no resource type (service authorization reference).
      { actions: ['emr-serverless:CreateApplication', 'emr-serverless:ListApplications'], resources: ['*'] },
      passRolesToService('emr-serverless.amazonaws.com', params.PassRoles),
    ];
  },
});
