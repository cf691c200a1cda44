import { defineActivity } from '../model';
import { passRolesToSageMaker, SHARED_REASON, tagOnCreate } from '../shared';

// SageMaker Pipelines: define pipelines and run, watch, stop and retry their
// executions. A pipeline runs its steps with the role given at creation, hence PassRoles.

const CREATE_PIPELINE = ['sagemaker:CreatePipeline'];

const EXECUTIONS_WITHHELD =
  'an execution carries no owner tag (StartPipelineExecution takes no tags) and IAM cannot check the pipeline behind it, so these would reach every user\'s executions: users start and list executions of their own pipelines; stopping, retrying and reading steps needs a role of their own';

export const managePipelines = defineActivity({
  id: 'ManagePipelines',
  title: 'Manage Pipelines',
  description:
    'Create, update, start, stop, retry and delete SageMaker pipelines and inspect their executions, passing the pipeline role.',
  requiredParameters: ['PassRoles'],
  // The pipeline's steps carry their own VPC and KMS settings; the pipeline actions take neither key.
  vpc: false,
  kms: false,
  fidelity: {
    references: [
      { file: 'role-manager-templates/managePipelines.json' },
    ],
    omissions: {},
    extras: {
      'sagemaker:AddTags': 'tags what the persona creates, only at creation (sagemaker:TaggingAction), so Studio\'s user-profile tag can mark the creator',
      'sagemaker:ListPipelineVersions': 'pipeline versioning (added after the template) to inspect and roll back definitions',
      'sagemaker:UpdatePipeline': 'the SDK\'s pipeline.upsert() updates an existing pipeline',
      'sagemaker:UpdatePipelineVersion': 'pipeline versioning (added after the template)',
    },
  },
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    // iam:PassRole: only roles tagged as the caller's own (UserIsolation.UserProfileName roles).
    ownerChecked: [
      'iam:PassRole',
      'sagemaker:DeletePipeline',
      'sagemaker:DescribePipeline',
      'sagemaker:ListPipelineExecutions',
      'sagemaker:ListPipelineVersions',
      'sagemaker:StartPipelineExecution',
      'sagemaker:UpdatePipeline',
      'sagemaker:UpdatePipelineVersion',
    ],
    createdAsOwner: [...CREATE_PIPELINE, 'sagemaker:AddTags'],
    parentChecked: [],
    shared: [
      { actions: ['sagemaker:ListPipelines'], reason: SHARED_REASON.list },
    ],
    withheld: [
      {
        actions: [
          'sagemaker:DescribePipelineDefinitionForExecution',
          'sagemaker:DescribePipelineExecution',
          'sagemaker:ListPipelineExecutionSteps',
          'sagemaker:ListPipelineParametersForExecution',
          'sagemaker:RetryPipelineExecution',
          'sagemaker:SendPipelineExecutionStepFailure',
          'sagemaker:SendPipelineExecutionStepSuccess',
          'sagemaker:StopPipelineExecution',
          'sagemaker:UpdatePipelineExecution',
        ],
        reason: EXECUTIONS_WITHHELD,
      },
    ],
  },
  statements: ({ arn, params }) => {
    const pipelines = [arn.sagemaker('pipeline/*')];
    const executions = [arn.sagemaker('pipeline/*/execution/*')];
    return [
      { actions: CREATE_PIPELINE, resources: pipelines, createdAsOwner: true },
      tagOnCreate(CREATE_PIPELINE, pipelines),
      {
        actions: [
          'sagemaker:DeletePipeline',
          'sagemaker:DescribePipeline',
          'sagemaker:ListPipelineExecutions',
          'sagemaker:ListPipelineVersions',
          'sagemaker:StartPipelineExecution',
          'sagemaker:UpdatePipeline',
          'sagemaker:UpdatePipelineVersion',
        ],
        resources: pipelines,
        userOwned: true,
      },
      {
        withheldWhenIsolated: true,
        // Not userOwned: StartPipelineExecution takes no tags (no aws:RequestTag key in the service
        // authorization reference), so executions lack the creator's user-profile tag and an ABAC
        // tag check would lock every user out of them. The pipeline itself is checked above.
        actions: [
          'sagemaker:DescribePipelineDefinitionForExecution',
          'sagemaker:DescribePipelineExecution',
          'sagemaker:ListPipelineExecutionSteps',
          'sagemaker:ListPipelineParametersForExecution',
          'sagemaker:RetryPipelineExecution',
          // Callback steps: the code that did a step's work reports back with the step's token.
          'sagemaker:SendPipelineExecutionStepFailure',
          'sagemaker:SendPipelineExecutionStepSuccess',
          'sagemaker:StopPipelineExecution',
          'sagemaker:UpdatePipelineExecution',
        ],
        resources: executions,
      },
      { actions: ['sagemaker:ListPipelines'], resources: ['*'] },
      passRolesToSageMaker(params.PassRoles),
    ];
  },
});
