// Loads CloudFormation templates as CloudFormation itself reads them: YAML with
// the short-form intrinsic tags (!Ref, !Sub, !If, ...) turned into their long
// form by the CLI's tag set, so tests and `plan` read templates identically;
// stricter than the CLI (warnings such as an unknown tag fail).

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { cloudFormationTags } from '../../../src/cli/yaml-tags';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface CfnResource {
  Type: string;
  Properties?: JsonObject;
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  [key: string]: Json | undefined;
}

export interface CfnTemplate {
  AWSTemplateFormatVersion?: string;
  Description?: string;
  Metadata?: JsonObject;
  Parameters?: Record<string, JsonObject>;
  Conditions?: Record<string, Json>;
  Rules?: Record<string, JsonObject>;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, JsonObject>;
}

/** Parses template text (YAML or JSON). Throws with the file name on a syntax error or an unknown tag. */
export function parseTemplate(text: string, fileName = '<template>'): CfnTemplate {
  // uniqueKeys: a duplicated key is a bug CloudFormation rejects too. Warnings
  // (an unknown !Tag) are errors here: CloudFormation refuses them as well.
  const parsed = parseDocument(text, { customTags: cloudFormationTags(), uniqueKeys: true, prettyErrors: true, strict: true });
  const problems = [...parsed.errors, ...parsed.warnings];
  if (problems.length > 0) throw new Error(`${fileName}: ${problems.map((p) => p.message).join('\n')}`);
  const doc: unknown = parsed.toJS();
  if (doc === null || typeof doc !== 'object' || !('Resources' in doc)) {
    throw new Error(`${fileName}: not a CloudFormation template (no Resources section)`);
  }
  return doc as CfnTemplate;
}

export function loadTemplate(path: string): CfnTemplate {
  return parseTemplate(readFileSync(path, 'utf8'), path);
}

/** Every .yaml / .yml / .json file under `dir`, sorted, as paths relative to `root`. */
export function templateFiles(dir: string, root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d).sort()) {
      const full = join(d, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ya?ml|json)$/.test(entry)) out.push(relative(root, full));
    }
  };
  walk(dir);
  return out;
}
