import { expect, type Page } from '@playwright/test';

/** One run of text on screen, as the patron sees it. */
export interface TextRun {
  text: string;
  /** A short CSS-ish path to the element holding the text, for failure messages. */
  where: string;
  fontPx: number;
  /** WCAG contrast ratio of the text colour over the background actually behind it. */
  contrast: number;
  /**
   * What the text is, for its minimum size: the one-word result (ADMIT/STOP), a headline (`h1`), a staff-only
   * line (codes, device notices: smaller type is fine), or text a patron reads.
   */
  kind: 'result-word' | 'headline' | 'staff' | 'patron';
  /** Set when part of the text lies outside the viewport or outside an ancestor that clips it. */
  clipped?: string;
  rect: { x: number; y: number; width: number; height: number };
}

export interface ScreenAudit {
  viewport: { width: number; height: number };
  /** The page itself can scroll (content larger than the window). */
  documentScrolls: boolean;
  /** Elements showing a scrollbar (overflow auto/scroll with content larger than the box). */
  scrollables: string[];
  /** Elements whose computed cursor is not `none`. */
  cursors: string[];
  /** Elements whose text could be selected (computed user-select not `none`). */
  selectable: string[];
  texts: TextRun[];
  /** Icons (SVG drawn in currentColor) and their contrast: WCAG 1.4.11 wants 3:1 for graphics. */
  icons: { where: string; contrast: number }[];
  /** Pairs of text runs drawn over each other. */
  overlaps: string[];
}

/**
 * Measures the screen in the page: every text run's size, contrast and clipping, every icon's contrast,
 * scrollbars, cursors and selectability. Pure DOM and computed styles, so it sees what the browser drew.
 */
export function auditScreen(page: Page, staffSelector: string): Promise<ScreenAudit> {
  return page.evaluate((staffOnly) => {
    type Rgba = [number, number, number, number];
    const parse = (css: string): Rgba => {
      const m = /rgba?\(([^)]+)\)/.exec(css);
      if (!m) return [0, 0, 0, 0];
      const [r = 0, g = 0, b = 0, a = 1] = m[1]!
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      return [r, g, b, a];
    };
    const over = (top: Rgba, under: Rgba): Rgba => {
      const a = top[3] + under[3] * (1 - top[3]);
      if (a === 0) return [0, 0, 0, 0];
      const mix = (i: 0 | 1 | 2) => (top[i] * top[3] + under[i] * under[3] * (1 - top[3])) / a;
      return [mix(0), mix(1), mix(2), a];
    };
    const luminance = ([r, g, b]: Rgba) => {
      const lin = (c: number) => {
        const s = c / 255;
        return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const ratio = (a: Rgba, b: Rgba) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
      return Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100;
    };
    const where = (el: Element) => {
      if (el === document.body) return 'body';
      const parts: string[] = [];
      for (let e: Element | null = el; e && e !== document.body && parts.length < 3; e = e.parentElement) {
        const cls = typeof e.className === 'string' && e.className ? `.${e.className.split(' ')[0]}` : '';
        parts.unshift(`${e.tagName.toLowerCase()}${cls}`);
      }
      return parts.join(' > ');
    };
    /** The colour behind an element: its own and its ancestors' backgrounds, composited until opaque. */
    const backdrop = (el: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let e: Element | null = el; e; e = e.parentElement) {
        const bg = parse(getComputedStyle(e).backgroundColor);
        if (bg[3] > 0) layers.push(bg);
        if (bg[3] >= 1) break;
      }
      let colour: Rgba = [255, 255, 255, 1];
      for (const layer of layers.reverse()) colour = over(layer, colour);
      return colour;
    };
    const opacity = (el: Element) => {
      let o = 1;
      for (let e: Element | null = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
      return o;
    };
    const foreground = (el: Element): Rgba => {
      const fg = parse(getComputedStyle(el).color);
      return [fg[0], fg[1], fg[2], fg[3] * opacity(el)];
    };
    const contrastOf = (el: Element) => {
      const bg = backdrop(el);
      return ratio(over(foreground(el), bg), bg);
    };

    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const all = [document.documentElement, document.body, ...Array.from(document.body.querySelectorAll('*'))];
    const rendered = (el: Element) => {
      const s = getComputedStyle(el);
      return s.display !== 'none' && s.visibility !== 'hidden' && el.getClientRects().length > 0;
    };

    const scrollables = all
      .filter((el) => {
        const s = getComputedStyle(el);
        const scrolls = (o: string) => o === 'auto' || o === 'scroll';
        return (
          (scrolls(s.overflowY) && el.scrollHeight > el.clientHeight) ||
          (scrolls(s.overflowX) && el.scrollWidth > el.clientWidth) ||
          s.overflowY === 'scroll' ||
          s.overflowX === 'scroll'
        );
      })
      .map(where);
    const root = document.documentElement;
    const documentScrolls =
      root.scrollHeight > vh + 1 ||
      root.scrollWidth > vw + 1 ||
      getComputedStyle(root).overflow !== 'hidden' ||
      getComputedStyle(document.body).overflow !== 'hidden';

    const cursors = all.filter((el) => getComputedStyle(el).cursor !== 'none').map(where);
    const selectable = all
      .filter((el) => el !== document.documentElement && getComputedStyle(el).userSelect !== 'none')
      .map(where);

    const texts: ScreenAudit['texts'] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const el = node.parentElement;
      if (!text || !el || !rendered(el)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const box = range.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      let clipped: string | undefined;
      if (box.left < -1 || box.top < -1 || box.right > vw + 1 || box.bottom > vh + 1) clipped = 'viewport';
      for (let e = el as Element | null; e && !clipped; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
        const r = e.getBoundingClientRect();
        if (
          box.left < r.left - 1 ||
          box.right > r.right + 1 ||
          box.top < r.top - 1 ||
          box.bottom > r.bottom + 1
        )
          clipped = where(e);
      }
      texts.push({
        text,
        where: where(el),
        fontPx: parseFloat(getComputedStyle(el).fontSize),
        contrast: contrastOf(el),
        kind: el.matches('.result__word:not(.result__word--long)')
          ? 'result-word'
          : el.closest('h1')
            ? 'headline'
            : el.closest(staffOnly)
              ? 'staff'
              : 'patron',
        ...(clipped && { clipped }),
        rect: { x: box.x, y: box.y, width: box.width, height: box.height },
      });
    }

    const icons = Array.from(document.querySelectorAll('svg'))
      .filter(rendered)
      .map((svg) => ({ where: where(svg), contrast: contrastOf(svg) }));

    const overlaps: string[] = [];
    texts.forEach((a, i) =>
      texts.slice(i + 1).forEach((b) => {
        const w = Math.min(a.rect.x + a.rect.width, b.rect.x + b.rect.width) - Math.max(a.rect.x, b.rect.x);
        const h = Math.min(a.rect.y + a.rect.height, b.rect.y + b.rect.height) - Math.max(a.rect.y, b.rect.y);
        if (w > 2 && h > 2) overlaps.push(`"${a.text}" (${a.where}) × "${b.text}" (${b.where})`);
      }),
    );

    return {
      viewport: { width: vw, height: vh },
      documentScrolls,
      scrollables,
      cursors,
      selectable,
      texts,
      icons,
      overlaps,
    };
  }, staffSelector);
}

/** Text only staff need to read up close: it may be smaller than what a patron reads from 2 m. */
export const STAFF_ONLY = '.device-notice, .demo-badge, .screen__staff, .offline-banner';

/**
 * Minimum text sizes as a fraction of the screen's short side (vmin). On a 1080-px panel: patron text
 * ≥ 40 px (a cap height ≈ 7 mm on a 21.5" panel, readable from 2 m), headlines ≥ 70 px, the one-word
 * result ≥ 150 px, staff lines ≥ 24 px.
 */
export const MIN_SIZE = { 'result-word': 0.139, headline: 0.065, patron: 0.037, staff: 0.022 } as const;

/**
 * The screen as a patron meets it: nothing scrolls, no cursor, nothing selectable, every text run inside
 * the screen and unclipped, nothing drawn over text, contrast ≥ 4.5:1 for text and ≥ 3:1 for icons, and
 * text large enough to read from 2 m.
 */
export async function expectReadableKioskScreen(page: Page, label: string): Promise<ScreenAudit> {
  const audit = await auditScreen(page, STAFF_ONLY);
  const vmin = Math.min(audit.viewport.width, audit.viewport.height);
  expect(audit.texts.length, `${label}: text on screen`).toBeGreaterThan(0);
  expect(audit.documentScrolls, `${label}: page scrolls`).toBe(false);
  expect(audit.scrollables, `${label}: scrollbars`).toEqual([]);
  expect(audit.cursors, `${label}: elements with a cursor`).toEqual([]);
  expect(audit.selectable, `${label}: selectable elements`).toEqual([]);
  expect(
    audit.texts.filter((t) => t.clipped).map((t) => `"${t.text}" clipped by ${t.clipped}`),
    `${label}: clipped text`,
  ).toEqual([]);
  expect(audit.overlaps, `${label}: text drawn over text`).toEqual([]);
  expect(
    audit.texts.filter((t) => t.contrast < 4.5).map((t) => `"${t.text}" (${t.where}) ${t.contrast}:1`),
    `${label}: text contrast below 4.5:1`,
  ).toEqual([]);
  expect(
    audit.icons.filter((i) => i.contrast < 3).map((i) => `${i.where} ${i.contrast}:1`),
    `${label}: icon contrast below 3:1`,
  ).toEqual([]);
  const small = audit.texts.filter((t) => t.fontPx < MIN_SIZE[t.kind] * vmin - 0.5);
  expect(
    small.map(
      (t) => `"${t.text}" (${t.kind}, ${t.where}) ${t.fontPx}px < ${Math.round(MIN_SIZE[t.kind] * vmin)}px`,
    ),
    `${label}: text too small for 2 m`,
  ).toEqual([]);
  return audit;
}

/**
 * No context menu and no text selection, tried the way a patron would: a right click / long press
 * (the contextmenu event is cancelled) and a triple click on the headline (nothing gets selected).
 */
export async function expectNoContextMenuOrSelection(page: Page, label: string): Promise<void> {
  const headline = page.locator('h1').first();
  const prevented = await headline.evaluate((el) => {
    const event = new MouseEvent('contextmenu', { bubbles: true, cancelable: true, button: 2 });
    el.dispatchEvent(event);
    return event.defaultPrevented;
  });
  expect(prevented, `${label}: contextmenu event cancelled`).toBe(true);
  await headline.click({ clickCount: 3 });
  expect(await page.evaluate(() => window.getSelection()?.toString() ?? ''), `${label}: selection`).toBe('');
}
