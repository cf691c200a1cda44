// Reads the file given to `plan`: a JSON properties file, or a CloudFormation
// template (YAML with short-form tags, or JSON) whose Custom::SageMakerPersonaRole
// resources are planned.

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { Attr, parseProperties, PersonaRoleError, Prop, RESOURCE_TYPE, roleName, type PlanContext } from '../policy-engine';
import { roleIamPath } from '../policy-engine/names';
import { DependencyError, resolveTemplate, UnresolvableError, type ResolvedTemplate, type UnknownValue, type UnresolvedIssue } from './intrinsics';
import { cloudFormationTags } from './yaml-tags';

/** One role to plan: its resolved properties, or why they cannot be resolved offline. */
export type RoleInput =
  | { logicalId: string; properties: unknown }
  | { logicalId: string; error: string; issues: readonly UnresolvedIssue[] };

export class InputError extends Error {
  /** What the error is about, for JSON errors: a file, or the option at fault. */
  readonly path: string;
  constructor(message: string, path = '') {
    super(message);
    this.name = 'InputError';
    this.path = path;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `file`, or standard input for `-`. */
export function readText(file: string, stdin: () => string = () => readFileSync(0, 'utf8')): string {
  try {
    return file === '-' ? stdin() : readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${file === '-' ? 'standard input' : file}: ${(error as Error).message}`, file);
  }
}

export function readDocument(file: string, stdin?: () => string): unknown {
  const text = readText(file, stdin);
  try {
    // YAML is a superset of JSON, so one parser reads both.
    return parse(text, { customTags: cloudFormationTags(), uniqueKeys: true });
  } catch (error) {
    throw new InputError(`${file === '-' ? 'standard input' : file} is neither valid JSON nor valid YAML: ${(error as Error).message}`, file);
  }
}

export function isTemplate(doc: unknown): doc is Record<string, unknown> {
  return isRecord(doc) && isRecord(doc.Resources);
}

const IGNORED = [Prop.ServiceToken, Prop.ServiceTimeout];

/** Values known only once deployed, given on the command line. */
export interface SuppliedValues {
  /** `LogicalId.Attribute` (Fn::GetAtt) or `LogicalId` (Ref) → value. */
  resources?: Readonly<Record<string, string>>;
  /** Export name → value (Fn::ImportValue). */
  imports?: Readonly<Record<string, string>>;
}

/** Errors suggest the command-line option that supplies the missing value. */
function cliHint(unknown: UnknownValue): string {
  switch (unknown.kind) {
    case 'parameter':
      return `give it a value with --parameter ${unknown.name}=VALUE`;
    case 'resource':
      return `give its value with --resource-value ${unknown.logicalId}${unknown.attribute !== undefined ? `.${unknown.attribute}` : ''}=VALUE`;
    case 'import':
      return `give its value with --import-value ${unknown.exportName}=VALUE`;
    default:
      return 'use a literal value, a pseudo parameter, or a template Parameter';
  }
}

function checkSuppliedResources(resources: Record<string, unknown>, supplied: Readonly<Record<string, string>>): void {
  for (const key of Object.keys(supplied)) {
    const id = key.includes('.') ? key.slice(0, key.indexOf('.')) : key;
    if (!Object.prototype.hasOwnProperty.call(resources, id)) {
      throw new InputError(`--resource-value ${key}: the template has no resource ${id}`, '--resource-value');
    }
  }
}

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
  supplied: SuppliedValues = {},
): RoleInput[] {
  const resources = template.Resources as Record<string, unknown>;
  const givenResources = supplied.resources ?? {};
  const givenImports = supplied.imports ?? {};
  checkSuppliedResources(resources, givenResources);
  const ids = Object.keys(resources).filter((id) => {
    const resource = resources[id];
    return isRecord(resource) && resource.Type === RESOURCE_TYPE;
  });
  if (ids.length === 0) throw new InputError(`the template has no ${RESOURCE_TYPE} resources`);
  if (onlyLogicalId !== undefined && !ids.includes(onlyLogicalId)) {
    throw new InputError(`--logical-id ${onlyLogicalId}: no ${RESOURCE_TYPE} with that logical id; the template has ${ids.join(', ')}`, '--logical-id');
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
  const has = (record: Readonly<Record<string, string>>, key: string) => Object.prototype.hasOwnProperty.call(record, key);
  const resourceValue = (resource: string, attribute: string | undefined): string | undefined => {
    const key = attribute === undefined ? resource : `${resource}.${attribute}`;
    if (has(givenResources, key)) return givenResources[key];
    if (!ids.includes(resource) || resolving.has(resource)) return undefined;
    // A persona role's physical id (Ref) is its name.
    if (attribute !== undefined && attribute !== Attr.Arn && attribute !== Attr.RoleName) return undefined;
    let created: boolean;
    try {
      created = resolver.isCreated(resource);
    } catch {
      return undefined;
    }
    if (!created) return undefined;
    let props: ReturnType<typeof parseProperties>;
    try {
      props = parseProperties(propertiesOf(resource));
    } catch (error) {
      if (error instanceof UnresolvableError || error instanceof PersonaRoleError) {
        throw new DependencyError(`depends on ${resource}, which is invalid (see its errors)`);
      }
      throw error;
    }
    const name = roleName({ ...props, stackName: ctx.stackName, stackId: ctx.stackId, logicalId: resource });
    return attribute === Attr.Arn ? `arn:${ctx.partition}:iam::${ctx.account}:role${roleIamPath(props.path)}${name}` : name;
  };
  const importValue = (name: string): string | undefined => (has(givenImports, name) ? givenImports[name] : undefined);
  let resolver: ResolvedTemplate;
  try {
    resolver = resolveTemplate(template, { pseudo: ctx, parameters, resourceValue, importValue, hint: cliHint });
  } catch (error) {
    if (error instanceof UnresolvableError) throw new InputError(`--parameter: ${error.message}`, '--parameter');
    throw error;
  }
  const roles: RoleInput[] = [];
  for (const id of ids) {
    if (onlyLogicalId !== undefined && id !== onlyLogicalId) continue;
    try {
      if (!resolver.isCreated(id)) {
        const condition = String((resources[id] as Record<string, unknown>).Condition);
        if (onlyLogicalId !== undefined) {
          throw new InputError(`--logical-id ${onlyLogicalId}: its Condition ${condition} is false, so the stack does not create it`, '--logical-id');
        }
        continue;
      }
      roles.push({ logicalId: id, properties: propertiesOf(id) });
    } catch (error) {
      if (!(error instanceof UnresolvableError)) throw error;
      // isCreated already names the logical id; the caller adds it to property errors.
      const prefix = `${id}: `;
      const strip = (text: string) => (text.startsWith(prefix) ? text.slice(prefix.length) : text);
      roles.push({ logicalId: id, error: strip(error.message), issues: error.issues.map((i) => ({ path: i.path, message: strip(i.message) })) });
    }
  }
  if (roles.length === 0) {
    throw new InputError(`the template creates no ${RESOURCE_TYPE} with these parameters: every one has a false Condition`);
  }
  return roles;
}
