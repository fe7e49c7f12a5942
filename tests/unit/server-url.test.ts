/** The practice server's address as every message names it: never with a password. */
import { describe, expect, it } from 'vitest';
import { shownUrl } from '../../src/main/db/pg/url';

describe("the practice server's address in messages", () => {
  it('leaves out a password given before the host or as a parameter, and keeps the rest', () => {
    expect(shownUrl('postgresql://milia:s3cret@db.practice.lan:5432/milia?sslmode=verify-full')).toBe(
      'postgresql://milia@db.practice.lan:5432/milia?sslmode=verify-full',
    );
    expect(shownUrl('postgresql://milia@db.practice.lan/milia?password=s3cret&sslmode=require&sslpassword=k3y')).toBe(
      'postgresql://milia@db.practice.lan/milia?sslmode=require',
    );
  });

  it('names no part of what cannot be read as a URL, which may hold a password', () => {
    expect(shownUrl('postgresql://milia:s3cret@db practice/milia')).toBe('the practice server');
  });
});
