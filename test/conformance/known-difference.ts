import { flatten, join, type Difference, type Sides } from './support/compare.js';

/**
 * One way moto (5.2.1) is known to differ from AWS, and how the comparison recognises it (known-differences.ts lists
 * them all).
 *
 * An entry explains a difference only where `explains` says so — a path, and moto's value as well — and names the
 * scenarios that must still show it: when moto is fixed, those comparisons fail, and the entry goes.
 */
export interface KnownDifference {
  id: string;
  /** What moto does. */
  moto: string;
  /** What AWS documents, and what the simulated cloud does. */
  aws: string;
  /** What it means for devenv when it runs on moto. */
  impact: string;
  /** The AWS documentation that decides it. */
  docs: string[];
  explains(difference: Difference, context: ExplainContext): boolean;
  /** Scenario names (as passed to `scenario()`) whose comparison must show this difference. */
  shownBy: string[];
}

export interface ExplainContext {
  sides: Sides;
  /** The scenario being compared. */
  scenario: string;
}

/** An explanation by pattern, applied only in the scenarios named (which must all still show it). */
export function within(shownBy: string[], explains: KnownDifference['explains']): Pick<KnownDifference, 'explains' | 'shownBy'> {
  return { explains: (difference, context) => shownBy.includes(context.scenario) && explains(difference, context), shownBy };
}

/** The path of a cloud observation's item (`<label>.services.<name>.` and the rest), split into its parts. */
export const OBSERVED = /^("[^"]+"|[A-Za-z0-9_:-]+)\.(services|taskDefinitions|targetGroups|rules)\.("[^"]+"|[A-Za-z0-9_:-]+)\.(.+)$/;

/** The last key of a path (`a.b."c d"[0].e` → `e`). */
export const leaf = (path: string) => path.slice(path.lastIndexOf('.') + 1);

/**
 * For an API probe: explains the differences under one note of one scenario when moto noted exactly `motoNoted` there.
 * moto's whole answer is pinned, so a change in moto's behaviour (even a different wrong one) shows up.
 */
export function probe(scenario: string, label: string, motoNoted: unknown): Pick<KnownDifference, 'explains' | 'shownBy'> {
  const root = join('', label);
  const under = (path: string) => path === root || path.startsWith(`${root}.`) || path.startsWith(`${root}[`);
  const expected = JSON.stringify([...flatten(motoNoted, root)].sort(([a], [b]) => a.localeCompare(b)));
  return {
    explains: ({ path }, context) => {
      if (context.scenario !== scenario || !under(path)) return false;
      const noted = [...context.sides.moto].filter(([key]) => under(key)).sort(([a], [b]) => a.localeCompare(b));
      return JSON.stringify(noted) === expected;
    },
    shownBy: [scenario],
  };
}
