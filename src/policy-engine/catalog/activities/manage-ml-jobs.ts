import { defineActivity } from '../model';
import { volumeKeyGrantsViaSageMaker } from '../kms';
import { passRolesToSageMaker, SHARED_REASON, tagOnCreate } from '../shared';

// Training, processing, tuning, AutoML and batch transform jobs: created,
// watched and stopped by the persona, run by a compute role it passes.
// Actions, resource types and condition keys: Service Authorization Reference
// for Amazon SageMaker AI.

// These five accept VpcConfig, a volume key and an output key, so every one of
// them carries sagemaker:VpcSubnets, sagemaker:VpcSecurityGroupIds,
// sagemaker:VolumeKmsKeyArn and sagemaker:OutputKmsKeyArn.
const CREATE_IN_VPC = [
  'sagemaker:CreateAutoMLJob',
  'sagemaker:CreateAutoMLJobV2',
  'sagemaker:CreateHyperParameterTuningJob',
  'sagemaker:CreateProcessingJob',
  'sagemaker:CreateTrainingJob',
];
// Training (directly or through tuning) can read a file system (sagemaker:FileSystemId and friends).
const READS_FILE_SYSTEMS = ['sagemaker:CreateHyperParameterTuningJob', 'sagemaker:CreateTrainingJob'];
// Batch transform has no VpcConfig of its own (it runs in the model's VPC), but takes both keys.
const CREATE_TRANSFORM = ['sagemaker:CreateTransformJob'];

const JOB_LOG_GROUPS = ['TrainingJobs', 'ProcessingJobs', 'TransformJobs'];

export const manageMLJobs = defineActivity({
  id: 'ManageMLJobs',
  title: 'Manage ML Jobs',
  description:
    'Create, describe, stop and list training, processing, tuning, AutoML and batch transform jobs, read their logs, and pass a compute role to them.',
  requiredParameters: ['PassRoles'],
  vpc: true,
  kms: true,
  fidelity: {
    references: [
      { file: 'role-manager-templates/manageJobs.json' },
      { file: 'role-manager-templates/manageJobsKms.json' },
      { file: 'role-manager-templates/manageJobsVpc.json' },
      { file: 'role-manager-templates/manageJobsVpcKms.json' },
    ],
    omissions: {
      'sagemaker:BatchGetMetrics': 'reading a job\'s experiment metrics is SearchVisualizeExperiments\' job',
      'sagemaker:Search': 'searching across experiments and jobs is SearchVisualizeExperiments\' job',
    },
    extras: {
      'logs:DescribeLogStreams': 'follow a job\'s log from Studio (read-only, SageMaker job log groups only)',
      'logs:GetLogEvents': 'follow a job\'s log from Studio (read-only, SageMaker job log groups only)',
      'sagemaker:AddTags': 'tags what the persona creates, only at creation (sagemaker:TaggingAction), so Studio\'s user-profile tag can mark the creator',
      'sagemaker:CreateAutoMLJobV2': 'AutoML V2 is the current AutoML API (the template predates it); same VPC/KMS conditions',
      'sagemaker:DescribeAutoMLJobV2': 'AutoML V2 is the current AutoML API (the template predates it)',
    },
  },
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    // iam:PassRole: only roles tagged as the caller's own (UserIsolation.UserProfileName roles).
    ownerChecked: [
      'iam:PassRole',
      'sagemaker:DescribeAutoMLJob',
      'sagemaker:DescribeAutoMLJobV2',
      'sagemaker:DescribeHyperParameterTuningJob',
      'sagemaker:DescribeProcessingJob',
      'sagemaker:DescribeTrainingJob',
      'sagemaker:DescribeTransformJob',
      'sagemaker:ListTrainingJobsForHyperParameterTuningJob',
      'sagemaker:StopAutoMLJob',
      'sagemaker:StopHyperParameterTuningJob',
      'sagemaker:StopProcessingJob',
      'sagemaker:StopTrainingJob',
      'sagemaker:StopTransformJob',
      'sagemaker:UpdateTrainingJob',
    ],
    createdAsOwner: [...CREATE_IN_VPC, ...CREATE_TRANSFORM, 'sagemaker:AddTags'],
    parentChecked: [],
    shared: [
      { actions: ['kms:CreateGrant'], reason: SHARED_REASON.kms },
      {
        actions: [
          'sagemaker:ListAutoMLJobs',
          'sagemaker:ListHyperParameterTuningJobs',
          'sagemaker:ListProcessingJobs',
          'sagemaker:ListTrainingJobs',
          'sagemaker:ListTransformJobs',
        ],
        reason: SHARED_REASON.list,
      },
    ],
    withheld: [
      {
        actions: ['sagemaker:ListCandidatesForAutoMLJob'],
        reason:
          'it has no resource type, so IAM cannot check whose AutoML job it reads, and it returns every candidate\'s containers, hyperparameters and metrics: describe your own AutoML jobs instead',
      },
      {
        actions: ['logs:DescribeLogStreams', 'logs:GetLogEvents'],
        reason: 'job log streams are named after the job, not its owner, and CloudWatch Logs cannot check a SageMaker owner tag: follow jobs with DescribeTrainingJob and friends',
      },
    ],
  },
  statements: (ctx) => {
    const { arn, params } = ctx;
    const jobs = [
      arn.sagemaker('automl-job/*'),
      arn.sagemaker('hyper-parameter-tuning-job/*'),
      arn.sagemaker('processing-job/*'),
      arn.sagemaker('training-job/*'),
    ];
    const transformJobs = [arn.sagemaker('transform-job/*')];
    return [
      ...(ctx.userIsolation !== undefined
        ? [
            {
              actions: CREATE_IN_VPC.filter((a) => !READS_FILE_SYSTEMS.includes(a)),
              resources: [arn.sagemaker('automl-job/*'), arn.sagemaker('processing-job/*')],
              vpc: true,
              volumeKms: true,
              outputKms: true,
              createdAsOwner: true,
            },
            {
              // A file system input (EFS, FSx for Lustre) is mounted over the network, not read
              // through the user's S3 prefix: in a shared role, training reads S3 only.
              actions: READS_FILE_SYSTEMS,
              resources: [arn.sagemaker('hyper-parameter-tuning-job/*'), arn.sagemaker('training-job/*')],
              conditions: { Null: { 'sagemaker:FileSystemId': 'true' } },
              vpc: true,
              volumeKms: true,
              outputKms: true,
              createdAsOwner: true,
            },
          ]
        : [{ actions: CREATE_IN_VPC, resources: jobs, vpc: true, volumeKms: true, outputKms: true }]),
      { actions: CREATE_TRANSFORM, resources: transformJobs, volumeKms: true, outputKms: true, createdAsOwner: true },
      tagOnCreate([...CREATE_IN_VPC, ...CREATE_TRANSFORM], [...jobs, ...transformJobs]),
      {
        actions: [
          'sagemaker:DescribeAutoMLJob',
          'sagemaker:DescribeAutoMLJobV2',
          'sagemaker:DescribeHyperParameterTuningJob',
          'sagemaker:DescribeProcessingJob',
          'sagemaker:DescribeTrainingJob',
          'sagemaker:DescribeTransformJob',
          'sagemaker:ListTrainingJobsForHyperParameterTuningJob',
          'sagemaker:StopAutoMLJob',
          'sagemaker:StopHyperParameterTuningJob',
          'sagemaker:StopProcessingJob',
          'sagemaker:StopTrainingJob',
          'sagemaker:StopTransformJob',
          'sagemaker:UpdateTrainingJob',
        ],
        resources: [...jobs, ...transformJobs],
        userOwned: true,
      },
      {
        // These List* actions support no resource type: IAM authorizes them only against "*".
        actions: [
          'sagemaker:ListAutoMLJobs',
          'sagemaker:ListHyperParameterTuningJobs',
          'sagemaker:ListProcessingJobs',
          'sagemaker:ListTrainingJobs',
          'sagemaker:ListTransformJobs',
        ],
        resources: ['*'],
      },
      // Lists another job's candidates (containers, hyperparameters, metrics), and IAM cannot check whose job.
      { actions: ['sagemaker:ListCandidatesForAutoMLJob'], resources: ['*'], withheldWhenIsolated: true },
      {
        // The job logs SageMaker writes, so the persona can follow a job from Studio.
        actions: ['logs:DescribeLogStreams', 'logs:GetLogEvents'],
        withheldWhenIsolated: true,
        resources: JOB_LOG_GROUPS.flatMap((group) => [
          arn.regional('logs', `log-group:/aws/sagemaker/${group}`),
          arn.regional('logs', `log-group:/aws/sagemaker/${group}:log-stream:*`),
        ]),
      },
      passRolesToSageMaker(params.PassRoles),
      // SageMaker encrypts the jobs' volumes with a grant on VolumeKmsKeyArns created in the caller's name.
      ...volumeKeyGrantsViaSageMaker(ctx),
    ];
  },
});
