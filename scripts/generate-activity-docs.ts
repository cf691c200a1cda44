// Writes docs/activities.md from the catalog, so the reference can never drift
// from what the engine grants. Run: npm run docs. A test fails when the file is stale.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACTIVITIES,
  arnBuilder,
  AWS_PERSONA_REFERENCE,
  PARAMETER_NAMES,
  PERSONAS,
  isRefusal,
  type ActivityContext,
  type ActivityDefinition,
  type AwsReference,
  type ParameterName,
  type StatementSpec,
} from '../src/policy-engine';
import { grantedSpecs } from '../src/policy-engine/user-isolation';

export const DOCS_PATH = join(__dirname, '..', 'docs', 'activities.md');

// Placeholders instead of real values: the docs show the shape of every ARN.
const arn = arnBuilder('${Partition}', '${Region}', '${Account}');
const placeholderParams: Record<ParameterName, string[]> = {} as Record<ParameterName, string[]>;
for (const name of PARAMETER_NAMES) placeholderParams[name] = [`<${name}>`];

function contexts(activity: ActivityDefinition): { label: string; ctx: ActivityContext }[] {
  const base: ActivityContext = { arn, params: placeholderParams };
  const isolated = isRefusal(activity.isolation)
    ? []
    : activity.s3Isolation
      ? [{ label: 'with UserIsolation (S3Prefix required)', ctx: { ...base, userIsolation: { domainId: '<DomainId>', s3Prefix: '<S3Prefix>' } } }]
      : [{ label: 'with UserIsolation', ctx: { ...base, userIsolation: { domainId: '<DomainId>' } } }];
  return [
    { label: '', ctx: base },
    ...isolated,
    ...(activity.vpc || activity.kms
      ? [
          {
            label: 'with VPC and KMS settings',
            ctx: {
              ...base,
              network: { subnetIds: ['<VpcSubnetIds>'], securityGroupIds: ['<VpcSecurityGroupIds>'] },
              kmsKeys: { dataKeyArns: ['<DataKmsKeyArns>'], volumeKeyArns: ['<VolumeKmsKeyArns>'] },
            },
          },
        ]
      : []),
  ];
}

function flags(spec: StatementSpec): string {
  const out = [
    spec.vpc ? 'VPC condition' : '',
    spec.volumeKms ? 'volume KMS condition' : '',
    spec.outputKms ? 'output KMS condition' : '',
    spec.userOwned ? 'ABAC: own resources only' : '',
    spec.createdAsOwner ? 'ABAC: created as the caller\'s own' : '',
    spec.withheldWhenIsolated ? 'not granted with UserIsolation' : '',
  ].filter(Boolean);
  return out.length > 0 ? ` _(${out.join('; ')})_` : '';
}

function statementLines(spec: StatementSpec): string[] {
  const conditions = spec.conditions ? ` when \`${JSON.stringify(spec.conditions)}\`` : '';
  return [
    `- ${spec.actions.map((a) => `\`${a}\``).join(', ')}${flags(spec)}`,
    `  on ${spec.resources.map((r) => `\`${r}\``).join(', ')}${conditions}`,
  ];
}

function referenceText(ref: AwsReference): string {
  if ('doc' in ref) return `[AWS documentation](${ref.doc})`;
  const only = ref.only ? ` (only ${ref.only.map((o) => `\`${o}\``).join(', ')})` : '';
  return `\`${ref.file}\`${only}`;
}

/** What AWS grants for the same activity, and every deliberate difference (test/catalog/fidelity.test.ts checks them). */
function fidelityLines(activity: ActivityDefinition): string[] {
  const { references, omissions, extras } = activity.fidelity;
  const entries = (list: Readonly<Record<string, string>>): string[] =>
    Object.entries(list)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([action, reason]) => `  - \`${action}\`: ${reason}`);
  return [
    `- AWS reference: ${references.map(referenceText).join('; ')} (under \`test/fixtures/aws-reference/\` for files)`,
    `- Deliberately omitted from AWS's grants:${Object.keys(omissions).length === 0 ? ' none' : ''}`,
    ...entries(omissions),
    `- Deliberate extras beyond AWS's grants:${Object.keys(extras).length === 0 ? ' none' : ''}`,
    ...entries(extras),
    '',
  ];
}

const code = (actions: readonly string[]): string => actions.map((a) => `\`${a}\``).join(', ');

/** The activity's UserIsolation classes (or refusal), one line each. */
function isolationLines(activity: ActivityDefinition): string[] {
  const iso = activity.isolation;
  if (isRefusal(iso)) return [`- UserIsolation: **refused**: ${iso.refused}. Instead: ${iso.instead}.`];
  const lines = ['- UserIsolation:'];
  const add = (label: string, actions: readonly string[]) => {
    if (actions.length > 0) lines.push(`  - ${label}: ${code(actions)}`);
  };
  add('owner-checked', iso.ownerChecked);
  add('created-as-owner', iso.createdAsOwner);
  add('parent-checked', iso.parentChecked);
  for (const group of iso.shared) lines.push(`  - shared by design: ${code(group.actions)}: ${group.reason}`);
  for (const group of iso.withheld ?? []) lines.push(`  - not granted with UserIsolation: ${code(group.actions)}: ${group.reason}`);
  return lines;
}

/** Table cell: how many actions are in each class, or refused. */
function isolationSummary(activity: ActivityDefinition): string {
  const iso = activity.isolation;
  if (isRefusal(iso)) return 'refused';
  const count = (groups: readonly { actions: readonly string[] }[] | undefined) => (groups ?? []).reduce((n, g) => n + g.actions.length, 0);
  return `${iso.ownerChecked.length} owner / ${iso.createdAsOwner.length} created / ${iso.parentChecked.length} parent / ${count(iso.shared)} shared / ${count(iso.withheld)} withheld`;
}

function activitySection(activity: ActivityDefinition): string[] {
  const lines = [`## ${activity.title} (\`${activity.id}\`)`, '', activity.description, ''];
  const optional = activity.optionalParameters ?? [];
  lines.push(
    `- Parameters: ${activity.requiredParameters.map((p) => `\`${p}\` (required)`).concat(optional.map((p) => `\`${p}\` (optional)`)).join(', ') || 'none'}`,
    `- VPC customization: ${activity.vpc ? 'yes (VpcSubnetIds, VpcSecurityGroupIds)' : 'no'}`,
    `- KMS customization: ${activity.kms ? 'yes (DataKmsKeyArns, VolumeKmsKeyArns)' : 'no'}`,
    `- UserIsolation.S3Prefix: ${activity.s3Isolation ? 'yes (S3 data only under each user\'s prefix)' : 'no'}`,
    `- Trusted services: ${activity.trustedServices.map((s) => `\`${s}\``).join(', ')}`,
    ...isolationLines(activity),
    '',
  );
  lines.push(...fidelityLines(activity));
  const seen = new Set<string>();
  for (const { label, ctx } of contexts(activity)) {
    const specs = grantedSpecs(activity, ctx);
    const key = JSON.stringify(specs);
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(label ? `Grants ${label}:` : 'Grants:', '', ...specs.flatMap(statementLines), '');
  }
  return lines;
}

export function renderActivityDocs(): string {
  const lines = [
    '# ML activities and personas',
    '',
    '<!-- Generated by scripts/generate-activity-docs.ts from the catalog. Do not edit: run `npm run docs`. -->',
    '',
    'Placeholders: `${Partition}`, `${Region}` and `${Account}` are where the role lives; `<Name>` is each value of that property.',
    'Every statement with `${Region}` is granted once for each region of `Regions` (default: the region of the stack), and only',
    'for those: IAM roles are global, so one role can serve Studio domains and jobs in several regions of its partition.',
    '`<EcrRepositories>` is `repository/<name>` of `${Account}` for a repository name, or exactly the repository ARN given (any account).',
    'Statements flagged _VPC condition_ get `ForAllValues:StringEquals` and `Null` conditions on `sagemaker:VpcSubnets` /',
    '`sagemaker:VpcSecurityGroupIds` when those properties are set; _volume/output KMS condition_ pin',
    '`sagemaker:VolumeKmsKeyArn` to VolumeKmsKeyArns and `sagemaker:OutputKmsKeyArn` to DataKmsKeyArns; _ABAC_ statements, with',
    '`UserIsolation`, require `sagemaker:ResourceTag/sagemaker:user-profile-arn` to be the caller\'s own user profile in the role\'s',
    'domain (`<DomainId>`, UserIsolation.DomainId) and the request to come from that domain (`sagemaker:DomainId`).',
    'KMS keys are used only through the service that needs them (`kms:ViaService`), as each activity lists: DataKmsKeyArns',
    'with `kms:Decrypt` / `kms:GenerateDataKey` through S3 (compute role, Studio, Feature Store), VolumeKmsKeyArns with',
    '`kms:CreateGrant` for AWS resources through SageMaker (jobs, endpoints, Studio). With `UserIsolation.SecretsPrefix` the role reads',
    'the secrets under `<SecretsPrefix>/<DomainId>/${aws:SourceIdentity}/`, and with `UserIsolation.S3Prefix` S3 data only under',
    '`<bucket>/<S3Prefix>/<DomainId>/${aws:SourceIdentity}/` (a per-user role: its `UserProfileName` instead of the source identity).',
    '`UserIsolation.S3Prefix` is accepted only with an activity of the S3Prefix column (the others grant no S3 data it could isolate).',
    '',
    'Fidelity: each activity names the AWS permission set it follows (a SageMaker Role Manager template, an AWS managed policy',
    'the console attaches, or an AWS documentation page) and lists every action AWS grants that it leaves out and every action it',
    'adds, each with its reason; a test fails on any other difference. Resources are often narrower than AWS\'s (named',
    'buckets, roles and keys; the role\'s account and region; Canvas-named resources) and are not part of that comparison.',
    '',
    'UserIsolation classes (checked against the rendered statements by test/semantics/abac-classification.test.ts):',
    '_owner-checked_: the resource must carry the caller\'s own `sagemaker:user-profile-arn` tag (or name the caller as',
    '`sagemaker:OwnerUserProfileArn`, or be the caller\'s own profile, S3 prefix or secret); _created-as-owner_: the request must tag',
    'the new resource with the caller\'s own profile (`aws:RequestTag`) and set no other tag keys than those Studio sets (`aws:TagKeys`);',
    '_parent-checked_: a create into an existing parent, created as the caller\'s own and allowed only into a parent of the',
    'caller\'s own; _shared by design_: granted alike to every user, for the reason given; _not granted with UserIsolation_: left',
    'out of an isolated role because IAM cannot tell whose the resource is. An activity marked _refused_ cannot be combined with',
    '`UserIsolation`; the engine says why and what to use instead.',
    '',
    '## Personas',
    '',
    '| Persona | Default activities |',
    '|---|---|',
    ...PERSONAS.map((p) => `| \`${p.id}\` (${p.title}) | ${p.defaultActivities.map((a) => `\`${a}\``).join(', ') || 'none: list `Activities`'} |`),
    '',
    `Why these defaults, against [AWS's persona reference](${AWS_PERSONA_REFERENCE}). Changing a persona's defaults changes the`,
    'permissions of every role that omits `Activities` (see the README\'s upgrade notes).',
    '',
    ...PERSONAS.filter((p) => p.defaultActivities.length > 0).flatMap((p) => [
      `**${p.id}**`,
      '',
      ...p.defaultActivities.map((a) => `- \`${a}\`: ${p.reasons[a]}`),
      '',
    ]),
    '## Activities',
    '',
    '| Id | Title | Parameters | VPC | KMS | S3Prefix | UserIsolation (actions per class) |',
    '|---|---|---|---|---|---|---|',
    ...ACTIVITIES.map(
      (a) =>
        `| \`${a.id}\` | ${a.title} | ${[...a.requiredParameters, ...(a.optionalParameters ?? []).map((p) => `${p}?`)].join(', ') || '—'} | ${a.vpc ? 'yes' : 'no'} | ${a.kms ? 'yes' : 'no'} | ${a.s3Isolation ? 'yes' : 'no'} | ${isolationSummary(a)} |`,
    ),
    '',
    ...ACTIVITIES.flatMap(activitySection),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}

if (require.main === module) {
  writeFileSync(DOCS_PATH, renderActivityDocs());
  process.stdout.write(`wrote ${DOCS_PATH}\n`);
}
