import type { AuthorityReport } from './authority-report';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The printable page: one section per part of the ICO form, each answer in a box ready to copy. */
export function authorityReportHtml(report: AuthorityReport): string {
  const sections = report.sections
    .map(
      (s, i) => `<section id="${s.id}">
  <h2>Part ${i + 1} of ${report.sections.length}: ${escapeHtml(s.title)}</h2>
  <dl>${s.fields
    .map(
      (f) => `
    <dt>${escapeHtml(f.label)}${f.article ? ` <span class="art">${escapeHtml(f.article)}</span>` : ''}</dt>
    <dd class="${f.known ? 'known' : 'unknown'}">${escapeHtml(f.value)}</dd>`,
    )
    .join('')}
  </dl>
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(report.reference)}: personal data breach report to the ICO</title>
<style>
  body { font: 11pt/1.45 system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #111; }
  h1 { font-size: 1.4rem; margin-bottom: .2rem; }
  .meta { color: #555; margin-top: 0; }
  h2 { font-size: 1.1rem; border-bottom: 2px solid #1d4f91; padding-bottom: .2rem; margin-top: 1.8rem; }
  dt { font-weight: 600; margin-top: .8rem; }
  .art { font-weight: 400; color: #1d4f91; font-size: .85em; }
  dd { margin: .25rem 0 0; padding: .4rem .6rem; border: 1px solid #ccc; border-radius: 3px; white-space: pre-wrap; user-select: all; }
  dd.unknown { border-style: dashed; color: #8a4b00; background: #fff8ec; font-style: italic; }
  @media print { body { margin: 0; max-width: none; } section { break-inside: avoid-page; } dd { user-select: auto; } }
</style>
</head>
<body>
<h1>Personal data breach report: ${escapeHtml(report.reference)}</h1>
<p class="meta">${escapeHtml(report.title)} · ${report.reportType === 'initial' ? 'Initial report' : 'Follow-up report'} · generated ${escapeHtml(report.generatedAt)}.
Answers marked <em>Not yet known</em> are still open.</p>
${sections}
</body>
</html>
`;
}
