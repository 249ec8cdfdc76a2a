/** The demo's cast: about twenty traders with naked and hedged books, calls and puts, three expiries. */

export type Leg = {
  /** strike [USD] */
  strike: number;
  /** expiry bucket: index into EXPIRY_DAYS */
  expiry: number;
  isCall: boolean;
  /** contracts, + long, − short */
  size: number;
};

export type TraderSpec = {
  name: string;
  kind: "naked" | "hedged" | "long";
  legs: Leg[];
  /** margin ratio (equity / maintenance) the trader leaves after withdrawing spare collateral; undefined: keeps a plain deposit */
  ratio?: number;
};

/** [days] expiries of the listed series */
export const EXPIRY_DAYS = [14, 30, 60];

const P = (strike: number, expiry: number, size: number): Leg => ({ strike, expiry, isCall: false, size });
const C = (strike: number, expiry: number, size: number): Leg => ({ strike, expiry, isCall: true, size });

export const TRADERS: TraderSpec[] = [
  { name: "alice", kind: "naked", legs: [P(1900, 1, -30)], ratio: 1.35 },
  { name: "bob", kind: "naked", legs: [P(2000, 0, -25)], ratio: 1.32 },
  { name: "carol", kind: "naked", legs: [P(1800, 2, -40)], ratio: 1.4 },
  { name: "dave", kind: "naked", legs: [P(2000, 1, -20)], ratio: 1.55 },
  { name: "erin", kind: "naked", legs: [P(1900, 0, -35)], ratio: 1.33 },
  { name: "frank", kind: "naked", legs: [P(2000, 2, -15)], ratio: 1.9 },
  { name: "grace", kind: "naked", legs: [P(2000, 1, -60)], ratio: 1.31 },
  { name: "heidi", kind: "naked", legs: [P(1900, 0, -50)], ratio: 1.31 },
  { name: "ivan", kind: "naked", legs: [P(1900, 1, -20), C(2200, 1, -20)], ratio: 1.35 },
  { name: "judy", kind: "naked", legs: [P(1800, 0, -25), C(2200, 0, -25)], ratio: 1.5 },
  { name: "ken", kind: "hedged", legs: [P(2000, 1, -30), P(1800, 1, 30)], ratio: 3 },
  { name: "liam", kind: "hedged", legs: [P(1900, 2, -40), P(1700, 2, 40)], ratio: 3 },
  { name: "mia", kind: "hedged", legs: [P(2000, 0, -20), P(1900, 0, 20)], ratio: 3 },
  { name: "nick", kind: "hedged", legs: [P(2000, 1, -25), P(2000, 2, 25)], ratio: 1.4 },
  { name: "olga", kind: "naked", legs: [C(2200, 1, -30)], ratio: 1.35 },
  { name: "pete", kind: "naked", legs: [C(2000, 0, -20)], ratio: 1.32 },
  { name: "quinn", kind: "long", legs: [P(1800, 1, 30)] },
  { name: "rosa", kind: "long", legs: [C(2200, 2, 20)] },
  { name: "sam", kind: "naked", legs: [P(1800, 2, -30), C(2200, 2, 30)], ratio: 1.35 },
  { name: "tina", kind: "naked", legs: [P(1800, 1, -30)], ratio: 2.2 },
];

/** [USD] the price path after the opening at 2000: a slide, then a gap down */
export const PRICE_PATH = [1960, 1920, 1880, 1840, 1475, 1490];

/** a leg as text, e.g. "-30 1900P 30d" */
export function legText(l: Leg): string {
  return `${l.size > 0 ? "+" : ""}${l.size} ${l.strike}${l.isCall ? "C" : "P"} ${EXPIRY_DAYS[l.expiry]}d`;
}
