// Reads the file given to `plan`: a JSON properties file, or a CloudFormation
// template (YAML with short-form tags, or JSON) whose Custom::SageMakerPersonaRole
// resources are planned.

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { Attr, parseProperties, Prop, RESOURCE_TYPE, roleName, type PlanContext } from '../policy-engine';
import { parameterDefaults, resolveProperties, UnresolvableError, type OfflineValues } from './intrinsics';
import { cloudFormationTags } from './yaml-tags';

/** One role to plan: its resolved properties, or why they cannot be resolved offline. */
export type RoleInput = { logicalId: string; properties: unknown } | { logicalId: string; error: string };

export class InputError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readDocument(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    // YAML is a superset of JSON, so one parser reads both.
    return parse(text, { customTags: cloudFormationTags(), uniqueKeys: true });
  } catch (error) {
    throw new InputError(`${file} is neither valid JSON nor valid YAML: ${(error as Error).message}`);
  }
}

export function isTemplate(doc: unknown): doc is Record<string, unknown> {
  return isRecord(doc) && isRecord(doc.Resources);
}

const IGNORED = [Prop.ServiceToken, Prop.ServiceTimeout];

/**
 * Every persona role in the template, with offline-resolvable intrinsics
 * substituted. `Fn::GetAtt X.Arn` / `X.RoleName` of another persona role in the
 * same template resolves to the name that role will get, so a data scientist
 * role can pass the template's compute role.
 */
export function rolesFromTemplate(
  template: Record<string, unknown>,
  ctx: Omit<PlanContext, 'logicalId' | 'limits'>,
  onlyLogicalId?: string,
): RoleInput[] {
  const resources = template.Resources as Record<string, unknown>;
  const ids = Object.keys(resources).filter((id) => {
    const resource = resources[id];
    return isRecord(resource) && resource.Type === RESOURCE_TYPE;
  });
  if (ids.length === 0) throw new InputError(`the template has no ${RESOURCE_TYPE} resources`);
  if (onlyLogicalId !== undefined && !ids.includes(onlyLogicalId)) {
    throw new InputError(`--logical-id ${onlyLogicalId}: no ${RESOURCE_TYPE} with that logical id; the template has ${ids.join(', ')}`);
  }
  const resolving = new Set<string>();
  const propertiesOf = (id: string): Record<string, unknown> => {
    const resource = resources[id] as Record<string, unknown>;
    const properties = isRecord(resource.Properties) ? resource.Properties : {};
    resolving.add(id);
    try {
      return resolveProperties(properties, offline, IGNORED);
    } finally {
      resolving.delete(id);
    }
  };
  const getAtt = (resource: string, attribute: string): string | undefined => {
    if (!ids.includes(resource) || resolving.has(resource)) return undefined;
    if (attribute !== Attr.Arn && attribute !== Attr.RoleName) return undefined;
    try {
      const props = parseProperties(propertiesOf(resource));
      const name = roleName({ ...props, stackName: ctx.stackName, stackId: ctx.stackId, logicalId: resource });
      return attribute === Attr.RoleName ? name : `arn:${ctx.partition}:iam::${ctx.account}:role${props.path}${name}`;
    } catch {
      return undefined;
    }
  };
  const offline: OfflineValues = { ...ctx, parameters: parameterDefaults(template), getAtt };
  return ids
    .filter((id) => onlyLogicalId === undefined || id === onlyLogicalId)
    .map((id) => {
      try {
        return { logicalId: id, properties: propertiesOf(id) };
      } catch (error) {
        if (error instanceof UnresolvableError) return { logicalId: id, error: error.message };
        throw error;
      }
    });
}
