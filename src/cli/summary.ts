// Human-readable plan summary: what the role can do and how close it is to IAM's quotas.

import {
  ACTIVITIES,
  PERSONAS,
  policyJson,
  renderUnmerged,
  type ArnBuilder,
  type QuotaLimits,
  type RolePlan,
  type RoleProperties,
} from '../policy-engine';
import { digest, digestRows, list } from './grants';

/** Role-level statement sources that are not activities. */
const SOURCE_LABELS: Record<string, string> = {
  KmsKeys: 'KMS keys of DataKmsKeyArns and VolumeKmsKeyArns',
  UserIsolation: 'UserIsolation (per-user secrets)',
};

const count = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`;

/**
 * How full the role's policies are, in words: filling the inline policy first is by design, so a full
 * inline policy is reported as such, not as an alarm.
 */
export function quotaUse(plan: RolePlan, limits: QuotaLimits): string {
  const inlineChars = plan.inlinePolicies.reduce((sum, p) => sum + policyJson(p.document).length, 0);
  const managed = plan.managedPolicies.map((p) => policyJson(p.document).length);
  const slots = plan.managedPolicies.length + plan.managedPolicyArns.length;
  const inline =
    plan.inlinePolicies.length === 0
      ? 'no inline policy'
      : `inline policy${managed.length > 0 ? ' filled first' : ''}: ${count(inlineChars)} of ${count(limits.inlinePolicyChars)} characters`;
  const owned =
    managed.length === 0
      ? 'no managed policies needed'
      : `${plural(managed.length, 'managed policy', 'managed policies')} (${managed.map(count).join(', ')} of ${count(limits.managedPolicyChars)} characters)`;
  const arns = plan.managedPolicyArns.length > 0 ? `, ${count(plan.managedPolicyArns.length)} for ManagedPolicyArns` : '';
  return `${inline}; ${owned}; ${slots} of ${limits.attachedPolicies} attached-policy slots${arns}`;
}

export function planSummary(logicalId: string, props: RoleProperties, plan: RolePlan, limits: QuotaLimits, arn: ArnBuilder): string {
  const lines: string[] = [];
  const row = (label: string, text: string) => lines.push(`  ${label.padEnd(11)}${text}`);
  lines.push(`${logicalId}`);
  row('Role', `${plan.roleName}  (path ${plan.path}, max session ${plan.maxSessionDuration} s)`);
  row('Persona', `${props.persona}: ${plural(plan.activities.length, 'activity', 'activities')}${props.activitiesFromPersona ? ' (persona defaults)' : ''}`);
  const trust = plan.trustPolicy.Statement[0];
  row('Trust', `${list(trust.Principal.Service).join(', ')}: ${list(trust.Action).join(', ')}`);
  row('Grants', 'per activity (what each adds; activities share statements once merged)');
  for (const source of renderUnmerged(props, arn)) {
    const d = digest(source.statements);
    lines.push(`    ${SOURCE_LABELS[source.source] ?? source.source} (${d.services.join(', ')}: ${plural(d.actions, 'action')})`);
    for (const [label, text] of digestRows(d)) lines.push(`      ${label.padEnd(13)}${text}`);
  }
  for (const policyArn of plan.managedPolicyArns) row('Attached', policyArn);
  if (plan.permissionsBoundary) row('Boundary', plan.permissionsBoundary);
  if (props.userIsolation) row('ABAC', 'user isolation on (trust allows sts:SetSourceIdentity)');
  row('Size', quotaUse(plan, limits));
  if (plan.tags.length > 0) row('Tags', plan.tags.map((t) => `${t.Key}=${t.Value}`).join(', '));
  return lines.join('\n');
}

export function activitiesTable(): string {
  const width = Math.max(...ACTIVITIES.map((a) => a.id.length));
  const lines = ACTIVITIES.map((a) => {
    const params = [...a.requiredParameters, ...(a.optionalParameters ?? []).map((p) => `[${p}]`)].join(' ');
    const flags = [a.vpc ? 'VPC' : '', a.kms ? 'KMS' : ''].filter(Boolean).join('+');
    return `${a.id.padEnd(width)}  ${a.title}${flags ? ` (${flags})` : ''}${params ? `  params: ${params}` : ''}\n${' '.repeat(width + 2)}${a.description}`;
  });
  const personas = PERSONAS.map((p) => `${p.id}: ${p.defaultActivities.join(', ') || '(no defaults: list Activities)'}`);
  return [...lines, '', 'Personas and their default activities:', ...personas.map((p) => `  ${p}`)].join('\n');
}

export function activitiesJson(): unknown {
  return {
    activities: ACTIVITIES.map((a) => ({
      id: a.id,
      title: a.title,
      description: a.description,
      requiredParameters: a.requiredParameters,
      optionalParameters: a.optionalParameters ?? [],
      vpc: a.vpc,
      kms: a.kms,
      trustedServices: a.trustedServices,
    })),
    personas: PERSONAS.map((p) => ({ id: p.id, title: p.title, description: p.description, defaultActivities: p.defaultActivities })),
  };
}
