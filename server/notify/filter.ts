import type { ChannelFilter } from '../../contract/channels.js';
import type { ReportKind } from '../../contract/report.js';

/** The facts of a group a filter looks at. */
export interface Filterable {
  kind: ReportKind;
  author: string | null;
  section: string | null;
}

const norm = (value: string) => value.trim().toLowerCase();

/** One list: empty or absent lets everything through; otherwise the value must be in it. */
function admits(list: readonly string[] | undefined, value: string | null): boolean {
  if (!list || list.length === 0) return true;
  return value !== null && list.some((entry) => norm(entry) === norm(value));
}

/** Whether a channel's filter lets a group through (trimmed, case-insensitive, as routing rules compare). */
export function passesFilter(filter: ChannelFilter, group: Filterable): boolean {
  return (
    (!filter.kinds || filter.kinds.length === 0 || filter.kinds.includes(group.kind)) &&
    admits(filter.authors, group.author) &&
    admits(filter.sections, group.section)
  );
}
