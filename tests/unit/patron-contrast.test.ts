import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Every text colour the patron stylesheet sets, against the background it is drawn on, meets WCAG AA
 * (4.5:1; 3:1 for icons). Rules that set both colours are checked as written; a rule that sets only a
 * colour is checked against the background named for it below, and a new one without an entry fails
 * until someone says what it sits on. The e2e audit measures the same on rendered screens; this covers
 * states the e2e run passes through too quickly to measure (the gate indicator, the starting screen).
 */
const CSS = readFileSync(fileURLToPath(new URL('../../renderer/src/styles.css', import.meta.url)), 'utf8');

/** Rules that set only `color`: the background they are drawn on (a colour or a custom property). */
const DRAWN_ON: Record<string, { background: string; icon?: boolean }> = {
  '.screen__icon--idle': { background: 'var(--idle-bg)', icon: true },
  '.cue__icon': { background: 'var(--idle-bg)', icon: true },
  '.cue__arrow': { background: 'var(--idle-bg)', icon: true },
  '.screen__staff': { background: 'var(--oos-bg)' },
};

interface Rule {
  selector: string;
  decls: Record<string, string>;
}

/** Top-level rules and rules inside @media; @keyframes and comments are skipped. */
function parseRules(css: string): Rule[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const rules: Rule[] = [];
  const walk = (block: string) => {
    let i = 0;
    while (i < block.length) {
      const open = block.indexOf('{', i);
      if (open < 0) break;
      const head = block.slice(i, open).trim();
      let depth = 1;
      let j = open + 1;
      for (; j < block.length && depth > 0; j++) {
        if (block[j] === '{') depth++;
        else if (block[j] === '}') depth--;
      }
      const body = block.slice(open + 1, j - 1);
      if (head.startsWith('@media')) walk(body);
      else if (!head.startsWith('@')) {
        const decls: Record<string, string> = {};
        for (const decl of body.split(';')) {
          const colon = decl.indexOf(':');
          if (colon > 0) decls[decl.slice(0, colon).trim()] = decl.slice(colon + 1).trim();
        }
        for (const selector of head.split(',')) rules.push({ selector: selector.trim(), decls });
      }
      i = j;
    }
  };
  walk(text);
  return rules;
}

const rules = parseRules(CSS);
const rootVars = Object.fromEntries(
  rules
    .filter((r) => r.selector === ':root')
    .flatMap((r) => Object.entries(r.decls).filter(([k]) => k.startsWith('--'))),
);

function resolve(value: string): string {
  const m = /^var\((--[\w-]+)\)$/.exec(value.trim());
  if (!m) return value.trim();
  const resolved = rootVars[m[1]!];
  if (resolved === undefined) throw new Error(`${m[1]} is not defined in :root`);
  return resolve(resolved);
}

function hex(value: string): [number, number, number] {
  const m = /^#([0-9a-f]{6})$/i.exec(resolve(value));
  if (!m) throw new Error(`"${value}" is not a #rrggbb colour: write solid colours so contrast is checkable`);
  const n = parseInt(m[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function contrast(fg: string, bg: string): number {
  const lum = (rgb: [number, number, number]) =>
    rgb
      .map((c) => c / 255)
      .map((s) => (s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4))
      .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i]!, 0);
  const [a, b] = [lum(hex(fg)), lum(hex(bg))].sort((x, y) => y - x) as [number, number];
  return (a + 0.05) / (b + 0.05);
}

// The technician's rules belong to the console; its own audit covers them.
const patronRules = rules.filter((r) => !r.selector.startsWith('.admin'));
const coloured = patronRules.filter((r) => r.decls.color && r.decls.color !== 'inherit');
const background = (r: Rule) => r.decls['background-color'] ?? r.decls.background;

describe('patron stylesheet contrast (WCAG AA)', () => {
  it('finds the colour rules to check', () => {
    expect(coloured.length).toBeGreaterThan(10);
  });

  for (const rule of coloured.filter((r) => background(r))) {
    it(`${rule.selector}: text on its own background ≥ 4.5:1`, () => {
      expect(contrast(rule.decls.color!, background(rule)!)).toBeGreaterThanOrEqual(4.5);
    });
  }

  for (const rule of coloured.filter((r) => !background(r) && r.decls.color !== 'currentColor')) {
    it(`${rule.selector}: colour on the background it is drawn on`, () => {
      const context = DRAWN_ON[rule.selector];
      expect(context, `say in DRAWN_ON what ${rule.selector} is drawn on`).toBeDefined();
      const min = context!.icon ? 3 : 4.5;
      expect(contrast(rule.decls.color!, context!.background)).toBeGreaterThanOrEqual(min);
    });
  }

  it('uses no opacity on patron text, so the colours written are the colours seen', () => {
    const faded = patronRules.filter((r) => r.decls.opacity && Number(r.decls.opacity) < 1);
    expect(faded.map((r) => r.selector)).toEqual([]);
  });
});
