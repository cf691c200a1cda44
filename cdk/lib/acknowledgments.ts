// cdk-nag (AwsSolutions-IAM5) flags every wildcard resource. The wildcards this
// library writes are deliberate and bounded, so it acknowledges exactly those
// findings, one by one, with the reason, through CDK's own Validations API
// (no runtime dependency on cdk-nag). Anything else stays flagged.

import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

type Resolved = string | { Ref: string } | { 'Fn::GetAtt': [string, string] } | { 'Fn::Join': [string, Resolved[]] };

/** A resource ARN as cdk-nag prints it in a finding id: intrinsics become `<Name>` / `<Id.Attr>`. */
export function findingText(scope: IConstruct, value: string): string {
  return render(Stack.of(scope).resolve(value) as Resolved);
}

function render(value: Resolved): string {
  if (typeof value === 'string') return value;
  if ('Ref' in value) return `<${value.Ref}>`;
  if ('Fn::GetAtt' in value) return `<${value['Fn::GetAtt'].join('.')}>`;
  const [separator, parts] = value['Fn::Join'];
  return parts.map(render).join(separator);
}

/** Acknowledges AwsSolutions-IAM5 for each wildcard resource in `resources`, on `scope` and below. */
export function acknowledgeWildcardResources(scope: IConstruct, resources: readonly string[], reason: string): void {
  const texts = new Set(resources.map((r) => findingText(scope, r)).filter((t) => t.includes('*')));
  for (const text of [...texts].sort()) {
    Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${text}]`, reason });
  }
}

export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}
