// Browser tests: drive the built web app in Debian's headless Chromium.
//
//   tests/browser/run.sh                         # what ./dev test runs: a fresh server and database
//   LOQUENT_URL=http://127.0.0.1:8080 npm test   # against a running `loquent serve`
//
// Full-page screenshots of every page and error state land in ./screenshots/.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  DESKTOP,
  MOBILE,
  SHOTS,
  accessibilityFindings,
  envelope,
  hold as holdOf,
  launch,
  shot as shotOf,
  shotNow as shotNowOf,
} from "./support.mjs";

// One member for the whole run; the email is unique so runs never collide.
const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const ADA = {
  name: "Ada Lovelace",
  email: `ada+${unique}@example.com`,
  password: "correct horse battery",
  organization: "Acme Dental",
};

let browser;
let base;
let context;
let page;
let pageErrors = [];

before(async () => {
  browser = await launch();
  ({ base, context, page } = browser);
  pageErrors = browser.errors;
});

after(async () => {
  await browser?.close();
});

// These screenshots show toasts where a test means them to.
const shot = (name) => shotOf(page, name, { keepToasts: true });
const shotNow = (name) => shotNowOf(page, name);
const hold = (url, finish) => holdOf(page, url, finish);

const path = () => new URL(page.url()).pathname;

async function waitForPath(expected) {
  await page.waitForURL((url) => url.pathname === expected);
}

async function fillSignup({ name, email, password, organization }) {
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Organization name").fill(organization);
}

async function logIn(email, password) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** A link in the sidebar's navigation. */
const navLink = (name) =>
  page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });

async function logOut() {
  await page.getByRole("button", { name: "Log out" }).click();
  await waitForPath("/login");
  await page.getByRole("heading", { name: "Welcome back" }).waitFor();
}

describe("Loquent web app", () => {
  test("a visitor opening / is sent to the login page", async () => {
    await context.clearCookies();
    await page.goto("/");
    await waitForPath("/login");
    await page.getByRole("heading", { name: "Welcome back" }).waitFor();
    assert.equal(await page.title(), "Sign in · Loquent");
    await shot("login");
  });

  test("sign-up with a short password shows the field error", async () => {
    await page.getByRole("link", { name: "Create an account" }).click();
    await waitForPath("/signup");
    await page.getByRole("heading", { name: "Create your account" }).waitFor();
    await shot("signup");

    await fillSignup({ ...ADA, password: "short" });
    await page.getByRole("button", { name: "Create account" }).click();
    const message = page.locator("#password-message");
    await message.getByText("Must be at least 8 characters").waitFor();
    assert.equal(await page.getByLabel("Password", { exact: true }).getAttribute("aria-invalid"), "true");
    assert.equal(path(), "/signup");
    await shot("signup-short-password");
  });

  test("signing up lands on the dashboard with the member's name", async () => {
    await page.getByLabel("Password", { exact: true }).fill(ADA.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await waitForPath("/");
    const greeting = page.getByTestId("greeting");
    await greeting.getByText("Ada").waitFor();
    assert.match(await greeting.textContent(), /^Good (morning|afternoon|evening), Ada$/);
    assert.equal(await page.getByTestId("member-name").textContent(), ADA.name);
    assert.equal(await page.getByTestId("org-name").textContent(), ADA.organization);
    // A new organization's figures: nothing yet, and no error.
    const stat = (key) => page.locator(`[data-stat=${key}] .stat-value`);
    await stat("calls").getByText("0", { exact: true }).waitFor();
    assert.equal(await stat("average").textContent(), "–");
    assert.equal(await page.getByTestId("stat").count(), 5);
    await page.getByTestId("volume-readout").getByText("0 calls in the range, a bar per day").waitFor();
    await page.getByTestId("heatmap-readout").getByText("No calls in the range").waitFor();
    assert.equal(await page.getByTestId("demo-banner").count(), 0);
    await shot("dashboard");
  });

  test("the dashboard works at mobile width", async () => {
    await page.setViewportSize(MOBILE);
    try {
      const menu = page.getByRole("button", { name: "Open navigation" });
      await menu.waitFor();
      assert.equal(await page.locator(".sidebar").isVisible(), false);
      await shot("dashboard-mobile");
      await menu.click();
      await navLink("Calls").waitFor({ state: "visible" });
      await page.screenshot({ path: join(SHOTS, "dashboard-mobile-nav.png"), animations: "disabled" });
      await navLink("Calls").click();
      await waitForPath("/calls");
      await page.locator(".sidebar").waitFor({ state: "hidden" });
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });

  test("a page whose code can't be fetched says so, and reloading brings it", async () => {
    // Each group of signed-in pages is a wasm module of its own, fetched when one of its pages
    // is first shown (web/src/app.rs, scripts/build-web.sh).
    await page.route(/\/split_todos_pages\.wasm$/, (route) => route.abort(), { times: 1 });
    const before = pageErrors.length;
    await navLink("To-dos").click();
    await waitForPath("/todos");
    const alert = page.getByRole("alert");
    await alert.getByText("This page couldn't be loaded").waitFor();
    await shot("page-unavailable");
    // The loader logs the failed fetch; nothing else may have gone wrong.
    const logged = pageErrors.splice(before);
    assert.ok(logged.every((text) => /fetch/i.test(text)), logged.join("\n"));
    await alert.getByRole("button", { name: "Try again" }).click();
    await page.getByRole("heading", { name: "Nothing to review" }).waitFor();
  });

  test("a new organization has no to-dos, and the default types", async () => {
    await page.goto("/todos");
    await page.getByRole("heading", { name: "Nothing to review" }).waitFor();
    assert.equal(await page.locator(".topbar-title").textContent(), "To-dos");
    assert.equal(await navLink("To-dos").getAttribute("aria-current"), "page");
    await shot("todos-empty");
    await page.getByRole("link", { name: "To-do types" }).click();
    await waitForPath("/todos/types");
    const rows = page.getByTestId("todo-type");
    await rows.nth(2).waitFor();
    assert.deepEqual(
      (await rows.locator(".type-name").allTextContents()),
      ["Book appointment", "Call back", "Send information"],
    );
    await rows.filter({ hasText: "Send information" }).getByText("Email the caller").waitFor();
    await shot("todo-types");
  });

  test("settings: the organization's name and time zone, saved in one step", async () => {
    await navLink("Settings").click();
    await waitForPath("/settings");
    const form = page.getByTestId("organization-form");
    const save = form.getByRole("button", { name: "Save" });
    assert.equal(await save.isDisabled(), true, "nothing to save yet");
    const zone = form.getByLabel("Time zone");
    assert.equal(await zone.inputValue(), "UTC");
    // The browser's own zones are offered (the test browser runs in UTC).
    assert.ok((await zone.locator("option").count()) > 100);
    await form.getByLabel("Name").fill("Acme Dental Group");
    await zone.selectOption("America/New_York");
    await form.getByText("Unsaved changes.").waitFor();
    const sent = page.waitForRequest((r) => r.method() === "PATCH" && new URL(r.url()).pathname === "/api/organization");
    await save.click();
    assert.deepEqual((await sent).postDataJSON(), { name: "Acme Dental Group", timezone: "America/New_York" });
    await page.getByTestId("toast").filter({ hasText: "Organization saved" }).waitFor();
    // The frame follows at once.
    await page.locator(".topbar-org").getByText("Acme Dental Group").waitFor();
    assert.equal(await save.isDisabled(), true);
    await shot("settings-general-saved");
    // Back as it was, for the tests after this one.
    await form.getByLabel("Name").fill("Acme Dental");
    await save.click();
    await page.locator(".topbar-org").getByText("Acme Dental", { exact: true }).waitFor();
  });

  test("settings: create an API key, see its secret once, delete a key", async () => {
    await navLink("Settings").click();
    await waitForPath("/settings");
    await page.getByRole("heading", { name: "Organization" }).waitFor();
    await shot("settings-general");

    await page.getByRole("link", { name: "API keys" }).click();
    await waitForPath("/settings/api-keys");
    await page.getByRole("heading", { name: "No API keys yet" }).waitFor();
    await shot("settings-api-keys-empty");

    // An empty name is refused before anything is sent.
    await page.getByRole("button", { name: "Create API key" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Create key" }).click();
    await dialog.locator("#key-name-message").getByText("Give the key a name").waitFor();

    await dialog.getByLabel("Name").fill("CRM sync");
    await dialog.getByRole("button", { name: "Create key" }).click();
    await dialog.getByRole("heading", { name: "Save your API key" }).waitFor();
    const secret = await dialog.getByTestId("api-key-secret").inputValue();
    assert.ok(secret.length >= 20, `secret looks too short: ${secret}`);
    await dialog.getByText("It won't be shown again").waitFor();
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
    await dialog.getByRole("button", { name: "Copy" }).click();
    await dialog.getByRole("button", { name: "Copied" }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
    await shot("settings-api-key-created");

    await dialog.getByRole("button", { name: "I've saved it" }).click();
    await dialog.waitFor({ state: "detached" });
    const table = page.getByTestId("api-keys-table");
    await table.getByRole("cell", { name: "CRM sync", exact: true }).waitFor();
    assert.equal(await page.getByText(secret).count(), 0, "the secret must not stay on the page");

    // A second key, deleted after confirming.
    await page.getByRole("button", { name: "Create API key" }).click();
    await dialog.getByLabel("Name").fill("Old booking tool");
    await dialog.getByRole("button", { name: "Create key" }).click();
    await dialog.getByRole("heading", { name: "Save your API key" }).waitFor();
    await dialog.getByRole("button", { name: "I've saved it" }).click();
    await table.getByRole("cell", { name: "Old booking tool", exact: true }).waitFor();
    await shot("settings-api-keys");

    await page.getByRole("button", { name: "Delete API key Old booking tool" }).click();
    await dialog.getByRole("heading", { name: "Delete this API key?" }).waitFor();
    await shot("settings-api-key-delete");
    await dialog.getByRole("button", { name: "Delete key" }).click();
    await dialog.waitFor({ state: "detached" });
    await table.getByRole("cell", { name: "Old booking tool", exact: true }).waitFor({ state: "detached" });
    assert.equal(await table.getByRole("cell", { name: "CRM sync", exact: true }).count(), 1);

    // A read-only key that lasts 30 days: the list says what each key may do and until when.
    await page.getByRole("button", { name: "Create API key" }).click();
    await dialog.getByLabel("Name").fill("Reporting dashboard");
    assert.equal(await dialog.getByLabel("Expires").inputValue(), "never");
    await dialog.getByLabel("Expires").selectOption({ label: "30 days" });
    await dialog.getByLabel("Access").selectOption({ label: "Read-only" });
    await dialog.getByText("Requests can read, as a viewer can, but change nothing.").waitFor();
    assert.deepEqual(await accessibilityFindings(page), []);
    await shot("settings-api-key-new-read-only");
    await dialog.getByRole("button", { name: "Create key" }).click();
    await dialog.getByRole("heading", { name: "Save your API key" }).waitFor();
    await dialog.getByRole("button", { name: "I've saved it" }).click();
    await dialog.waitFor({ state: "detached" });
    const rowOf = (name) =>
      table.getByRole("row").filter({ has: page.getByRole("cell", { name, exact: true }) });
    const in30Days = await page.evaluate(() =>
      new Date(Date.now() + 30 * 86400000).toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric" }),
    );
    const reporting = rowOf("Reporting dashboard");
    await reporting.getByText("Read-only", { exact: true }).waitFor();
    await reporting.getByText(`Expires ${in30Days}`, { exact: true }).waitFor();
    const crm = rowOf("CRM sync");
    await crm.getByText("Full access", { exact: true }).waitFor();
    await crm.getByText("Never expires", { exact: true }).waitFor();
    assert.deepEqual(await accessibilityFindings(page), []);
    await shot("settings-api-keys-scopes");
  });

  test("settings: email stays in the outbox, a test message opens sealed off", async () => {
    await page.goto("/settings/email");
    await page.getByRole("heading", { name: "Email delivery" }).waitFor();
    // The test server has no SMTP_URL: nothing leaves the machine, and the page says so.
    await page.getByTestId("mail-delivery").getByText("No SMTP server is configured").waitFor();
    await page.getByRole("heading", { name: "No email yet" }).waitFor();
    await shot("settings-email-empty");

    await page.getByTestId("send-test-mail").click();
    await page.getByTestId("toast").getByText(`Test email to ${ADA.email} added to the outbox`).waitFor();
    const row = page.getByTestId("outbox-row").first();
    await row.getByText(`To ${ADA.email}`).waitFor();
    // Queued at first; the page looks again until the job has kept it in the outbox.
    await row.getByTestId("outbox-status").getByText("Kept in outbox").waitFor();
    await shot("settings-email-outbox");

    await row.getByRole("link", { name: "Loquent test email" }).click();
    await page.waitForURL((url) => /^\/settings\/email\/[0-9a-f-]{36}$/.test(url.pathname));
    await page.getByTestId("mail-status").getByText("Kept in outbox").waitFor();
    await page.getByTestId("mail-text").getByText(`Hello ${ADA.name},`).waitFor();
    // The HTML part renders in a frame with every sandbox restriction and no way to the app.
    const frame = page.getByTestId("mail-html");
    assert.equal(await frame.getAttribute("sandbox"), "");
    await page.frameLocator("[data-testid=mail-html]").getByText("test email").waitFor();
    assert.equal(await frame.evaluate((f) => f.contentDocument), null, "the frame is another origin");
    // Not `shot`: Playwright never reports a page with a fully sandboxed frame as network-idle,
    // though the page makes no request while it shows (seen by logging every request).
    await page.waitForTimeout(300);
    await shotNow("settings-email-message");
  });

  test("settings: reporting, to members and addresses, with the digest's hour", async () => {
    await page.goto("/settings/reporting");
    const form = page.getByTestId("reporting-form");
    const save = form.getByRole("button", { name: "Save" });
    await form.getByRole("heading", { name: "Recipients" }).waitFor();
    assert.equal(await save.isDisabled(), true, "nothing to save yet");
    // The digest's hour is for the digest only.
    assert.equal(await form.getByLabel("Digest sent at").isDisabled(), true);
    await form.getByRole("switch", { name: "A report after each call" }).check();
    await form.getByText("Nobody receives them yet").waitFor();
    await form.getByRole("switch", { name: "A daily digest" }).check();
    await form.getByLabel("Digest sent at").selectOption({ label: "18:00" });
    await form.getByRole("checkbox", { name: new RegExp(ADA.name) }).check();
    // A mistyped address is pointed out before anything is sent.
    await form.getByLabel("Other addresses").fill("frontdesk@acme.example, not an address");
    await save.click();
    await form.getByText('"not" must be an email address', { exact: false }).waitFor();
    await form.getByLabel("Other addresses").fill("Frontdesk@acme.example\nowner@acme.example");
    const sent = page.waitForRequest((r) => r.method() === "PUT" && new URL(r.url()).pathname === "/api/report-settings");
    await save.click();
    const body = (await sent).postDataJSON();
    assert.deepEqual(body.emails, ["Frontdesk@acme.example", "owner@acme.example"]);
    assert.equal(body.digest_hour, 18);
    assert.equal(body.call_reports && body.daily_digest, true);
    assert.equal(body.member_ids.length, 1);
    await page.getByTestId("toast").filter({ hasText: "Reporting saved" }).waitFor();
    // Saved as the server keeps it: lowercased, and the page still shows it after a reload.
    await page.reload();
    await form.getByLabel("Other addresses").waitFor();
    assert.equal(await form.getByLabel("Other addresses").inputValue(), "frontdesk@acme.example\nowner@acme.example");
    assert.equal(await form.getByRole("checkbox", { name: new RegExp(ADA.name) }).isChecked(), true);
    assert.equal(await form.getByLabel("Digest sent at").inputValue(), "18");
    assert.equal(await save.isDisabled(), true);
    await shot("settings-reporting");
  });

  test("log out, then log back in", async () => {
    await logOut();
    // The session is gone: app pages send the visitor back to sign in, remembering where to.
    await page.goto("/settings/api-keys");
    await page.waitForURL((url) => url.pathname === "/login" && url.searchParams.get("next") === "/settings/api-keys");

    await logIn(ADA.email, ADA.password);
    await waitForPath("/settings/api-keys");
    await page.getByTestId("api-keys-table").getByRole("cell", { name: "CRM sync", exact: true }).waitFor();

    await navLink("Dashboard").click();
    await waitForPath("/");
    await page.getByTestId("greeting").getByText("Ada").waitFor();
  });

  test("requests show their loading state and their errors", async () => {
    // The API key list shows placeholder rows while loading.
    const release = await hold("**/api/api-keys");
    await page.goto("/settings/api-keys");
    await page.getByRole("status", { name: "Loading API keys" }).waitFor();
    await shotNow("settings-api-keys-loading");
    await release();
    await page.getByTestId("api-keys-table").waitFor();

    // A failing list shows the server's message and a way to retry.
    await page.route("**/api/api-keys", (route) =>
      route.fulfill({
        status: 500,
        contentType: "application/json",
        body: envelope("internal_error", "Something went wrong on our side. It has been logged; please try again."),
      }),
    );
    await page.reload();
    const banner = page.getByRole("alert").filter({ hasText: "Couldn't load your API keys" });
    await banner.getByText("Something went wrong on our side").waitFor();
    await shot("settings-api-keys-error");
    await page.unroute("**/api/api-keys");
    await banner.getByRole("button", { name: "Try again" }).click();
    await page.getByTestId("api-keys-table").getByRole("cell", { name: "CRM sync", exact: true }).waitFor();

    // The server can't be reached at all: the app says so instead of pretending to be signed out.
    await page.route("**/api/me", (route) => route.abort("connectionrefused"));
    await page.goto("/");
    await page.getByRole("heading", { name: "We can't load your workspace" }).waitFor();
    await page.getByText("Can't reach Loquent right now").waitFor();
    await shot("app-unreachable");
    await page.unroute("**/api/me");
    await page.getByRole("button", { name: "Try again" }).click();
    await page.getByTestId("greeting").waitFor();
  });

  test("a signed-in member opening /login or /signup goes to the dashboard", async () => {
    await page.goto("/login");
    await waitForPath("/");
    await page.goto("/signup");
    await waitForPath("/");
    await page.getByTestId("greeting").waitFor();
  });

  test("a wrong password shows an error", async () => {
    await logOut();
    await logIn(ADA.email, "not the password");
    const alert = page.locator(".form-error");
    await alert.waitFor();
    assert.match(await alert.textContent(), /incorrect/i);
    assert.equal(path(), "/login");
    assert.equal(await page.getByRole("button", { name: "Sign in" }).isEnabled(), true);
    await shot("login-wrong-password");
  });

  test("signing in shows its progress, and a network failure", async () => {
    await page.goto("/login");
    const release = await hold("**/api/auth/login", (route) => route.abort("connectionrefused"));
    await logIn(ADA.email, ADA.password);
    const button = page.getByRole("button", { name: "Signing in…" });
    await button.waitFor();
    assert.equal(await button.isDisabled(), true);
    assert.equal(await button.getAttribute("aria-busy"), "true");
    await shotNow("login-pending");
    await release();
    await page.locator(".form-error").getByText("Can't reach Loquent right now").waitFor();
    assert.equal(await page.getByRole("button", { name: "Sign in" }).isEnabled(), true);
    await shot("login-unreachable");
  });

  test("signing up with a taken email shows the server's field error", async () => {
    await page.goto("/signup");
    await fillSignup(ADA);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.locator("#email-message").getByText("An account with this email already exists").waitFor();
    assert.equal(path(), "/signup");
    await shot("signup-email-taken");
  });

  test("an unknown address shows the not-found page", async () => {
    await page.goto("/no-such-page");
    await page.getByRole("heading", { name: "This page doesn't exist" }).waitFor();
    await shot("not-found");
  });

  test("the API reference renders under its Content-Security-Policy", async () => {
    const response = await page.goto("/api/docs/");
    assert.match(response.headers()["content-security-policy"], /^default-src 'self'; script-src 'self';/);
    await page.locator(".opblock").first().waitFor();
    await page.getByText("Loquent API").first().waitFor();
    await shot("api-docs");
  });

  test("the app logged no errors", () => {
    assert.deepEqual(pageErrors, []);
  });
});
