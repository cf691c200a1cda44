// Personas: preset bundles of activities. `Activities`, when given, replaces the defaults exactly.
// Changing a persona's defaults changes the permissions of every existing role
// that omits Activities: say so in CHANGELOG.md and the README's upgrade notes.

import type { PersonaId } from './names';

/** AWS's persona reference for SageMaker Role Manager, which the defaults are justified against. */
export const AWS_PERSONA_REFERENCE = 'https://docs.aws.amazon.com/sagemaker/latest/dg/role-manager-personas.html';

export interface PersonaDefinition {
  id: PersonaId;
  title: string;
  description: string;
  defaultActivities: readonly string[];
  /** The AWS document the defaults follow (empty for Custom, which has none). */
  reference: string;
  /** Why each default activity is in the persona, against the reference: one entry per default, no more. */
  reasons: Readonly<Record<string, string>>;
}

export const PERSONAS: readonly PersonaDefinition[] = [
  {
    id: 'DataScientist',
    title: 'Data Scientist',
    description:
      'Works in SageMaker Studio: prepares data, trains and tunes models, tracks experiments and registers models.',
    // The SageMaker Immersion Day lab's six (Role Manager's data scientist
    // activities) plus only activities that need no parameter, so the lab's
    // walkthrough (one execution role, one bucket) works as written.
    defaultActivities: [
      'RunStudioApps',
      'ManageExperiments',
      'ManageMLJobs',
      'ManageModels',
      'ManagePipelines',
      'S3BucketAccess',
      'SearchVisualizeExperiments',
      'UseMLflow',
    ],
    reference: AWS_PERSONA_REFERENCE,
    reasons: {
      RunStudioApps: 'Role Manager data scientist activity: data scientists work in Studio, and a domain or user-profile execution role needs it.',
      ManageExperiments: 'Role Manager data scientist activity: "perform experiments" - create and track experiments, trials and runs.',
      ManageMLJobs: 'Role Manager data scientist activity: "process Amazon S3 data ... and produce models" is done by processing, training and tuning jobs.',
      ManageModels: 'Role Manager data scientist activity: "produce models" - create models and register them in the model registry.',
      ManagePipelines: 'Role Manager data scientist activity: build and run the SageMaker Pipelines that chain their jobs.',
      S3BucketAccess: 'Role Manager data scientist activity: "process Amazon S3 data" in the buckets the role is given (S3Buckets).',
      SearchVisualizeExperiments:
        'Needs no parameter: comparing and searching the experiments the persona runs is part of "perform experiments".',
      UseMLflow: 'Needs no parameter: experiment tracking on SageMaker MLflow, the tracking Studio offers next to SageMaker Experiments.',
    },
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
    reference: AWS_PERSONA_REFERENCE,
    reasons: {
      RunStudioApps: 'AWS: the MLOps persona works "from within a SageMaker environment", i.e. Studio.',
      ManageModels: 'AWS: "permitted to manage models" - approve and deploy model package versions of the registry.',
      ManageEndpoints: 'AWS: "permitted to manage ... endpoints" - deploy, update and delete real-time endpoints.',
      ManagePipelines: 'AWS: "permitted to manage ... pipelines" - the CI/CD pipelines that build and release models.',
      ManageModelMonitoring:
        'Operating endpoints in production includes monitoring them (Model Monitor schedules), an operations activity of the Role Manager catalog.',
      SearchVisualizeExperiments: 'AWS: "and audit resources" - search lineage and experiments behind a model in production.',
      S3BucketAccess: 'Model artifacts, batch inputs and monitoring baselines and reports live in the buckets the role is given (S3Buckets).',
    },
  },
  {
    id: 'ComputeRole',
    title: 'SageMaker Compute Role',
    description: 'Passed to jobs and endpoints: reads data, pulls images, writes logs and metrics, attaches to the VPC.',
    defaultActivities: ['AccessRequiredAwsServices'],
    reference: AWS_PERSONA_REFERENCE,
    reasons: {
      AccessRequiredAwsServices:
        'AWS: the compute persona is "used by SageMaker compute resources such as jobs and endpoints" to access S3, ECR, CloudWatch and EC2 - exactly this activity, which AWS marks as required for execution roles of jobs and endpoints.',
    },
  },
  {
    id: 'Custom',
    title: 'Custom',
    description: 'No defaults: the Activities property lists every activity.',
    defaultActivities: [],
    reference: '',
    reasons: {},
  },
];

export function findPersona(id: string): PersonaDefinition | undefined {
  return PERSONAS.find((p) => p.id === id);
}
