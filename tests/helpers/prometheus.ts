/** Reading `/metrics` answers with a real Prometheus text-format parser (prom2javascript). */
import { Readable } from 'node:stream';
import { getMetricsFromStream, type PromMetric, type PromMetrics } from 'prom2javascript';

/** The families of a scrape, by name. */
export type Scrape = PromMetrics;

/**
 * Parses a scrape; a line that is not the text format fails the parse. The parser reads numbers
 * and +Inf but not NaN, which the format allows and prom-client writes (as `Nan`) for an empty
 * event-loop histogram's mean; such samples are left out, so they read as absent.
 */
export function parseScrape(text: string): Promise<Scrape> {
  const readable = text
    .split('\n')
    .filter((line) => !/^[^#].* nan$/i.test(line))
    .join('\n');
  return getMetricsFromStream(Readable.from([readable]));
}

function matches(labels: Record<string, string>, wanted: Record<string, string>): boolean {
  return Object.entries(wanted).every(([name, value]) => labels[name] === value);
}

/** The series of a family whose labels include `labels`. */
function series(family: PromMetric | undefined, labels: Record<string, string>) {
  return (family?.data ?? []).filter((d) => matches(d.labels, labels));
}

/** The value of the counter or gauge series of `name` with `labels`; 0 when absent. */
export function sampleValue(scrape: Scrape, name: string, labels: Record<string, string> = {}): number {
  const [found] = series(scrape[name], labels);
  return found && 'value' in found ? found.value : 0;
}

/** The observation count of the histogram series of `name` with `labels`; 0 when absent. */
export function sampleCount(scrape: Scrape, name: string, labels: Record<string, string> = {}): number {
  const [found] = series(scrape[name], labels);
  return found && 'count' in found && found.count !== undefined ? found.count : 0;
}

/** How many series the family `name` has. */
export function seriesCount(scrape: Scrape, name: string): number {
  return scrape[name]?.data.length ?? 0;
}
