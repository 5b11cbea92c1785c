/**
 * `npm run bench`: every benchmark in turn, their details, then one Markdown summary to paste into
 * the README's "Benchmarks" section. Needs `npm run build` (server and widget) and PostgreSQL at
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); touches only scratch
 * databases it creates and drops, and only 127.0.0.1.
 *
 *   npm run bench                 all of them
 *   npm run bench -- ingest inbox a selection (widget, ingest, inbox, replicas, signin, notify)
 */

import { LANGS } from '../widget/lang.js';
import { benchInbox, type InboxFigures, printInbox } from './inbox.js';
import { benchIngest, type IngestFigures, printIngest } from './ingest.js';
import { describeMachine } from './lib/machine.js';
import { fixed, markdownTable } from './lib/stats.js';
import { benchNotify, type NotifyFigures, printNotify } from './notify.js';
import { benchReplicas, printReplicas, type ReplicaFigures } from './replicas.js';
import { benchSignin, printSignin, type SigninFigures } from './signin.js';
import { benchWidget, firstUse, printWidget, type WidgetFigures } from './widget.js';

const ALL = ['widget', 'ingest', 'inbox', 'replicas', 'signin', 'notify'] as const;
type Name = (typeof ALL)[number];

function selected(): Name[] {
  const asked = process.argv.slice(2);
  const names = ALL.filter((name) => asked.length === 0 || asked.includes(name));
  const unknown = asked.filter((a) => !ALL.some((name) => name === a));
  if (unknown.length > 0)
    throw new Error(`unknown benchmark ${unknown.join(', ')}; choose from ${ALL.join(', ')}`);
  return names;
}

/** Why the closed loop's latency is no target: it waits on its own 50 connections. */
const CONNECTIONS_NOTE = '50 connections: mostly 50 ÷ throughput';

function verdict(ok: boolean): string {
  return ok ? 'met' : '**missed**';
}

function summary(
  ingest?: IngestFigures,
  inbox?: InboxFigures,
  widget?: WidgetFigures,
  replicas?: ReplicaFigures,
  signin?: SigninFigures,
  notify?: NotifyFigures,
): string {
  const rows: string[][] = [];
  if (ingest) {
    rows.push(
      [
        'Ingest throughput (50 connections, 10 s)',
        `${fixed(ingest.requestsPerSecond, 0)} reports/s = ${fixed(ingest.ratio, 2)} × PostgreSQL's ${fixed(ingest.insertTps, 0)} inserts/s (${ingest.ceilingTool})`,
        `≥ 0.5 × (${verdict(ingest.ratio >= 0.5)})`,
      ],
      [
        `Ingest latency, closed loop (${CONNECTIONS_NOTE})`,
        `p50 ${fixed(ingest.latency.p50, 1)} ms, p99 ${fixed(ingest.latency.p99, 1)} ms`,
        '',
      ],
      ...ingest.openLoop.map((o) => [
        `Ingest latency, open loop at ${o.share * 100} % of the maximum (${fixed(o.rate, 0)} reports/s)`,
        `p50 ${fixed(o.p50, 1)} ms, p99 ${fixed(o.p99, 1)} ms, p99.9 ${fixed(o.p999, 1)} ms`,
        o.share === 0.5 ? `p99 ≤ 10 ms (${verdict(o.p99 <= 10)})` : '',
      ]),
      [
        'Server CPU per report',
        `${fixed(ingest.serverCpuMsPerRequest ?? Number.NaN, 2)} ms (the ingest function alone: ${fixed(ingest.functionTps, 0)} calls/s in PostgreSQL)`,
        '',
      ],
      [
        'Server memory (RSS)',
        `${fixed(ingest.rssIdleMiB ?? Number.NaN, 0)} MiB idle, ${fixed(ingest.rssEndMiB ?? Number.NaN, 0)} MiB after the run`,
        '',
      ],
    );
  }
  if (inbox) {
    for (const c of inbox.cases) {
      rows.push([
        `Inbox: ${c.name}`,
        `p50 ${fixed(c.latency.p50, 1)} ms, p95 ${fixed(c.latency.p95, 1)} ms${c.seqScan ? ' (sequential scan)' : ''}`,
        `p95 ≤ 10 ms (${verdict(c.latency.p95 <= 10 && !c.seqScan)})`,
      ]);
    }
  }
  if (widget) {
    const loader = widget.files[0];
    if (loader)
      rows.push([
        'Widget loader size',
        `${loader.raw} B, ${loader.gzip} B gzip, ${loader.brotli} B brotli`,
        `≤ 1,536 B gzip (${verdict(loader.gzip <= 1536)})`,
      ]);
    const uses = LANGS.flatMap((lang) => {
      const use = firstUse(widget.files, lang);
      return use ? [{ lang, ...use }] : [];
    });
    const en = uses.find((use) => use.lang === 'en');
    const worst = uses.reduce<(typeof uses)[number] | undefined>(
      (max, use) => (!max || use.touch.gzip > max.touch.gzip ? use : max),
      undefined,
    );
    if (en && worst)
      rows.push([
        'Widget first use (dialog chunk; its touch flavour on touch screens)',
        `en ${en.desktop.gzip} B gzip / ${en.desktop.brotli} B brotli (${en.touch.gzip} / ${en.touch.brotli} with touch); ` +
          `largest ${worst.lang} ${worst.desktop.gzip} B gzip (${worst.touch.gzip} with touch)`,
        `≤ 9,216 B gzip (${verdict(worst.touch.gzip <= 9216)})`,
      ]);
    for (const t of widget.timeToDialog ?? []) {
      rows.push([
        `Time to dialog, ${t.network}, ${t.how}`,
        `p50 ${fixed(t.p50, 0)} ms, p90 ${fixed(t.p90, 0)} ms (full dialog p50 ${fixed(t.fullP50, 0)}, p90 ${fixed(t.fullP90, 0)})`,
        t.network === 'Fast 3G' && t.how.startsWith('keys') ? `p90 ≤ 100 ms (${verdict(t.p90 <= 100)})` : '',
      ]);
    }
    if (widget.loaderMs && widget.emptyMs) {
      rows.push([
        'Widget loader evaluation (Chromium, long article)',
        `p50 ${fixed(widget.loaderMs.p50, 1)} ms vs ${fixed(widget.emptyMs.p50, 1)} ms for an empty script; ${widget.chunkRequestsOnLoad} chunk requests on load`,
        '',
      ]);
    }
  }
  if (replicas) {
    rows.push([
      'Three replicas behind HAProxy vs one (same run, same cores)',
      `${fixed(replicas.three.requestsPerSecond, 0)} vs ${fixed(replicas.one.requestsPerSecond, 0)} reports/s = ${fixed(replicas.ratio, 2)} ×`,
      '',
    ]);
  }
  if (signin) {
    rows.push([
      'Sign-in, quiet',
      `p50 ${fixed(signin.quiet.p50, 0)} ms, p99 ${fixed(signin.quiet.p99, 0)} ms`,
      '',
    ]);
    for (const a of signin.attacks) {
      rows.push([
        `Sign-in during 200 parallel guesses ${a.name}`,
        `p99 ${fixed(a.editor.p99, 0)} ms (${a.editorRefused} of ${a.editorSignins} refused); ${a.guessesChecked} of ${a.guesses} guesses checked`,
        '',
      ]);
    }
  }
  if (notify) {
    rows.push(
      [
        'Ingest 201 → webhook request (idle server)',
        `p50 ${fixed(notify.webhookLatency.p50, 1)} ms, p99 ${fixed(notify.webhookLatency.p99, 1)} ms`,
        '',
      ],
      [
        'Ingest throughput with 3 channels vs none',
        `${fixed(notify.withChannels, 0)} vs ${fixed(notify.withoutChannels, 0)} reports/s = ${fixed(notify.ratio, 2)} ×`,
        `≥ 0.9 × (${verdict(notify.ratio >= 0.9)})`,
      ],
    );
  }
  const scale = inbox
    ? `\nInbox data: ${inbox.reports.toLocaleString('en')} reports in ${inbox.groups.toLocaleString('en')} groups, ${inbox.siteReports.toLocaleString('en')} on the measured site.`
    : '';
  const shared = ingest
    ? '\nLoad generator, server and PostgreSQL share these cores, as does pgbench with PostgreSQL for the ceiling.'
    : '';
  return `Machine: ${describeMachine()}\n\n${markdownTable(['Benchmark', 'Result', 'Target'], rows)}${scale}${shared}`;
}

const names = selected();
const started = performance.now();
let widget: WidgetFigures | undefined;
let ingest: IngestFigures | undefined;
let inbox: InboxFigures | undefined;
let replicas: ReplicaFigures | undefined;
let signin: SigninFigures | undefined;
let notify: NotifyFigures | undefined;
for (const name of names) {
  console.log(`\n=== ${name} ===`);
  if (name === 'widget') {
    widget = await benchWidget();
    printWidget(widget);
  }
  if (name === 'ingest') {
    ingest = await benchIngest();
    printIngest(ingest);
  }
  if (name === 'inbox') {
    inbox = await benchInbox();
    printInbox(inbox);
  }
  if (name === 'replicas') {
    replicas = await benchReplicas();
    printReplicas(replicas);
  }
  if (name === 'signin') {
    signin = await benchSignin();
    printSignin(signin);
  }
  if (name === 'notify') {
    notify = await benchNotify();
    printNotify(notify);
  }
}
console.log(`\n=== summary (${fixed((performance.now() - started) / 1000, 0)} s) ===\n`);
console.log(summary(ingest, inbox, widget, replicas, signin, notify));
