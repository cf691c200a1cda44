import { defineActivity } from '../model';
import { mlflowTrackingServerArns } from '../shared';

// The MLflow client calls the tracking server's REST API, which SageMaker
// authorizes as `sagemaker-mlflow:*` actions on the tracking server, including
// the traces of GenAI applications (mlflow.trace). MLflow Apps (serverless
// MLflow) authorize every REST call as sagemaker:CallMlflowAppApi on the app.
// Artifacts are written by the client straight to the S3 artifact store, so
// grant that bucket with S3BucketAccess.
export const useMLflow = defineActivity({
  id: 'UseMLflow',
  title: 'Use MLflow',
  description:
    'Track experiments, runs, traces and registered models on SageMaker MLflow tracking servers (the given ones, or all in the account and region) and MLflow Apps, and open their UI.',
  requiredParameters: [],
  optionalParameters: ['MlflowTrackingServers'],
  vpc: false,
  kms: false,
  fidelity: {
    references: [
      {
        file: 'aws-managed-policies/SageMakerStudioAdminIAMDefaultExecutionPolicy.json',
        only: [
          'sagemaker-mlflow:*',
          'sagemaker:CallMlflowAppApi',
          'sagemaker:CreatePresignedMlflow*Url',
          'sagemaker:DescribeMlflow*',
          'sagemaker:ListMlflow*',
        ],
      },
    ],
    omissions: {},
    extras: {},
  },
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    refused: 'an MLflow tracking server has no per-user authorization inside it: every user of a server can read and change every experiment, run and registered model on it',
    instead: 'give each user a tracking server of their own (MlflowTrackingServers) in a role of their own',
  },
  statements: ({ arn, params }) => {
    const servers = mlflowTrackingServerArns(arn, params.MlflowTrackingServers);
    return [
      {
        actions: ['sagemaker:CreatePresignedMlflowTrackingServerUrl', 'sagemaker:DescribeMlflowTrackingServer'],
        resources: servers,
      },
      {
        actions: [
          // experiments
          'sagemaker-mlflow:CreateExperiment',
          'sagemaker-mlflow:DeleteExperiment',
          'sagemaker-mlflow:GetExperiment',
          'sagemaker-mlflow:GetExperimentByName',
          'sagemaker-mlflow:RestoreExperiment',
          'sagemaker-mlflow:SearchExperiments',
          'sagemaker-mlflow:SetExperimentTag',
          'sagemaker-mlflow:UpdateExperiment',
          // runs
          'sagemaker-mlflow:CreateRun',
          'sagemaker-mlflow:DeleteRun',
          'sagemaker-mlflow:DeleteTag',
          'sagemaker-mlflow:GetMetricHistory',
          'sagemaker-mlflow:GetRun',
          'sagemaker-mlflow:ListArtifacts',
          'sagemaker-mlflow:LogBatch',
          'sagemaker-mlflow:LogInputs',
          'sagemaker-mlflow:LogMetric',
          'sagemaker-mlflow:LogModel',
          'sagemaker-mlflow:LogOutputs',
          'sagemaker-mlflow:LogParam',
          'sagemaker-mlflow:RestoreRun',
          'sagemaker-mlflow:SearchRuns',
          'sagemaker-mlflow:SetTag',
          'sagemaker-mlflow:UpdateRun',
          // traces
          'sagemaker-mlflow:DeleteTraceTag',
          'sagemaker-mlflow:DeleteTraces',
          'sagemaker-mlflow:EndTrace',
          'sagemaker-mlflow:GetTraceInfo',
          'sagemaker-mlflow:SearchTraces',
          'sagemaker-mlflow:SetTraceTag',
          'sagemaker-mlflow:StartTrace',
          // logged models (MLflow 3)
          'sagemaker-mlflow:DeleteLoggedModel',
          'sagemaker-mlflow:DeleteLoggedModelTag',
          'sagemaker-mlflow:FinalizeLoggedModel',
          'sagemaker-mlflow:GetLoggedModel',
          'sagemaker-mlflow:ListLoggedModelArtifacts',
          'sagemaker-mlflow:LogLoggedModelParams',
          'sagemaker-mlflow:SearchLoggedModels',
          'sagemaker-mlflow:SetLoggedModelTags',
          // registered models and versions
          'sagemaker-mlflow:CreateModelVersion',
          'sagemaker-mlflow:CreateRegisteredModel',
          'sagemaker-mlflow:DeleteModelVersion',
          'sagemaker-mlflow:DeleteModelVersionTag',
          'sagemaker-mlflow:DeleteRegisteredModel',
          'sagemaker-mlflow:DeleteRegisteredModelAlias',
          'sagemaker-mlflow:DeleteRegisteredModelTag',
          'sagemaker-mlflow:GetDownloadURIForModelVersionArtifacts',
          'sagemaker-mlflow:GetLatestModelVersions',
          'sagemaker-mlflow:GetModelVersion',
          'sagemaker-mlflow:GetModelVersionByAlias',
          'sagemaker-mlflow:GetRegisteredModel',
          'sagemaker-mlflow:RenameRegisteredModel',
          'sagemaker-mlflow:SearchModelVersions',
          'sagemaker-mlflow:SearchRegisteredModels',
          'sagemaker-mlflow:SetModelVersionTag',
          'sagemaker-mlflow:SetRegisteredModelAlias',
          'sagemaker-mlflow:SetRegisteredModelTag',
          'sagemaker-mlflow:TransitionModelVersionStage',
          'sagemaker-mlflow:UpdateModelVersion',
          'sagemaker-mlflow:UpdateRegisteredModel',
        ],
        resources: servers,
      },
      {
        actions: ['sagemaker:CallMlflowAppApi', 'sagemaker:CreatePresignedMlflowAppUrl', 'sagemaker:DescribeMlflowApp'],
        resources: [arn.sagemaker('mlflow-app/*')],
      },
      // No resource type for these (service authorization reference); the UI is reached
      // through a presigned URL, which is limited to the servers and apps above.
      {
        actions: ['sagemaker-mlflow:AccessUI', 'sagemaker:ListMlflowApps', 'sagemaker:ListMlflowTrackingServers'],
        resources: ['*'],
      },
    ];
  },
});
