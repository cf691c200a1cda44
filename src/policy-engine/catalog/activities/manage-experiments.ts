import { defineActivity } from '../model';
import { SEARCH_WITHHELD, SHARED_REASON, tagOnCreate } from '../shared';

// SageMaker Experiments: experiments, trials and trial components, and the
// metrics logged to them.

const CREATE_EXPERIMENTS = ['sagemaker:CreateExperiment', 'sagemaker:CreateTrial', 'sagemaker:CreateTrialComponent'];

export const manageExperiments = defineActivity({
  id: 'ManageExperiments',
  title: 'Manage Experiments',
  description: 'Create, update, associate, log metrics to and delete experiments, trials and trial components.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    ownerChecked: [
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
    createdAsOwner: ['sagemaker:AddTags', 'sagemaker:CreateExperiment', 'sagemaker:CreateTrialComponent'],
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
