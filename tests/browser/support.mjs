// What the browser test files share: Debian's headless Chromium through Playwright, screenshots,
// holding a request to see a loading state, and the API's error envelope.
import { mkdtemp, mkdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const SHOTS = join(here, "screenshots");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Recordings play from a test's click, but headless Chromium may still hold audio back.
  "--autoplay-policy=no-user-gesture-required",
  // The dial pad's calls: a fake microphone, allowed without a prompt.
  "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream",
];
export const DESKTOP = { width: 1280, height: 800 };
export const MOBILE = { width: 390, height: 844 };

/** A fresh browser profile on the server at LOQUENT_URL; `errors` collects the page's errors. */
export async function launch() {
  const base = (process.env.LOQUENT_URL ?? "http://127.0.0.1:8080").replace(/\/$/, "");
  await mkdir(SHOTS, { recursive: true });
  const profile = await mkdtemp(join(tmpdir(), "loquent-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    baseURL: base,
    viewport: DESKTOP,
    locale: "en-US",
    timezoneId: "UTC",
  });
  context.setDefaultTimeout(15_000);
  // Every page of the context reports what its Content-Security-Policy blocked; any violation
  // fails the test that caused it (through `errors`) and the file (at `close`), however the test
  // treats other errors: the app must run under the policy the server sends.
  const errors = [];
  const cspViolations = [];
  await context.exposeBinding("__loquentCspViolation", (_source, text) => {
    cspViolations.push(text);
    errors.push(`CSP violation: ${text}`);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const where = e.sourceFile ? ` (${e.sourceFile}:${e.lineNumber})` : "";
      window.__loquentCspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || "an inline resource"} on ${location.pathname}${where}`);
    });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (msg) => {
    if (msg.type() === "error" && !/Failed to load resource/.test(msg.text())) {
      errors.push(msg.text());
    }
  });
  const close = async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
    if (cspViolations.length > 0) {
      throw new Error(`the Content-Security-Policy blocked: ${cspViolations.join(" | ")}`);
    }
  };
  return { base, context, page, errors, cspViolations, close };
}

/** Full-page PNG once the page has settled (no requests in flight, animations finished).
 * Toasts are dismissed first unless `keepToasts`: they'd hide what the page shows. */
export async function shot(page, name, { keepToasts = false } = {}) {
  await page.waitForLoadState("networkidle");
  await page.evaluate(() => document.fonts.ready);
  if (!keepToasts) {
    await page.evaluate(() => document.querySelectorAll(".toast-close").forEach((b) => b.click()));
    await page.locator(".toast").first().waitFor({ state: "detached" });
  }
  await tall(page, () =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true, animations: "disabled" }),
  );
}

/** Runs `take` with the window as tall as the page, so sticky parts (the sidebar, a form's action
 * bar) are drawn where a tall screen would show them rather than mid-page. */
async function tall(page, take) {
  const viewport = page.viewportSize();
  await page.evaluate(() => window.scrollTo(0, 0));
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  if (height <= viewport.height) return take();
  await page.setViewportSize({ width: viewport.width, height });
  try {
    return await take();
  } finally {
    await page.setViewportSize(viewport);
  }
}

/** Screenshot without waiting for the network: for states shown while a request is held. */
export async function shotNow(page, name) {
  await tall(page, () =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true, animations: "disabled" }),
  );
}

/** Holds the next request matching `url` until the returned `release()` is called, then lets
 * it through (or does `finish` with it). */
export async function hold(page, url, finish = (route) => route.continue()) {
  let release;
  let finished;
  const released = new Promise((resolve) => (release = resolve));
  const done = new Promise((resolve) => (finished = resolve));
  await page.route(
    url,
    async (route) => {
      await released;
      await finish(route);
      finished();
    },
    { times: 1 },
  );
  return async () => {
    release();
    await done;
  };
}

export const envelope = (code, message) => JSON.stringify({ error: { code, message } });

export async function waitForPath(page, expected) {
  const matches = typeof expected === "string" ? (p) => p === expected : (p) => expected.test(p);
  await page.waitForURL((url) => matches(url.pathname));
}

/** A link in the sidebar's navigation. */
export const navLink = (page, name) =>
  page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });

/** A unique suffix, so runs against the same server never collide. */
export const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

const AXE = await readFile(join(here, "node_modules/axe-core/axe.min.js"), "utf8");

/** The page's serious and critical accessibility findings (axe-core's WCAG 2 A/AA rules), as
 * lines naming the rule and the elements; empty when there are none. */
export async function accessibilityFindings(page) {
  // Mid-animation (a page fading in) text is paler than it will be: wait for the animations that
  // end, never for the ones that loop (spinners, skeletons).
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => {})),
    ),
  );
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
  });
  return violations;
}
