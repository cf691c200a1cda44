// The activity catalog, in the order the console lists the activities.
// Add an activity: one file under activities/, one line in each list below.

import type { ActivityDefinition } from './model';
import { accessRequiredAwsServices } from './activities/access-required-aws-services';
import { runStudioApps } from './activities/run-studio-apps';
import { manageMLJobs } from './activities/manage-ml-jobs';
import { manageModels } from './activities/manage-models';
import { manageEndpoints } from './activities/manage-endpoints';
import { managePipelines } from './activities/manage-pipelines';
import { manageExperiments } from './activities/manage-experiments';
import { searchVisualizeExperiments } from './activities/search-visualize-experiments';
import { manageModelMonitoring } from './activities/manage-model-monitoring';
import { s3FullAccess } from './activities/s3-full-access';
import { s3BucketAccess } from './activities/s3-bucket-access';
import { queryAthenaWorkgroups } from './activities/query-athena-workgroups';
import { manageGlueTables } from './activities/manage-glue-tables';
import { canvasCoreAccess } from './activities/canvas-core-access';
import { canvasDataPreparation } from './activities/canvas-data-preparation';
import { canvasAIServices } from './activities/canvas-ai-services';
import { canvasMLOps } from './activities/canvas-mlops';
import { canvasKendraAccess } from './activities/canvas-kendra-access';
import { useMLflow } from './activities/use-mlflow';
import { manageMLflowTrackingServers } from './activities/manage-mlflow-tracking-servers';
import {
  accessRequiredAwsServicesForMLflow,
  accessRequiredAwsServicesForMLflowApps,
} from './activities/access-required-aws-services-for-mlflow';
import { manageMLflowApps } from './activities/manage-mlflow-apps';
import { runStudioEmrServerlessApps } from './activities/run-studio-emr-serverless-apps';

// `as const` keeps each activity's literal id and parameter lists, so the CDK layer
// can type its props from the catalog itself instead of a second hand-written list.
const CATALOG = [
  accessRequiredAwsServices,
  runStudioApps,
  manageMLJobs,
  manageModels,
  manageEndpoints,
  managePipelines,
  manageExperiments,
  searchVisualizeExperiments,
  manageModelMonitoring,
  s3FullAccess,
  s3BucketAccess,
  queryAthenaWorkgroups,
  manageGlueTables,
  canvasCoreAccess,
  canvasDataPreparation,
  canvasAIServices,
  canvasMLOps,
  canvasKendraAccess,
  useMLflow,
  manageMLflowTrackingServers,
  accessRequiredAwsServicesForMLflow,
  manageMLflowApps,
  accessRequiredAwsServicesForMLflowApps,
  runStudioEmrServerlessApps,
] as const;

export const ACTIVITIES: readonly ActivityDefinition[] = CATALOG;

/** One catalog entry with its literal types (id, parameter lists, vpc/kms flags). */
export type CatalogActivity = (typeof CATALOG)[number];
/** Literal union of every activity id. */
export type ActivityId = CatalogActivity['id'];

export const ACTIVITY_IDS = ACTIVITIES.map((a) => a.id);

const byId = new Map(ACTIVITIES.map((a) => [a.id, a]));

export function findActivity(id: string): ActivityDefinition | undefined {
  return byId.get(id);
}

export * from './model';
