/** The `<script>` tag a site owner pastes into every page (DESIGN.md "Embedding"). */
export function embedSnippet(publicOrigin: string, siteKey: string): string {
  const origin = publicOrigin.replace(/\/+$/, '');
  return `<script src="${origin}/widget.js" data-site="${siteKey}" async></script>`;
}
