/** The engine a test run works on: the SQLite file (the default) or the practice server (`MILIA_TEST_ENGINE=pg`). */
export type Engine = 'sqlite' | 'pg';

export function testEngine(): Engine {
  const engine = process.env.MILIA_TEST_ENGINE ?? 'sqlite';
  if (engine !== 'sqlite' && engine !== 'pg') throw new Error(`MILIA_TEST_ENGINE is "${engine}": use sqlite or pg.`);
  return engine;
}
