import PDFDocument from 'pdfkit';
import type { ChainHead } from '../timeline/domain/timeline-chain';
import type { AuthorityReport } from './authority-report';

const MARGIN = 56;
const BLUE = '#1d4f91';
const AMBER = '#8a4b00';
const ANSWER_INDENT = 10;

/**
 * The built-in PDF fonts encode WinAnsi (Windows-1252) only; any other character is shown as "?"
 * rather than as a wrong glyph. Embedding a Unicode font would lift this at ~300 KB per report.
 */
const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const printable = (s: string) =>
  [...s].map((c) => (c === '\n' || (c >= ' ' && c <= '~') || (c >= '\u00a0' && c <= '\u00ff') || WIN_ANSI_EXTRAS.has(c) ? c : '?')).join('');

/** "entry 12, 3f9a…" : what a reader compares with the timeline's verify answer. */
export const chainHeadLine = (head: ChainHead | undefined) => (head ? `timeline chain head: entry ${head.seq}, SHA-256 ${head.hash}` : 'timeline chain head: no entries yet');

/**
 * The report as a PDF, built on the server with PDFKit (no browser): each part of the ICO form
 * with its answers, every page footed with the reference, the generation time and the timeline
 * chain head, which the document's metadata carries too.
 */
export function authorityReportPdf(report: AuthorityReport, head: ChainHead | undefined): Promise<Buffer> {
  const generated = new Date(report.generatedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 24, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: printable(`${report.reference}: personal data breach report to the ICO`),
      Subject: printable(report.title),
      Keywords: printable(`${report.reference}; generated ${report.generatedAt}; ${chainHeadLine(head)}`),
      Creator: 'Forewarn breach-response',
      CreationDate: generated,
      ModDate: generated,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(16).fillColor('#111').text(printable(`Personal data breach report: ${report.reference}`));
  doc.moveDown(0.3).font('Helvetica').fontSize(10).fillColor('#555');
  doc.text(printable(`${report.title} · ${report.reportType === 'initial' ? 'Initial report' : 'Follow-up report'} · generated ${report.generatedAt}`));
  doc.text(chainHeadLine(head));
  doc.text('Answers marked "Not yet known" are still open.');

  report.sections.forEach((section, i) => {
    doc.moveDown(1.2).font('Helvetica-Bold').fontSize(12.5).fillColor(BLUE);
    doc.text(printable(`Part ${i + 1} of ${report.sections.length}: ${section.title}`));
    const y = doc.y + 2;
    doc.moveTo(MARGIN, y).lineTo(doc.page.width - MARGIN, y).lineWidth(1.2).strokeColor(BLUE).stroke();
    doc.moveDown(0.4);
    for (const field of section.fields) {
      doc.moveDown(0.5).font('Helvetica-Bold').fontSize(10).fillColor('#111').text(printable(field.label), { continued: !!field.article });
      if (field.article) doc.font('Helvetica').fillColor(BLUE).text(printable(`  ${field.article}`));
      doc.font(field.known ? 'Helvetica' : 'Helvetica-Oblique').fillColor(field.known ? '#111' : AMBER);
      doc.text(printable(field.value), MARGIN + ANSWER_INDENT, doc.y, { width: doc.page.width - 2 * MARGIN - ANSWER_INDENT });
      doc.x = MARGIN;
    }
  });

  const footer = printable(`${report.reference} · generated ${report.generatedAt} · ${chainHeadLine(head)}`);
  const { start, count } = doc.bufferedPageRange();
  for (let page = start; page < start + count; page++) {
    doc.switchToPage(page);
    // Written inside the bottom margin: lift the margin so PDFKit does not start a new page for it.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(7.5).fillColor('#555');
    doc.text(`${footer} · page ${page - start + 1} of ${count}`, MARGIN, doc.page.height - MARGIN, { width: doc.page.width - 2 * MARGIN, lineBreak: true });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
