import { test, expect } from './fixtures/test';

test('the page has no Node.js, cannot eval, cannot open windows, and sends a strict CSP', async ({ page, server }) => {
  const response = await page.goto(server.url);
  const csp = response!.headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/unsafe-(eval|inline)/);
  await page.locator('.chapter-card').first().waitFor();

  const facts = await page.evaluate(async () => {
    const w = window as unknown as Record<string, unknown>;
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    // Code the page itself compiles from a string (an eval sink; DevTools-evaluated code is exempt from CSP).
    setTimeout('window.__evaluated = true', 0);
    await new Promise((r) => setTimeout(r, 100));
    return {
      require: typeof w.require,
      process: typeof w.process,
      module: typeof w.module,
      evalRan: w.__evaluated === true,
      violations,
      popup: window.open('about:blank') === null,
    };
  });
  expect(facts).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', evalRan: false, violations: ['script-src'], popup: true });

  // An inline script injected into the page does not run.
  const ran = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.body.append(s);
    await new Promise((r) => setTimeout(r, 50));
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);

  // The API refuses calls without the per-run token, e.g. from another page on this PC.
  const status = await page.evaluate(async () => (await fetch('./api/system.info', { method: 'POST', body: '{}' })).status);
  expect(status).toBe(401);
});
