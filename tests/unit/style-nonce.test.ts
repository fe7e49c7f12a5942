/**
 * The style nonce of the page's policy: written into the built page, read back by whoever
 * serves it, and replaced on every load by the browser mode and by the desktop's app scheme
 * (tests/unit/app-protocol.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newStyleNonce, styleNonceOf, withFreshStyleNonce } from '../../src/main/security';

const page = (nonce: string) => `<html><head><meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(false, nonce)}" /></head></html>`;

describe('the style nonce', () => {
  it('allows the styles that carry it and still no inline style without it', () => {
    const policy = contentSecurityPolicy(false, 'abc123+/=');
    expect(policy).toContain("style-src 'self' 'nonce-abc123+/='");
    expect(policy).not.toMatch(/unsafe/);
    expect(contentSecurityPolicy(false)).toContain("style-src 'self';");
  });

  it('is left out while developing, where it would switch unsafe-inline off', () => {
    expect(contentSecurityPolicy(true, 'abc')).not.toContain('nonce-');
  });

  it('is new every time, 144 random bits', () => {
    const a = newStyleNonce();
    expect(Buffer.from(a, 'base64')).toHaveLength(18);
    expect(newStyleNonce()).not.toBe(a);
  });

  it('is read back from a policy or a page', () => {
    expect(styleNonceOf(contentSecurityPolicy(false, 'Zm9v'))).toBe('Zm9v');
    expect(styleNonceOf(page('Zm9v'))).toBe('Zm9v');
    // As the build writes the meta tag.
    expect(styleNonceOf(`content="style-src &#39;self&#39; &#39;nonce-Zm9v&#39;; img-src"`)).toBe('Zm9v');
    expect(styleNonceOf(contentSecurityPolicy(false))).toBeNull();
  });

  it("is replaced by a fresh one on every load of the page, the build's gone", () => {
    const first = withFreshStyleNonce(page('built'));
    const second = withFreshStyleNonce(page('built'));
    expect(first.nonce).not.toBeNull();
    expect(first.nonce).not.toBe(second.nonce);
    expect(styleNonceOf(first.page)).toBe(first.nonce);
    expect(first.page).not.toContain('built');
    expect(withFreshStyleNonce('<html></html>')).toEqual({ page: '<html></html>', nonce: null });
  });
});
