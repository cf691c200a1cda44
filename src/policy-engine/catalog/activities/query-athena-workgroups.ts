import { defineActivity } from '../model';

// PLACEHOLDER: the catalog author replaces this whole file. Selecting it fails loudly until then.
export const queryAthenaWorkgroups = defineActivity({
  id: 'QueryAthenaWorkgroups',
  title: 'Query Athena Workgroups',
  description: 'Not written yet.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: () => {
    throw new Error('QueryAthenaWorkgroups: this activity is not written yet');
  },
});
