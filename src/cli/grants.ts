// What a set of statements grants, in the terms an administrator reviews:
// services, buckets, pass roles (to which services), repositories, workgroups,
// databases, KMS keys and VPC conditions. Read from the rendered statements
// themselves, so the summary and the diff cannot drift from what IAM gets.

import type { ConditionBlock, RolePlan, Statement } from '../policy-engine';

export function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

/** Every permission statement of a plan: the inline policies, then the owned managed policies. */
export function planStatements(plan: Pick<RolePlan, 'inlinePolicies' | 'managedPolicies'>): Statement[] {
  return [...plan.inlinePolicies, ...plan.managedPolicies].flatMap((p) => p.document.Statement);
}

export interface PassRoleGrant {
  role: string;
  /** iam:PassedToService values; empty when the grant has no such condition (any service). */
  services: string[];
}

export interface GrantDigest {
  /** Service prefixes of the actions, e.g. sagemaker, s3. */
  services: string[];
  actions: number;
  buckets: string[];
  passRoles: PassRoleGrant[];
  repositories: string[];
  workgroups: string[];
  databases: string[];
  kmsKeys: string[];
  subnets: string[];
  securityGroups: string[];
}

interface ParsedArn {
  service: string;
  resource: string;
}

function parseArn(arn: string): ParsedArn | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return { service: parts[2], resource: parts.slice(5).join(':') };
}

/** The name after `type/` in a resource part, e.g. repository/team-a/train → team-a/train. */
function named(resource: string, type: string, nested = false): string | undefined {
  if (!resource.startsWith(`${type}/`)) return undefined;
  const rest = resource.slice(type.length + 1);
  const name = nested ? rest : rest.split('/')[0];
  return name === '' || name === '*' ? undefined : name;
}

/** Values of the matching condition keys; `Null` checks (whether a key is present) hold no values to list. */
function conditionValues(block: ConditionBlock | undefined, matches: (key: string) => boolean): string[] {
  const out: string[] = [];
  for (const [operator, entries] of Object.entries(block ?? {})) {
    if (operator === 'Null') continue;
    for (const [key, value] of Object.entries(entries)) if (matches(key)) out.push(...list(value));
  }
  return out;
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

export function digest(statements: readonly Statement[]): GrantDigest {
  const services = new Set<string>();
  const actions = new Set<string>();
  const buckets = new Set<string>();
  const passRoles = new Map<string, Set<string>>();
  const repositories = new Set<string>();
  const workgroups = new Set<string>();
  const databases = new Set<string>();
  const kmsKeys = new Set<string>();
  const subnets = new Set<string>();
  const securityGroups = new Set<string>();
  for (const statement of statements) {
    if (statement.Effect !== 'Allow') continue;
    const statementActions = list(statement.Action);
    for (const action of statementActions) {
      actions.add(action);
      services.add(action.split(':')[0]);
    }
    const passes = statementActions.some((a) => a.toLowerCase() === 'iam:passrole');
    const passedTo = conditionValues(statement.Condition, (k) => k.toLowerCase() === 'iam:passedtoservice');
    for (const resource of list(statement.Resource)) {
      const arn = parseArn(resource);
      if (!arn) continue;
      if (passes && arn.service === 'iam' && arn.resource.startsWith('role/')) {
        const targets = passRoles.get(resource) ?? new Set<string>();
        for (const service of passedTo) targets.add(service);
        passRoles.set(resource, targets);
      }
      if (arn.service === 's3' && arn.resource !== '*') buckets.add(arn.resource.split('/')[0]);
      const repository = arn.service === 'ecr' ? named(arn.resource, 'repository', true) : undefined;
      if (repository) repositories.add(repository.replace(/\/\*$/, ''));
      const workgroup = arn.service === 'athena' ? named(arn.resource, 'workgroup') : undefined;
      if (workgroup) workgroups.add(workgroup);
      const database = arn.service === 'glue' ? named(arn.resource, 'database') : undefined;
      if (database) databases.add(database);
      // Network interfaces in named subnets and security groups: the VPC a compute role's jobs run in.
      const subnet = arn.service === 'ec2' ? named(arn.resource, 'subnet') : undefined;
      if (subnet) subnets.add(subnet);
      const group = arn.service === 'ec2' ? named(arn.resource, 'security-group') : undefined;
      if (group) securityGroups.add(group);
      if (arn.service === 'kms' && (arn.resource.startsWith('key/') || arn.resource.startsWith('alias/'))) kmsKeys.add(resource);
    }
    for (const key of conditionValues(statement.Condition, (k) => /kmskey/i.test(k))) if (key.startsWith('arn:')) kmsKeys.add(key);
    for (const subnet of conditionValues(statement.Condition, (k) => /vpcsubnets$/i.test(k))) subnets.add(subnet);
    for (const group of conditionValues(statement.Condition, (k) => /vpcsecuritygroupids$/i.test(k))) securityGroups.add(group);
  }
  return {
    services: sorted(services),
    actions: actions.size,
    buckets: sorted(buckets),
    passRoles: sorted(passRoles.keys()).map((role) => ({ role, services: sorted(passRoles.get(role) ?? []) })),
    repositories: sorted(repositories),
    workgroups: sorted(workgroups),
    databases: sorted(databases),
    kmsKeys: sorted(kmsKeys),
    subnets: sorted(subnets),
    securityGroups: sorted(securityGroups),
  };
}

/** `role → services`, or `role → any service` when the grant does not name one. */
export function showPassRole(grant: PassRoleGrant): string {
  return `${grant.role} → ${grant.services.length > 0 ? grant.services.join(', ') : 'any service'}`;
}

/** Labelled lines of a digest's named resources (the rows an administrator checks), empty ones left out. */
export function digestRows(d: GrantDigest): [string, string][] {
  const rows: [string, string][] = [];
  const add = (label: string, values: string[]) => {
    if (values.length > 0) rows.push([label, values.join(', ')]);
  };
  add('buckets', d.buckets);
  add('pass roles', d.passRoles.map(showPassRole));
  add('repositories', d.repositories);
  add('workgroups', d.workgroups);
  add('databases', d.databases);
  add('KMS keys', d.kmsKeys);
  const vpc = [
    ...(d.subnets.length > 0 ? [`subnets ${d.subnets.join(', ')}`] : []),
    ...(d.securityGroups.length > 0 ? [`security groups ${d.securityGroups.join(', ')}`] : []),
  ];
  if (vpc.length > 0) rows.push(['VPC', vpc.join('; ')]);
  return rows;
}
