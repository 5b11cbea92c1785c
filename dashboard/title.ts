/** The window title follows the page, so tabs, history and screen readers name where you are. */
import { useEffect } from 'preact/hooks';

/** Sets `document.title` to "part · part · Misprint". */
export function useDocumentTitle(...parts: Array<string | null | undefined>): void {
  const title = [...parts.filter(Boolean), 'Misprint'].join(' · ');
  useEffect(() => {
    document.title = title;
  }, [title]);
}
