/**
 * The foundation SDK builds alerting resources in the shape of Grafana's HTTP provisioning
 * API; a file under `provisioning/alerting/` has another shape (apiVersion 1; `groups` with
 * orgId, name, folder title and interval as a duration; rules without folderUID, ruleGroup or
 * orgID; `contactPoints` holding `receivers`; `policies` with an orgId). This maps one to the
 * other, refusing what the file shape cannot express.
 */
import type * as alerting from '@grafana/grafana-foundation-sdk/alerting';

/** An alert rule in the file shape. */
export interface FileRule {
  uid: string;
  title: string;
  condition: string;
  data: {
    refId: string;
    relativeTimeRange: { from: number; to: number };
    datasourceUid: string;
    model: unknown;
  }[];
  noDataState: alerting.Rule['noDataState'];
  execErrState: alerting.Rule['execErrState'];
  for: string;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  isPaused: boolean;
}

/** A rule group in the file shape. */
export interface FileRuleGroup {
  orgId: number;
  name: string;
  folder: string;
  interval: string;
  rules: FileRule[];
}

/** A whole alerting provisioning file. */
export interface AlertingFile {
  apiVersion: 1;
  groups: FileRuleGroup[];
  contactPoints: {
    orgId: number;
    name: string;
    receivers: { uid: string; type: string; settings: unknown; disableResolveMessage: boolean }[];
  }[];
  policies: (alerting.NotificationPolicy & { orgId: number })[];
}

/** What the mapping needs to know beyond the API objects. */
export interface AlertingFileOptions {
  orgId: number;
  /** Folder titles by folder UID (the file names folders by title). */
  folders: Readonly<Record<string, string>>;
}

function fail(what: string): never {
  throw new Error(`alerting file: ${what}`);
}

function fileRule(
  rule: alerting.Rule,
  group: alerting.RuleGroup,
  options: AlertingFileOptions,
): FileRule {
  const where = `rule '${rule.title}' of group '${group.title}'`;
  if (rule.uid === undefined) fail(`${where} has no uid (provisioned rules need a stable one)`);
  if (rule.folderUID !== group.folderUid) {
    fail(`${where} is in folder '${rule.folderUID}', its group in '${group.folderUid}'`);
  }
  if (rule.ruleGroup !== group.title) fail(`${where} names group '${rule.ruleGroup}'`);
  if (rule.orgID !== options.orgId) fail(`${where} is in org ${rule.orgID}, not ${options.orgId}`);
  if (rule.record !== undefined) fail(`${where} is a recording rule; only alert rules are mapped`);
  return {
    uid: rule.uid,
    title: rule.title,
    condition: rule.condition,
    data: rule.data.map((q, i) => {
      if (q.refId === undefined || q.datasourceUid === undefined || q.model === undefined) {
        fail(`${where}: query ${i} needs refId, datasourceUid and model`);
      }
      return {
        refId: q.refId,
        relativeTimeRange: {
          from: q.relativeTimeRange?.from ?? 600,
          to: q.relativeTimeRange?.to ?? 0,
        },
        datasourceUid: q.datasourceUid,
        model: q.model,
      };
    }),
    noDataState: rule.noDataState,
    execErrState: rule.execErrState,
    for: rule.for,
    annotations: { ...(rule.annotations ?? {}) },
    labels: { ...(rule.labels ?? {}) },
    isPaused: rule.isPaused ?? false,
  };
}

/** Maps rule groups, contact points and a policy tree to one alerting provisioning file. */
export function toAlertingFile(
  groups: readonly alerting.RuleGroup[],
  contactPoints: readonly alerting.ContactPoint[],
  policy: alerting.NotificationPolicy,
  options: AlertingFileOptions,
): AlertingFile {
  const fileGroups = groups.map((group): FileRuleGroup => {
    if (group.title === undefined) fail('a rule group has no title');
    if (group.folderUid === undefined) fail(`group '${group.title}' has no folder`);
    const folder = options.folders[group.folderUid];
    if (folder === undefined) fail(`group '${group.title}': unknown folder '${group.folderUid}'`);
    if (group.interval === undefined || group.interval <= 0 || !Number.isInteger(group.interval)) {
      fail(`group '${group.title}': interval must be a whole number of seconds`);
    }
    return {
      orgId: options.orgId,
      name: group.title,
      folder,
      interval: `${group.interval}s`,
      rules: (group.rules ?? []).map((r) => fileRule(r, group, options)),
    };
  });
  const byName = new Map<string, AlertingFile['contactPoints'][number]>();
  for (const cp of contactPoints) {
    if (cp.name === undefined || cp.uid === undefined)
      fail('a contact point needs a name and a uid');
    let entry = byName.get(cp.name);
    if (entry === undefined) {
      entry = { orgId: options.orgId, name: cp.name, receivers: [] };
      byName.set(cp.name, entry);
    }
    entry.receivers.push({
      uid: cp.uid,
      type: cp.type,
      settings: cp.settings,
      disableResolveMessage: cp.disableResolveMessage ?? false,
    });
  }
  if (policy.receiver === undefined || !byName.has(policy.receiver)) {
    fail(`the root policy's receiver '${policy.receiver}' is not a contact point`);
  }
  return {
    apiVersion: 1,
    groups: fileGroups,
    contactPoints: [...byName.values()],
    policies: [{ orgId: options.orgId, ...policy }],
  };
}
