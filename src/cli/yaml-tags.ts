// CloudFormation's short-form YAML tags (!Ref, !Sub, ...) read as the long form
// ({ "Ref": ... }, { "Fn::Sub": ... }), so a template parses to the same JSON
// CloudFormation itself would see.

import type { CollectionTag, ScalarTag, YAMLMap, YAMLSeq } from 'yaml';

const FUNCTIONS = [
  'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform',
  'And', 'Equals', 'If', 'Not', 'Or', 'Length', 'ToJsonString',
] as const;

function longName(name: string): string {
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

/** `!GetAtt Res.Attr` is the scalar form of `Fn::GetAtt: [Res, Attr]`. */
function scalarValue(name: string, text: string): unknown {
  if (name === 'GetAtt') {
    const dot = text.indexOf('.');
    return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
  }
  return text;
}

export function cloudFormationTags(): (ScalarTag | CollectionTag)[] {
  const tags: (ScalarTag | CollectionTag)[] = [];
  for (const name of ['Ref', 'Condition', ...FUNCTIONS]) {
    const key = longName(name);
    tags.push({ tag: `!${name}`, resolve: (text: string) => ({ [key]: scalarValue(name, text) }) });
    tags.push({ tag: `!${name}`, collection: 'seq', resolve: (seq) => ({ [key]: (seq as YAMLSeq).toJSON() }) });
    tags.push({ tag: `!${name}`, collection: 'map', resolve: (map) => ({ [key]: (map as YAMLMap).toJSON() }) });
  }
  return tags;
}
