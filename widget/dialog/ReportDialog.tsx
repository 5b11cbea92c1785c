/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
/** The report dialog: the selection in its context, a correction, a comment, a kind, and the truth. */
// Classic JSX: preact's createElement is smaller than its jsx-runtime, and the chunk has a budget.
// biome-ignore lint/correctness/noUnusedImports: the JSX pragmas above use h and Fragment.
import { Component, createRef, Fragment, h } from 'preact';
import { LIMITS, REPORT_KINDS, type ReportInput } from '../../contract/report.js';
import type { Captured } from '../capture.js';
import type { Delivery } from '../deliver.js';
import { inTime } from '../i18n/time.js';
import { type DialogWords, format } from '../i18n/words.js';
import type { Lang } from '../lang.js';
import type { Typed } from './index.js';

/** Everything the dialog needs; `deliver` sends (or queues) and says what happened. */
export interface ReportDialogProps {
  site: string;
  lang: Lang;
  dir: 'ltr' | 'rtl';
  /** `light` or `dark` (`auto` resolved by the caller). */
  theme: string;
  capture: Captured;
  page: { url: string; title: string };
  words: DialogWords;
  id: string;
  /** What the reader typed in the loader's shell, to carry on with (widget/shell.ts). */
  typed?: Typed | undefined;
  deliver(report: ReportInput): Promise<Delivery>;
  onClose(): void;
}

type Phase = { kind: 'form' } | { kind: 'sending' } | Delivery;

/** Outcomes after which there is nothing left to do but close. */
function isFinal(phase: Phase): boolean {
  return phase.kind === 'sent' || phase.kind === 'queued' || phase.kind === 'rejected';
}

/** The reader-facing sentence for an outcome ('' while there is none). */
function describe(phase: Phase, m: DialogWords, lang: Lang): string {
  switch (phase.kind) {
    case 'sent':
      return phase.duplicates > 0 ? format(m.duplicates, { n: phase.duplicates }) : m.sent;
    case 'queued':
      return m.queued;
    case 'rate-limited':
      return format(m.rateLimited, { t: inTime(phase.retryAfter, lang) });
    case 'invalid':
      return `${m.invalid} ${phase.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ') || phase.message}`;
    case 'rejected':
      // The site does not list this page's origin: say so plainly, the server's words add nothing.
      if (phase.code === 'origin_not_allowed') return m.notSetUp;
      return phase.message ? `${m.rejected} (${phase.message})` : m.rejected;
    case 'failed':
      return m.failed;
    default:
      return '';
  }
}

/**
 * The modal report dialog (native <dialog>: the browser traps focus and makes the page inert).
 * A class component with uncontrolled fields read at submit: preact/hooks and per-field state
 * would cost a good part of the chunk's size budget.
 */
export class ReportDialog extends Component<ReportDialogProps, { phase: Phase }> {
  override state: { phase: Phase } = { phase: { kind: 'form' } };
  /** The `<dialog>`; its parts are found in it, which costs less than a ref each. */
  private dialog = createRef<HTMLDialogElement>();

  private find<T extends Element>(selector: string): T | null | undefined {
    return this.dialog.current?.querySelector<T>(selector);
  }

  override componentDidMount(): void {
    this.dialog.current?.showModal();
    // Prefilled with the selection and selected, so typing replaces it and the arrows still edit it;
    // or as the reader left the shell's field. The correction is the first field.
    const field = this.find<HTMLTextAreaElement>('textarea');
    const { typed } = this.props;
    field?.focus();
    if (typed) field?.setSelectionRange(typed.start, typed.end);
    else field?.select();
  }

  override componentDidUpdate(_: ReportDialogProps, previous: { phase: Phase }): void {
    // Once final, the one button left is Close.
    if (isFinal(this.state.phase) && !isFinal(previous.phase)) this.find<HTMLElement>('button')?.focus();
  }

  private submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const { props, state } = this;
    const form = this.find<HTMLFormElement>('form');
    if (!form || state.phase.kind === 'sending' || isFinal(state.phase)) return;
    const data = new FormData(form);
    const text = (name: string): string => String(data.get(name) ?? '').trim();
    const { capture } = props;
    const fix = text('suggestion');
    const note = text('comment');
    this.setState({ phase: { kind: 'sending' } });
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
      kind: REPORT_KINDS.find((kind) => kind === data.get('kind')) ?? 'typo',
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
    const { capture, words: m } = props;
    const { exact, prefix, suffix } = capture.quote;
    const { phase } = state;
    const final = isFinal(phase);
    const outcome = describe(phase, m, props.lang);
    const error = outcome !== '' && phase.kind !== 'sent' && phase.kind !== 'queued';
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
                  name="suggestion"
                  rows={2}
                  maxLength={LIMITS.suggestionMax}
                  defaultValue={this.props.typed?.value ?? exact}
                />
              </label>
              <label>
                {m.comment}
                <textarea name="comment" rows={2} maxLength={LIMITS.commentMax} />
              </label>
              <label>
                {m.kind}
                <select name="kind">
                  {REPORT_KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {m.kinds[kind]}
                    </option>
                  ))}
                </select>
              </label>
            </>
          )}
          <p role={error ? 'alert' : 'status'} class={error ? 'error' : undefined}>
            {outcome}
          </p>
          <div class="actions">
            {final ? (
              <button type="button" class="primary" onClick={props.onClose}>
                {m.close}
              </button>
            ) : (
              <>
                <button type="button" onClick={props.onClose}>
                  {m.cancel}
                </button>
                <button type="submit" class="primary" disabled={phase.kind === 'sending'}>
                  {phase.kind === 'sending' ? m.sending : m.send}
                </button>
              </>
            )}
          </div>
        </form>
      </dialog>
    );
  }
}
