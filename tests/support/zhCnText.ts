import type { Page } from 'playwright-core';

/**
 * Issue 12.7's check that a zh-CN screen holds no English: the Latin words of a text that are not on
 * the allow-list (ids, units, standards, the product name). Shared by the zh-CN completeness walk and
 * the incident walk.
 *
 * Latin text allowed in the zh-CN UI. Ids: scene tags, badges, cameras, muster points (T-101,
 * GD-T101-C1, BDG-1001, CAM-01, MP-3, AEGL-2), removed before words are looked at.
 */
const ALLOWED_ID = /\b[A-Z][A-Za-z]{0,4}\d*(?:-[A-Z0-9]+)+\b/g;
/**
 * A sensor's MQTT topic, a file's name, an evacuation run's id and a problem's code (ST_ERR_…, quoted to
 * support next to its translated message) are identifiers the user copies as they are.
 */
const ALLOWED_NAME = /\b[\w.-]+(?:\/[\w.-]+){2,}|\b[\w.-]+\.(?:html|mcap|json|csv)(?:\.part)?\b|\b(?:drill|live)-[a-z0-9-]+\b|\bST_ERR_[A-Z0-9_]+\b/g;
/**
 * Whole words allowed: units (ppm, %LEL, kPa, kg/s, mg/m³, %RH, mm/s), threshold and standard names
 * plant staff read as they are (AEGL, ERPG, IDLH, SLOT, SLOD, LEL, UEL, ISA, EEMUA, GB), protocols and
 * formats that have no Chinese name (MQTT, HTML, PDF, MCAP), and the product name.
 */
const ALLOWED_WORDS = new Set([
  'SafeTwin',
  // The language switch names English in English; key caps as printed on the keyboard.
  'EN',
  'Esc',
  'Ctrl',
  'Shift',
  'Enter',
  // Proper names cited as they are: the dense-gas model's authors, the pedestrian fundamental diagram's,
  // Haber's rule, and the UK regulator whose toxic-load levels (SLOT/SLOD) the reports use.
  'Britter',
  'McQuaid',
  'Weidmann',
  'Haber',
  'HSE',
  'ppm',
  'LEL',
  'UEL',
  'vol',
  'kPa',
  'MPa',
  'hPa',
  'Pa',
  'kg',
  'km',
  'mm',
  'mg',
  'MiB',
  'GiB',
  'RH',
  'AEGL',
  'ERPG',
  'IDLH',
  'SLOT',
  'SLOD',
  'ISA',
  'EEMUA',
  // 视频AI: the camera analytics as Chinese plant staff name them (the indicator catalogue's PPE formulas).
  'AI',
  'GB',
  'MQTT',
  'HTML',
  'PDF',
  'MCAP',
]);

export type Finding = { word: string; where: string; context: string };

/** Latin words in a text that are not allowed, each with the text around it. */
export function latinWords(text: string, where: string): Finding[] {
  const findings: Finding[] = [];
  const blank = (id: string) => ' '.repeat(id.length);
  const cleaned = text.replace(ALLOWED_NAME, blank).replace(ALLOWED_ID, blank);
  for (const match of cleaned.matchAll(/[A-Za-z]{2,}/g)) {
    if (ALLOWED_WORDS.has(match[0])) continue;
    const at = match.index;
    findings.push({ word: match[0], where, context: text.slice(Math.max(0, at - 30), at + match[0].length + 30).replace(/\s+/g, ' ') });
  }
  return findings;
}

/** What a user reads on the page: the visible text, the title, and title / aria-label / placeholder / alt attributes. */
async function visibleText(page: Page): Promise<{ where: string; text: string }[]> {
  return page.evaluate(() => {
    const parts = [{ where: 'document.title', text: document.title }, { where: 'body', text: document.body.innerText }];
    for (const attribute of ['title', 'aria-label', 'placeholder', 'alt']) {
      document.querySelectorAll(`[${attribute}]`).forEach((element) => {
        const label = element.getAttribute('data-testid') ?? element.tagName.toLowerCase();
        parts.push({ where: `${label}[${attribute}]`, text: element.getAttribute(attribute) ?? '' });
      });
    }
    return parts;
  });
}

/** The offending Latin words a zh-CN page shows now (its visible text and labels), each named with where it was. */
export async function latinWordsOnPage(page: Page, view: string): Promise<Finding[]> {
  return (await visibleText(page)).flatMap((part) => latinWords(part.text, `${view} · ${part.where}`));
}
