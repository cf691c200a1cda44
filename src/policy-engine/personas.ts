// Personas: preset bundles of activities. `Activities`, when given, replaces the defaults exactly.

import type { PersonaId } from './names';

export interface PersonaDefinition {
  id: PersonaId;
  title: string;
  description: string;
  defaultActivities: readonly string[];
}

export const PERSONAS: readonly PersonaDefinition[] = [
  {
    id: 'DataScientist',
    title: 'Data Scientist',
    description:
      'Works in SageMaker Studio: prepares data, trains and tunes models, tracks experiments and registers models.',
    defaultActivities: [
      'RunStudioApps',
      'ManageMLJobs',
      'ManageModels',
      'ManagePipelines',
      'ManageExperiments',
      'SearchVisualizeExperiments',
      'S3BucketAccess',
      'QueryAthenaWorkgroups',
      'ManageGlueTables',
      'UseMLflow',
    ],
  },
  {
    id: 'MLOps',
    title: 'MLOps Engineer',
    description: 'Operates models in production: models, endpoints, pipelines and model monitoring.',
    defaultActivities: [
      'RunStudioApps',
      'ManageModels',
      'ManageEndpoints',
      'ManagePipelines',
      'ManageModelMonitoring',
      'SearchVisualizeExperiments',
      'S3BucketAccess',
    ],
  },
  {
    id: 'ComputeRole',
    title: 'SageMaker Compute Role',
    description: 'Passed to jobs and endpoints: reads data, pulls images, writes logs and metrics, attaches to the VPC.',
    defaultActivities: ['AccessRequiredAwsServices'],
  },
  {
    id: 'Custom',
    title: 'Custom',
    description: 'No defaults: the Activities property lists every activity.',
    defaultActivities: [],
  },
];

export function findPersona(id: string): PersonaDefinition | undefined {
  return PERSONAS.find((p) => p.id === id);
}
