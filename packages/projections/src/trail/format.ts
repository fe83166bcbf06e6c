import type { CaseTrail } from './trail-of';

const short = (hash: string): string => hash.slice(0, 12);

/**
 * A trail as text, one entry a line: position, time, actor, window/department, label, what changed,
 * and the hash chain links (shortened; `--json` prints them whole).
 */
export const formatTrail = (trail: CaseTrail): string => {
  const head = `${trail.caseId} (${trail.streamId}): ${trail.entries.length} event${trail.entries.length === 1 ? '' : 's'}`;
  const lines = trail.entries.map((e) => {
    const where = [e.windowId, e.departmentId].filter((x) => x !== undefined).join(' ');
    return [
      `#${e.streamPosition} @${e.globalPosition}`,
      e.occurredAt,
      `${e.actor.kind}:${e.actor.id}`,
      where || '-',
      `${e.label.zh} ${e.label.en}`,
      `— ${e.change}`,
      `[${short(e.prevHash)}→${short(e.hash)}]`,
    ].join('  ');
  });
  return [head, ...lines].join('\n');
};
