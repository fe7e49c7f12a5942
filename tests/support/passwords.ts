/** A cheap scrypt cost, so that tests make users quickly; users.test.ts pins the production cost. Here, not in store.ts, for the end-to-end tests too (store.ts needs vitest). */
export const testPasswordCost = { N: 2 ** 10, r: 8, p: 1 };
