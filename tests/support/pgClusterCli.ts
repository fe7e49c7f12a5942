/**
 * `tsx tests/support/pgClusterCli.ts start` starts a throw-away cluster and prints its URL and
 * folder on one line; `… stop FOLDER` stops it and removes the folder. `.ci/run` starts one for
 * the whole test run this way (the tests take it from MILIA_TEST_PG_URL) and stops it at the end.
 */
import { startPgCluster, stopPgCluster } from './pgCluster';

const [command, dir] = process.argv.slice(2);
if (command === 'start') {
  void startPgCluster().then((cluster) => process.stdout.write(`${cluster.url} ${cluster.dir}\n`));
} else if (command === 'stop' && dir) {
  stopPgCluster(dir);
} else {
  process.stderr.write('Usage: tsx tests/support/pgClusterCli.ts start | stop FOLDER\n');
  process.exit(2);
}
