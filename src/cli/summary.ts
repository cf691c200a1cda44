// Human-readable plan summary: what the role can do and how close it is to IAM's quotas.

import {
  ACTIVITIES,
  PERSONAS,
  policyJson,
  type QuotaLimits,
  type RolePlan,
  type RoleProperties,
} from '../policy-engine';

function percent(used: number, limit: number): string {
  return `${Math.round((used / limit) * 100)}%`;
}

function list(value: string | string[]): string[] {
  return typeof value === 'string' ? [value] : value;
}

export function planSummary(logicalId: string, props: RoleProperties, plan: RolePlan, limits: QuotaLimits): string {
  const lines: string[] = [];
  const row = (label: string, text: string) => lines.push(`  ${label.padEnd(11)}${text}`);
  lines.push(`${logicalId}`);
  row('Role', `${plan.roleName}  (path ${plan.path}, max session ${plan.maxSessionDuration} s)`);
  row('Persona', `${props.persona}: ${plan.activities.length} activit${plan.activities.length === 1 ? 'y' : 'ies'}${props.activitiesFromPersona ? ' (persona defaults)' : ''}`);
  row('Activities', plan.activities.join(', '));
  const trust = plan.trustPolicy.Statement[0];
  row('Trust', `${list(trust.Principal.Service).join(', ')}: ${list(trust.Action).join(', ')}`);
  const inlineChars = plan.inlinePolicies.reduce((sum, p) => sum + policyJson(p.document).length, 0);
  for (const policy of plan.inlinePolicies) {
    const chars = policyJson(policy.document).length;
    row('Inline', `${policy.name}  ${chars} / ${limits.inlinePolicyChars} chars (${percent(chars, limits.inlinePolicyChars)}), ${policy.document.Statement.length} statements`);
  }
  if (plan.inlinePolicies.length === 0) row('Inline', 'none');
  for (const policy of plan.managedPolicies) {
    const chars = policyJson(policy.document).length;
    row('Managed', `${policy.name}  ${chars} / ${limits.managedPolicyChars} chars (${percent(chars, limits.managedPolicyChars)}), ${policy.document.Statement.length} statements`);
  }
  for (const arn of plan.managedPolicyArns) row('Attached', arn);
  const slots = plan.managedPolicies.length + plan.managedPolicyArns.length;
  row(
    'Slots',
    `${slots} of ${limits.attachedPolicies} attached-policy slots (${plan.managedPolicies.length} owned + ${plan.managedPolicyArns.length} ManagedPolicyArns); inline ${inlineChars} of ${limits.inlinePolicyChars} chars`,
  );
  if (plan.permissionsBoundary) row('Boundary', plan.permissionsBoundary);
  if (props.vpc) row('VPC', [...props.vpc.subnetIds, ...props.vpc.securityGroupIds].join(', '));
  if (props.kms) row('KMS', `${props.kms.dataKeyArns.length} data keys, ${props.kms.volumeKeyArns.length} volume keys`);
  if (props.userIsolation) row('ABAC', 'user isolation on (trust allows sts:SetSourceIdentity)');
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
