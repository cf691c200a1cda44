import { defineActivity } from '../model';
import { SEARCH_WITHHELD, SHARED_REASON, tagOnCreate } from '../shared';

// SageMaker Experiments: experiments, trials and trial components, the
// metrics logged to them, and the ML lineage they record. The SageMaker Python
// SDK's Run writes lineage when it closes (run.log_file(), log_artifact(),
// input/output artifacts): artifacts, actions and contexts associated with
// the run's trial component, so lineage is part of managing experiments.

const CREATE_EXPERIMENTS = ['sagemaker:CreateExperiment', 'sagemaker:CreateTrial', 'sagemaker:CreateTrialComponent'];
const CREATE_LINEAGE = ['sagemaker:CreateAction', 'sagemaker:CreateArtifact', 'sagemaker:CreateContext'];

export const manageExperiments = defineActivity({
  id: 'ManageExperiments',
  title: 'Manage Experiments',
  description:
    'Create, update, associate, log metrics to and delete experiments, trials and trial components, and record their ML lineage (artifacts, actions, contexts, associations).',
  requiredParameters: [],
  vpc: false,
  kms: false,
  fidelity: {
    references: [
      { file: 'role-manager-templates/manageExperiments.json' },
    ],
    omissions: {},
    extras: {
      'sagemaker:AddTags': 'tags what the persona creates, only at creation (sagemaker:TaggingAction), so Studio\'s user-profile tag can mark the creator',
      'sagemaker:BatchGetMetrics': 'the SDK\'s Run reads back the metrics it logged',
      'sagemaker:BatchPutMetrics': 'run.log_metric() from a notebook writes metrics with BatchPutMetrics',
      'sagemaker:DescribeExperiment': 'the SDK\'s Run loads an existing experiment before writing to it',
      'sagemaker:DescribeTrial': 'the SDK\'s Run loads an existing trial before writing to it',
      'sagemaker:DescribeTrialComponent': 'the SDK\'s Run loads an existing run before writing to it',
      'sagemaker:ListExperiments': 'list what one manages (read-only, no resource type)',
      'sagemaker:ListTrialComponents': 'list what one manages (read-only, no resource type)',
      'sagemaker:ListTrials': 'list what one manages (read-only, no resource type)',
      'sagemaker:Search': 'the SDK finds runs by name with Search',
    },
  },
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    ownerChecked: [
      // An association needs both of its ends to be the caller's own.
      'sagemaker:AddAssociation',
      'sagemaker:AssociateTrialComponent',
      'sagemaker:BatchGetMetrics',
      'sagemaker:BatchPutMetrics',
      'sagemaker:DeleteAction',
      'sagemaker:DeleteArtifact',
      'sagemaker:DeleteAssociation',
      'sagemaker:DeleteContext',
      'sagemaker:DeleteExperiment',
      'sagemaker:DeleteTrial',
      'sagemaker:DeleteTrialComponent',
      'sagemaker:DescribeExperiment',
      'sagemaker:DescribeTrial',
      'sagemaker:DescribeTrialComponent',
      'sagemaker:DisassociateTrialComponent',
      'sagemaker:UpdateAction',
      'sagemaker:UpdateArtifact',
      'sagemaker:UpdateContext',
      'sagemaker:UpdateExperiment',
      'sagemaker:UpdateTrial',
      'sagemaker:UpdateTrialComponent',
    ],
    createdAsOwner: ['sagemaker:AddTags', 'sagemaker:CreateExperiment', 'sagemaker:CreateTrialComponent', ...CREATE_LINEAGE],
    // A trial joins an existing experiment: it must be the caller's own.
    parentChecked: ['sagemaker:CreateTrial'],
    shared: [
      { actions: ['sagemaker:ListExperiments', 'sagemaker:ListTrialComponents', 'sagemaker:ListTrials'], reason: SHARED_REASON.list },
    ],
    withheld: [{ actions: ['sagemaker:Search'], reason: SEARCH_WITHHELD }],
  },
  statements: ({ arn }) => {
    const experiments = [arn.sagemaker('experiment/*')];
    const trials = [arn.sagemaker('experiment-trial/*')];
    const components = [arn.sagemaker('experiment-trial-component/*')];
    const lineage = [arn.sagemaker('action/*'), arn.sagemaker('artifact/*'), arn.sagemaker('context/*')];
    return [
      { actions: ['sagemaker:CreateExperiment'], resources: experiments, createdAsOwner: true },
      { actions: ['sagemaker:CreateTrialComponent'], resources: components, createdAsOwner: true },
      // CreateTrial is authorized on the new trial and on the experiment it joins.
      { actions: ['sagemaker:CreateTrial'], resources: trials, createdAsOwner: true },
      { actions: ['sagemaker:CreateTrial'], resources: experiments, userOwned: true },
      tagOnCreate(CREATE_EXPERIMENTS, [...experiments, ...trials, ...components]),
      {
        actions: [
          'sagemaker:AssociateTrialComponent',
          'sagemaker:BatchGetMetrics',
          'sagemaker:BatchPutMetrics',
          'sagemaker:DeleteExperiment',
          'sagemaker:DeleteTrial',
          'sagemaker:DeleteTrialComponent',
          'sagemaker:DescribeExperiment',
          'sagemaker:DescribeTrial',
          'sagemaker:DescribeTrialComponent',
          'sagemaker:DisassociateTrialComponent',
          'sagemaker:UpdateExperiment',
          'sagemaker:UpdateTrial',
          'sagemaker:UpdateTrialComponent',
        ],
        // BatchPutMetrics / BatchGetMetrics also act on the training job behind a trial component,
        // and DisassociateTrialComponent on the processing job behind one (service authorization reference).
        resources: [
          ...experiments,
          ...trials,
          ...components,
          arn.sagemaker('processing-job/*'),
          arn.sagemaker('training-job/*'),
        ],
        userOwned: true,
      },
      { actions: CREATE_LINEAGE, resources: lineage, createdAsOwner: true },
      tagOnCreate(CREATE_LINEAGE, lineage),
      {
        actions: [
          'sagemaker:DeleteAction',
          'sagemaker:DeleteArtifact',
          'sagemaker:DeleteContext',
          'sagemaker:UpdateAction',
          'sagemaker:UpdateArtifact',
          'sagemaker:UpdateContext',
        ],
        resources: lineage,
        userOwned: true,
      },
      {
        // An association is authorized on both of its ends, which may be any lineage entity,
        // an experiment or a trial component (service authorization reference).
        actions: ['sagemaker:AddAssociation', 'sagemaker:DeleteAssociation'],
        resources: [...lineage, ...experiments, ...components],
        userOwned: true,
      },
      {
        actions: [
          'sagemaker:ListExperiments',
          'sagemaker:ListTrialComponents',
          'sagemaker:ListTrials',
        ],
        resources: ['*'],
      },
      { actions: ['sagemaker:Search'], resources: ['*'], withheldWhenIsolated: true },
    ];
  },
});
