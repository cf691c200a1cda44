// Evaluates a template's (or a Service Catalog template constraint's) Rules
// as CloudFormation does before it provisions anything: each rule whose
// RuleCondition holds must have every Assertion hold, or the stack operation
// fails with the AssertDescription. Only the rule functions CloudFormation
// allows in Rules are understood (Fn::And, Fn::Or, Fn::Not, Fn::Equals,
// Fn::Contains, Fn::EachMemberEquals, Fn::EachMemberIn, Ref of a Parameter);
// anything else (Fn::Join, Fn::If, a Ref of a resource...) is an error, as it
// is for CloudFormation.

export type ParameterValues = Readonly<Record<string, string | readonly string[]>>;

export interface RuleFailure {
  rule: string;
  description: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The AssertDescription of every failed assertion, in rule order; [] when the parameters pass. */
export function failedRules(rules: unknown, parameters: ParameterValues): RuleFailure[] {
  if (rules === undefined) return [];
  if (!isRecord(rules)) throw new Error(`Rules must be an object, got ${JSON.stringify(rules)}`);
  const failures: RuleFailure[] = [];
  for (const [name, rule] of Object.entries(rules)) {
    if (!isRecord(rule) || !Array.isArray(rule.Assertions) || rule.Assertions.length === 0) {
      throw new Error(`Rules.${name} needs a non-empty Assertions list`);
    }
    const path = `Rules.${name}`;
    if (rule.RuleCondition !== undefined && !truth(`${path}.RuleCondition`, rule.RuleCondition, parameters)) continue;
    rule.Assertions.forEach((assertion: unknown, i) => {
      if (!isRecord(assertion) || typeof assertion.AssertDescription !== 'string') {
        throw new Error(`${path}.Assertions[${i}] needs Assert and an AssertDescription`);
      }
      if (!truth(`${path}.Assertions[${i}]`, assertion.Assert, parameters)) failures.push({ rule: name, description: assertion.AssertDescription });
    });
  }
  return failures;
}

function truth(path: string, fn: unknown, parameters: ParameterValues): boolean {
  if (!isRecord(fn) || Object.keys(fn).length !== 1) throw new Error(`${path}: not a rule function: ${JSON.stringify(fn)}`);
  const [name] = Object.keys(fn);
  const arg = fn[name];
  const args = (min: number, max: number): unknown[] => {
    if (!Array.isArray(arg) || arg.length < min || arg.length > max) throw new Error(`${path}: ${name} takes ${min}-${max} arguments`);
    return arg;
  };
  switch (name) {
    case 'Fn::And':
      return args(2, 10).every((c, i) => truth(`${path}[${i}]`, c, parameters));
    case 'Fn::Or':
      return args(2, 10).some((c, i) => truth(`${path}[${i}]`, c, parameters));
    case 'Fn::Not':
      return !truth(`${path}[0]`, args(1, 1)[0], parameters);
    case 'Fn::Equals': {
      const [a, b] = args(2, 2).map((v) => text(path, value(path, v, parameters)));
      return a === b;
    }
    case 'Fn::Contains': {
      const [list, item] = args(2, 2).map((v) => value(path, v, parameters));
      return strings(path, list).includes(text(path, item));
    }
    case 'Fn::EachMemberEquals': {
      const [list, item] = args(2, 2).map((v) => value(path, v, parameters));
      return strings(path, list).every((m) => m === text(path, item));
    }
    case 'Fn::EachMemberIn': {
      const [list, allowed] = args(2, 2).map((v) => strings(path, value(path, v, parameters)));
      return list.every((m) => allowed.includes(m));
    }
    default:
      throw new Error(`${path}: ${name} is not a rule function CloudFormation evaluates in Rules`);
  }
}

function value(path: string, v: unknown, parameters: ParameterValues): unknown {
  if (typeof v === 'string' || Array.isArray(v)) return Array.isArray(v) ? v.map((x) => value(path, x, parameters)) : v;
  if (isRecord(v) && Object.keys(v).length === 1 && typeof v.Ref === 'string') {
    if (!Object.prototype.hasOwnProperty.call(parameters, v.Ref)) throw new Error(`${path}: Ref ${v.Ref} is not a parameter of the template`);
    return parameters[v.Ref];
  }
  throw new Error(`${path}: ${JSON.stringify(v)} is not a value CloudFormation evaluates in Rules`);
}

function text(path: string, v: unknown): string {
  if (typeof v !== 'string') throw new Error(`${path}: expected a string, got ${JSON.stringify(v)}`);
  return v;
}

function strings(path: string, v: unknown): string[] {
  if (!Array.isArray(v) || !v.every((m) => typeof m === 'string')) throw new Error(`${path}: expected a list of strings, got ${JSON.stringify(v)}`);
  return v;
}
