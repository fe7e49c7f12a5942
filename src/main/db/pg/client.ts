import { Client } from 'pg';

/**
 * pg's client, closing its socket when the connection fails. pg leaves the socket open when it
 * refuses the sign-in itself (the server asks for a password and none was given): the server
 * then holds the half-made sign-in for its `authentication_timeout` (a minute by default), and
 * the process cannot exit until it lets go. The pool is given this class too.
 */
export class ClosingClient extends Client {
  override connect(): Promise<void>;
  override connect(callback: (err: Error) => void): void;
  override connect(callback?: (err: Error) => void): Promise<void> | void {
    if (!callback)
      return new Promise((resolve, reject) => {
        this.connect((error) => (error ? reject(error) : resolve()));
      });
    super.connect((error) => {
      // Not awaited (a socket the server has closed already never says 'end' again), and a
      // step later, so that nothing it throws keeps the failure from the caller.
      if (error)
        Promise.resolve()
          .then(() => this.end())
          .catch(() => undefined);
      callback(error);
    });
  }
}
