import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';

/** The impacts that fail a screen (issue 11: 0 serious or critical violations). */
const BLOCKING = new Set(['serious', 'critical']);

export interface AxeOptions {
  /** CSS selectors axe should leave out (a third-party widget, say); empty by default. */
  exclude?: string[];
}

/**
 * Runs axe-core on the page as it is now and fails on any serious or critical violation, listing each
 * rule with the elements it hit. Every rule axe has runs (WCAG 2.x A/AA and best practice); the full
 * result is attached to the test as `axe-<label>.json`, so moderate findings can be read too.
 *
 * Shared by the patron and the technician screens: call it once per screen state.
 */
export async function expectNoSeriousA11yViolations(
  page: Page,
  info: TestInfo,
  label: string,
  options: AxeOptions = {},
): Promise<void> {
  let builder = new AxeBuilder({ page });
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const results = await builder.analyze();
  await info.attach(`axe-${label}.json`, {
    body: JSON.stringify(
      { url: results.url, violations: results.violations, incomplete: results.incomplete },
      null,
      2,
    ),
    contentType: 'application/json',
  });
  const blocking = results.violations
    .filter((v) => BLOCKING.has(v.impact ?? ''))
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(blocking, `axe on ${label}`).toEqual([]);
  // A rule that ran on nothing proves nothing: the page must have been checked for contrast at least.
  expect(
    results.passes.some((r) => r.id === 'color-contrast') ||
      results.violations.some((r) => r.id === 'color-contrast'),
    `axe on ${label} checked colour contrast`,
  ).toBe(true);
}
