/**
 * The same handout as HTML, for the Chromium peer (bench/chromiumPeer.ts): the same content,
 * the same page and margins, the same Noto fonts (loaded from the same files by URL), the
 * patient's name, date of birth, MRN and "Page N of M" in a footer on every page.
 */
import { format, parseISO } from 'date-fns';
import type { Script, Weight } from '../src/main/handouts/fonts';
import type { Block, HandoutDocument } from '../src/main/handouts/model';
import { followUpWords, joinParts } from '../src/main/handouts/render';

const scripts: Script[] = ['latin', 'arabic', 'hebrew', 'jp', 'sc'];
const weights: Array<[Weight, number]> = [
  ['regular', 400],
  ['bold', 700],
];

/** The address a font is served at: `http://handout.local/font/<script>-<weight>.ttf`. */
export const fontUrl = (script: Script, weight: Weight): string => `http://handout.local/font/${script}-${weight}.ttf`;

/** Every face under one family, in the order render.ts tries them; the browser takes each character from the first that has it. */
const fontFaces = scripts
  .flatMap((s) => weights.map(([w, n]) => `@font-face{font-family:"H-${s}";font-weight:${n};src:url(${fontUrl(s, w)}) format("truetype")}`))
  .join('');
const family = scripts.map((s) => `"H-${s}"`).join(',');

const escape = (text: string): string => text.replace(/[&<>"']/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const longDate = (iso: string): string => format(parseISO(iso), 'd MMMM yyyy');

function block(b: Block): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p>${escape(b.text)}</p>`;
    case 'bullets':
      return `<ul>${b.items.map((i) => `<li>${escape(i)}</li>`).join('')}</ul>`;
    case 'timeline':
      return `<dl class="timeline">${b.items.map((i) => `<dt>${escape(i.when)}</dt><dd>${escape(i.text)}</dd>`).join('')}</dl>`;
    case 'callout':
      return `<aside><p class="title">${escape(b.title)}</p><ul>${b.items.map((i) => `<li>${escape(i)}</li>`).join('')}</ul>${b.after.map((p) => `<p class="call">${escape(p)}</p>`).join('')}</aside>`;
  }
}

const style = `${fontFaces}
body{margin:0;font:11pt/1.3 ${family};color:#1d2329}
.practice{font-weight:700;font-size:14.5pt;color:#1f6f78;margin:0}
.muted{font-size:9.5pt;color:#56606b;margin:0}
hr{border:0;border-top:1.5pt solid #1f6f78;margin:4pt 0 7.7pt}
h1{font-size:22pt;margin:0 0 4.4pt}
.visit{background:#f1f5f6;padding:6.6pt;break-inside:avoid}
.visit h2{margin:0 0 2pt}
.visit th{text-align:left;vertical-align:top;width:88pt;color:#56606b;padding:0}
.visit td{padding:0}
h2{font-size:15.5pt;color:#1f6f78;margin:9.3pt 0 3.1pt;break-after:avoid}
h3{font-size:12.5pt;margin:3.1pt 0 2.5pt;break-after:avoid}
p{margin:0 0 5.5pt;orphans:2;widows:2}
ul{margin:0 0 5.5pt;padding-left:13.2pt}
li{margin-bottom:1.65pt;break-inside:avoid}
.timeline{display:grid;grid-template-columns:77pt 1fr;margin:0 0 5.5pt}
dt{font-weight:700;color:#1f6f78}
dd{margin:0 0 1.65pt}
aside{background:#fdf5e6;border-left:4pt solid #c77d0a;padding:6pt 6pt 6pt 10pt;margin-bottom:5.5pt;break-inside:avoid}
aside .title,aside .call{font-weight:700;margin-bottom:1.6pt}`;

/** The handout as a page of HTML. */
export function handoutHtml(doc: HandoutDocument): string {
  const { practice, visit } = doc;
  const phones = joinParts([practice.phone ? `Phone ${practice.phone}` : '', practice.afterHoursPhone ? `After hours ${practice.afterHoursPhone}` : '']);
  const rows: Array<[string, string[]]> = [
    ['Patient', [doc.patient.name]],
    ['Visit date', [longDate(visit.date)]],
    ['Clinician', [visit.clinician]],
    ['Treated', visit.treated.map((t) => t.label)],
  ];
  if (visit.followUpDate) rows.push(['Follow-up', [followUpWords(visit.followUpDate, visit.followUpPassed)]]);
  const sections = doc.sections
    .map(
      (s) =>
        `<section><h2>${escape(s.heading)}</h2>${s.subsections.map((sub) => `<h3>${escape(sub.heading)}</h3>${sub.blocks.map(block).join('')}`).join('')}</section>`,
    )
    .join('');
  return `<!doctype html><html lang="${escape(doc.language)}"><head><meta charset="utf-8"><title>${escape(doc.title)}</title><style>${style}${pageRule(doc)}</style></head><body>
<p class="practice">${escape(practice.name)}</p>${phones ? `<p class="muted"><b>${escape(phones)}</b></p>` : ''}${practice.address.trim() ? `<p class="muted">${escape(practice.address)}</p>` : ''}<hr>
<h1>${escape(doc.title)}</h1>
<div class="visit"><h2>Your visit</h2><table>${rows.map(([label, values]) => `<tr><th scope="row">${escape(label)}</th><td>${values.map(escape).join('<br>')}</td></tr>`).join('')}</table></div>
${sections}</body></html>`;
}

/**
 * The footer on every page, in the page's margin boxes (which use the document's fonts,
 * unlike `page.pdf`'s footer template): name, date of birth and MRN, and "Page N of M".
 */
function pageRule(doc: HandoutDocument): string {
  const footer = joinParts([doc.patient.name, `Date of birth ${longDate(doc.patient.dateOfBirth)}`, `MRN\u00a0${doc.patient.mrn}`]);
  const box = `font:700 8.5pt ${family};color:#56606b;border-top:0.75pt solid #c9d3d8;vertical-align:top;padding-top:4pt`;
  return `@page{size:A4;margin:54pt 54pt 72pt;@bottom-left{content:${JSON.stringify(footer)};${box}}@bottom-right{content:"Page " counter(page) " of " counter(pages);${box};font-weight:400}}`;
}
