import { defineActivity } from '../model';

// PLACEHOLDER: the catalog author replaces this whole file. Selecting it fails loudly until then.
export const manageMLflowTrackingServers = defineActivity({
  id: 'ManageMLflowTrackingServers',
  title: 'Manage MLflow Tracking Servers',
  description: 'Not written yet.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: () => {
    throw new Error('ManageMLflowTrackingServers: this activity is not written yet');
  },
});
