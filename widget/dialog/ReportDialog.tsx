/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
/** The report dialog: the selection in its context, a correction, a comment, a kind, and the truth. */
// Classic JSX: preact's createElement is smaller than its jsx-runtime, and the chunk has a budget.
// biome-ignore lint/correctness/noUnusedImports: the JSX pragmas above use h and Fragment.
import { Component, createRef, Fragment, h } from 'preact';
import { LIMITS, REPORT_KINDS, type ReportInput, type ReportKind } from '../../contract/report.js';
import type { Captured } from '../capture.js';
import type { Delivery } from '../deliver.js';
import { format, type Messages } from '../i18n/messages.js';
import { inTime } from '../i18n/time.js';
import type { Lang } from '../lang.js';

/** Everything the dialog needs; `deliver` sends (or queues) and says what happened. */
export interface ReportDialogProps {
  site: string;
  lang: Lang;
  dir: 'ltr' | 'rtl';
  theme: string;
  capture: Captured;
  page: { url: string; title: string };
  messages: Messages;
  id: string;
  deliver(report: ReportInput): Promise<Delivery>;
  onClose(): void;
}

type Phase = { kind: 'form' } | { kind: 'sending' } | Delivery;

interface State {
  suggestion: string;
  comment: string;
  kind: ReportKind;
  phase: Phase;
}

/** Outcomes after which there is nothing left to do but close. */
const FINAL = new Set(['sent', 'queued', 'rejected']);

/** The reader-facing sentence for an outcome; errors are announced as alerts. */
function describe(phase: Phase, m: Messages, lang: Lang): { text: string; error?: boolean } | null {
  switch (phase.kind) {
    case 'sent':
      return { text: phase.duplicates > 0 ? format(m.duplicates, { n: phase.duplicates }) : m.sent };
    case 'queued':
      return { text: m.queued };
    case 'rate-limited':
      return { text: format(m.rateLimited, { t: inTime(phase.retryAfter, lang) }), error: true };
    case 'invalid':
      return {
        text: `${m.invalid} ${phase.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ') || phase.message}`,
        error: true,
      };
    case 'rejected':
      return { text: phase.message ? `${m.rejected} (${phase.message})` : m.rejected, error: true };
    case 'failed':
      return { text: m.failed, error: true };
    default:
      return null;
  }
}

/**
 * The modal report dialog (native <dialog>: the browser traps focus and makes the page inert).
 * A class component: preact/hooks would cost a tenth of the chunk's size budget.
 */
export class ReportDialog extends Component<ReportDialogProps, State> {
  override state: State = {
    suggestion: this.props.capture.quote.exact,
    comment: '',
    kind: 'typo',
    phase: { kind: 'form' },
  };
  private dialog = createRef<HTMLDialogElement>();
  private field = createRef<HTMLTextAreaElement>();
  private done = createRef<HTMLButtonElement>();

  override componentDidMount(): void {
    const dialog = this.dialog.current;
    if (dialog && !dialog.open) dialog.showModal();
    this.field.current?.focus();
  }

  override componentDidUpdate(_: ReportDialogProps, previous: State): void {
    if (FINAL.has(this.state.phase.kind) && !FINAL.has(previous.phase.kind)) this.done.current?.focus();
  }

  private submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const { props, state } = this;
    if (state.phase.kind === 'sending' || FINAL.has(state.phase.kind)) return;
    this.setState({ phase: { kind: 'sending' } });
    const { capture } = props;
    const fix = state.suggestion.trim();
    const note = state.comment.trim();
    const phase = await props.deliver({
      site: props.site,
      id: props.id,
      url: props.page.url,
      title: props.page.title,
      lang: capture.lang || props.lang,
      quote: capture.quote,
      position: capture.position,
      ...(fix && fix !== capture.quote.exact ? { suggestion: fix } : {}),
      ...(note ? { comment: note } : {}),
      kind: state.kind,
      hp: '',
    });
    this.setState({ phase });
  };

  private onKeyDown = (event: KeyboardEvent): void => {
    // Handled here rather than by the native `cancel`, so Escape closes through one path everywhere.
    if (event.key === 'Escape') {
      event.preventDefault();
      this.props.onClose();
    }
    // The shortcut that opened the dialog sends it, so a keyboard reader never leaves the keys.
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void this.submit(event);
  };

  private onCancel = (event: Event): void => {
    event.preventDefault();
    this.props.onClose();
  };

  override render() {
    const { props, state } = this;
    const { capture, messages: m } = props;
    const { exact, prefix, suffix } = capture.quote;
    const final = FINAL.has(state.phase.kind);
    const outcome = describe(state.phase, m, props.lang);
    return (
      <dialog
        ref={this.dialog}
        class={`root ${props.theme}`}
        dir={props.dir}
        lang={props.lang}
        aria-labelledby="misprint-title"
        onKeyDown={this.onKeyDown}
        onCancel={this.onCancel}
      >
        <form onSubmit={this.submit}>
          <h2 id="misprint-title">{m.title}</h2>
          <blockquote aria-label={m.context} dir="auto" lang={capture.lang || undefined}>
            {prefix}
            <mark>{exact}</mark>
            {suffix}
          </blockquote>
          {capture.cut && <p>{m.cut}</p>}
          {!final && (
            <>
              <label>
                {m.correction}
                <textarea
                  ref={this.field}
                  rows={2}
                  maxLength={LIMITS.suggestionMax}
                  value={state.suggestion}
                  onInput={(event) => this.setState({ suggestion: event.currentTarget.value })}
                />
              </label>
              <label>
                {m.comment}
                <textarea
                  rows={2}
                  maxLength={LIMITS.commentMax}
                  value={state.comment}
                  onInput={(event) => this.setState({ comment: event.currentTarget.value })}
                />
              </label>
              <label>
                {m.kind}
                <select
                  value={state.kind}
                  onChange={(event) => {
                    const kind = REPORT_KINDS.find((k) => k === event.currentTarget.value);
                    if (kind) this.setState({ kind });
                  }}
                >
                  {REPORT_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {m.kinds[k]}
                    </option>
                  ))}
                </select>
              </label>
            </>
          )}
          <p role={outcome?.error ? 'alert' : 'status'} class={outcome?.error ? 'error' : undefined}>
            {outcome?.text}
          </p>
          <div class="actions">
            {final ? (
              <button ref={this.done} type="button" class="primary" onClick={props.onClose}>
                {m.close}
              </button>
            ) : (
              <>
                <button type="button" onClick={props.onClose}>
                  {m.cancel}
                </button>
                <button type="submit" class="primary" disabled={state.phase.kind === 'sending'}>
                  {state.phase.kind === 'sending' ? m.sending : m.send}
                </button>
              </>
            )}
          </div>
        </form>
      </dialog>
    );
  }
}
