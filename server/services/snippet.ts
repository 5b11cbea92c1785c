import { DEFAULT_SITE_SETTINGS } from '../../contract/api.js';

/**
 * The `<script>` tag a site owner pastes into every page (README.md, "Adding Misprint to a
 * site"). A site whose selection limit differs from the default gets `data-max-selection`, so the
 * widget refuses exactly what the server would refuse, before the reader types anything.
 */
export function embedSnippet(publicOrigin: string, siteKey: string, maxSelection?: number): string {
  const origin = publicOrigin.replace(/\/+$/, '');
  const limit =
    maxSelection !== undefined && maxSelection !== DEFAULT_SITE_SETTINGS.maxSelection
      ? ` data-max-selection="${maxSelection}"`
      : '';
  return `<script src="${origin}/widget.js" data-site="${siteKey}"${limit} async></script>`;
}
