// Browser test of the demo workspace `./dev run` opens with: `loquent seed-demo` fills an
// organization with a month of a dental clinic, the app says it is demo data, every page shows
// something real, and Settings clears it.
//
//   tests/browser/run.sh     # a fresh server and database; LOQUENT_BIN runs seed-demo against them
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { accessibilityFindings, launch, navLink, shot, unique, waitForPath as waitForPathOf } from "./support.mjs";

const OWNER = { email: `demo+${unique()}@example.com`, password: "correct horse battery" };

let browser;
let page;
const waitForPath = (expected) => waitForPathOf(page, expected);
const stat = (key) => page.locator(`[data-stat=${key}] .stat-value`);

before(async () => {
  // The same command `./dev run` runs, against the test server's database and recordings.
  execFileSync(process.env.LOQUENT_BIN, ["seed-demo", OWNER.email, OWNER.password], { stdio: "inherit" });
  browser = await launch();
  page = browser.page;
});

after(async () => {
  await browser?.close();
});

describe("The demo workspace", () => {
  test("a month of calls on every page, said to be demo data", async () => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(OWNER.email);
    await page.getByLabel("Password", { exact: true }).fill(OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await waitForPath("/");
    await page.getByTestId("demo-banner").getByText("demo data").waitFor();
    // The last 30 days hold nearly all of the 300 calls, most answered by the agent.
    await page.getByTestId("volume-chart").locator(".chart-mark").nth(29).waitFor();
    const calls = Number(await stat("calls").textContent());
    assert.ok(calls > 250 && calls <= 300, `${calls} calls`);
    assert.ok(Number(await stat("answered").textContent()) > 200);
    assert.match(await stat("average").textContent(), /^0[01]:\d\d$/);
    assert.ok(Number(await stat("contacts").textContent()) >= 30);
    await page.getByTestId("heatmap-readout").getByText(/^Busiest: (Monday|Tuesday|Wednesday|Thursday|Friday), \d+:00/).waitFor();
    assert.deepEqual(await accessibilityFindings(page), []);
    await shot(page, "demo-dashboard");

    await navLink(page, "Calls").click();
    await waitForPath("/calls");
    await page.getByTestId("call-row").nth(9).waitFor();
    await shot(page, "demo-calls");
    await navLink(page, "To-dos").click();
    await waitForPath("/todos");
    await page.getByTestId("todo").first().waitFor();
    assert.deepEqual(await accessibilityFindings(page), []);
    await shot(page, "demo-todos");
    await page.goto("/settings/email");
    await page.getByTestId("outbox-row").nth(5).waitFor();
    await page.goto("/settings/reporting");
    await page.getByTestId("reporting-form").getByRole("heading", { name: "Recipients" }).waitFor();
    assert.equal(await page.getByRole("switch", { name: "A report after each call" }).isChecked(), true);
    assert.deepEqual(await accessibilityFindings(page), []);
  });

  test("Settings clears it, and what is left is the organization's own", async () => {
    await page.goto("/settings");
    await page.getByRole("button", { name: "Clear demo data" }).click();
    const dialog = page.getByRole("dialog", { name: "Clear the demo data?" });
    await dialog.getByRole("button", { name: "Clear demo data" }).click();
    await page.getByTestId("toast").filter({ hasText: "Demo data cleared" }).waitFor();
    await page.getByTestId("demo-banner").waitFor({ state: "detached" });
    assert.equal(await page.getByRole("button", { name: "Clear demo data" }).count(), 0);
    await navLink(page, "Dashboard").click();
    await waitForPath("/");
    await stat("calls").getByText("0", { exact: true }).waitFor();
    await page.getByTestId("next-step").first().waitFor();
    await shot(page, "demo-cleared");
  });

  test("the app logged no errors", () => {
    assert.deepEqual(browser.errors, []);
  });
});
