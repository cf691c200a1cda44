import { defineActivity } from '../model';
import { tagOnCreate } from '../shared';

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
  statements: ({ arn }) => {
    const experiments = [arn.sagemaker('experiment/*')];
    const trials = [arn.sagemaker('experiment-trial/*')];
    const components = [arn.sagemaker('experiment-trial-component/*')];
    return [
      // CreateTrial is authorized on the new trial and on the experiment it joins.
      { actions: CREATE_EXPERIMENTS, resources: [...experiments, ...trials, ...components] },
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
          'sagemaker:Search',
        ],
        resources: ['*'],
      },
    ];
  },
});
