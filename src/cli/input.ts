// Reads the file given to `plan`: a JSON properties file, or a CloudFormation
// template (YAML with short-form tags, or JSON) whose Custom::SageMakerPersonaRole
// resources are planned.

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { Attr, parseProperties, Prop, RESOURCE_TYPE, roleName, type PlanContext } from '../policy-engine';
import { roleIamPath } from '../policy-engine/names';
import { resolveTemplate, UnresolvableError, type ResolvedTemplate } from './intrinsics';
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
 * Every persona role the template creates (Conditions applied), with
 * offline-resolvable intrinsics substituted; `parameters` override the
 * Parameters' Defaults. `Fn::GetAtt X.Arn` / `X.RoleName` of another persona
 * role in the same template resolves to the name that role will get, so a
 * data scientist role can pass the template's compute role.
 */
export function rolesFromTemplate(
  template: Record<string, unknown>,
  ctx: Omit<PlanContext, 'logicalId' | 'limits'>,
  onlyLogicalId?: string,
  parameters: Readonly<Record<string, string>> = {},
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
    resolving.add(id);
    try {
      return resolver.properties(id, IGNORED);
    } finally {
      resolving.delete(id);
    }
  };
  const resourceValue = (resource: string, attribute: string | undefined): string | undefined => {
    if (!ids.includes(resource) || resolving.has(resource)) return undefined;
    if (attribute !== Attr.Arn && attribute !== Attr.RoleName) return undefined;
    try {
      if (!resolver.isCreated(resource)) return undefined;
      const props = parseProperties(propertiesOf(resource));
      const name = roleName({ ...props, stackName: ctx.stackName, stackId: ctx.stackId, logicalId: resource });
      return attribute === Attr.RoleName ? name : `arn:${ctx.partition}:iam::${ctx.account}:role${roleIamPath(props.path)}${name}`;
    } catch {
      return undefined;
    }
  };
  let resolver: ResolvedTemplate;
  try {
    resolver = resolveTemplate(template, { pseudo: ctx, parameters, resourceValue });
  } catch (error) {
    if (error instanceof UnresolvableError) throw new InputError(`--parameter: ${error.message}`);
    throw error;
  }
  const roles: RoleInput[] = [];
  for (const id of ids) {
    if (onlyLogicalId !== undefined && id !== onlyLogicalId) continue;
    try {
      if (!resolver.isCreated(id)) {
        const condition = String((resources[id] as Record<string, unknown>).Condition);
        if (onlyLogicalId !== undefined) {
          throw new InputError(`--logical-id ${onlyLogicalId}: its Condition ${condition} is false, so the stack does not create it`);
        }
        continue;
      }
      roles.push({ logicalId: id, properties: propertiesOf(id) });
    } catch (error) {
      if (!(error instanceof UnresolvableError)) throw error;
      // isCreated already names the logical id; the caller adds it to property errors.
      const prefix = `${id}: `;
      roles.push({ logicalId: id, error: error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message });
    }
  }
  if (roles.length === 0) {
    throw new InputError(`the template creates no ${RESOURCE_TYPE} with these parameters: every one has a false Condition`);
  }
  return roles;
}
