// Checks a template against the CloudFormation resource specification by
// loading it with aws-cdk-lib's CfnInclude (unknown properties of known
// types, missing required properties, dangling Ref / Fn::If names) and
// aws-cdk-lib's built-in CloudFormation schema validation, switched from
// warnings to errors (unknown types, nested typos, patterns, enum values).

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import type { CfnTemplate, Json } from './template';

interface ValidationReport {
  pluginReports: {
    violations: { ruleName: string; description: string; severity?: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
}

export interface SpecCheckResult {
  /** Resource logical id → type, as the synthesized stack holds them. */
  resourceTypes: Record<string, string>;
  /** Findings below error level, as `<rule> <message>`: callers decide which are acknowledged. */
  warnings: string[];
}

/**
 * Loads the template into a fresh stack and synthesizes it; throws with every
 * violation (rule, message, resource) when the specification rejects it.
 */
export function checkAgainstSpec(template: CfnTemplate): SpecCheckResult {
  const dir = mkdtempSync(join(tmpdir(), 'cfn-spec-'));
  try {
    const file = join(dir, 'template.json');
    writeFileSync(file, JSON.stringify(asPackaged(template)));
    const app = new App({ outdir: join(dir, 'out'), context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
    const stack = new Stack(app, 'UnderTest');
    new CfnInclude(stack, 'Template', { templateFile: file });
    // Synth prints findings to the console as well; they are returned (warnings) or thrown (errors) instead.
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const synthesized = app.synth().getStackByName('UnderTest').template as { Resources: Record<string, { Type: string }> };
      return {
        resourceTypes: Object.fromEntries(Object.entries(synthesized.Resources).map(([id, r]) => [id, r.Type])),
        warnings: readReport(join(dir, 'out')).map((v) => `${v.ruleName} ${v.description}`),
      };
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${violations(join(dir, 'out'))}`, { cause: error });
    } finally {
      quiet.mockRestore();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The validation findings of a synth; no report file means no findings. */
function readReport(outdir: string): ValidationReport['pluginReports'][number]['violations'] {
  const file = join(outdir, 'validation-report.json');
  if (!existsSync(file)) return [];
  const report = JSON.parse(readFileSync(file, 'utf8')) as ValidationReport;
  return report.pluginReports.flatMap((p) => p.violations);
}

function violations(outdir: string): string {
  return readReport(outdir)
    .map((v) => `${v.ruleName} ${v.description} (${v.violatingConstructs.map((c) => c.constructPath).join(', ')})`)
    .join('\n');
}

/**
 * A Lambda Code given as a local path is what `aws cloudformation package`
 * uploads and rewrites to { S3Bucket, S3Key }; check the template in the form
 * CloudFormation will actually receive.
 */
function asPackaged(template: CfnTemplate): CfnTemplate {
  const resources = Object.fromEntries(
    Object.entries(template.Resources).map(([id, res]) => {
      if (res.Type === 'AWS::Lambda::Function' && typeof res.Properties?.Code === 'string') {
        const code: Json = { S3Bucket: 'packaging-bucket', S3Key: 'provider-lambda.zip' };
        return [id, { ...res, Properties: { ...res.Properties, Code: code } }];
      }
      return [id, res];
    }),
  );
  return { ...template, Resources: resources };
}
