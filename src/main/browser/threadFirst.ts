/**
 * Imported first by the browser mode's entry, so that it runs before the server's modules
 * evaluate: the worker thread boots meanwhile, and the start-up checks begin as soon as the
 * server listens.
 */
import { startThreadEarly } from '../workers/pool';

startThreadEarly();
