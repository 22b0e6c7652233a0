// Browser tests of what a new customer meets in the first hour: the dashboard following their
// progress, numbers that say when their calls don't reach the agent, toasts that never cover the
// next button, telephony settings that promise only what the server can do, buying a number
// they already have, and signing out from anywhere.
//
//   tests/browser/run.sh     # a fresh server, database and fake Twilio
//
// Every voice URL this file points at Loquent is restored before it ends: the fake Twilio's
// account is shared with the other files.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { DESKTOP, MOBILE, SHOTS, launch, navLink, unique, waitForPath as waitForPathOf } from "./support.mjs";

const BYO = { sid: process.env.FAKE_TWILIO_BYO_SID, token: process.env.FAKE_TWILIO_BYO_TOKEN };
const LIN = {
  name: "Lin Wu",
  email: `lin+${unique()}@example.com`,
  password: "correct horse battery",
  organization: "Wu Veterinary",
};

let browser;
let page;
const waitForPath = (expected) => waitForPathOf(page, expected);
const toast = (text) => page.getByTestId("toast").filter({ hasText: text });
const steps = () => page.getByTestId("next-step");
const ids = {};

/** The API, with the browser's session cookie. */
async function api(method, path, data) {
  const response = await page.request.fetch(path, { method, data });
  assert.ok(response.ok(), `${method} ${path} answered ${response.status()}: ${await response.text()}`);
  return response.status() === 204 ? null : response.json();
}

/** Whether a click at the middle of `locator` lands on it (nothing drawn over it). */
async function reachable(locator) {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return el.contains(hit);
  });
}

async function stepDone(title) {
  return (await steps().filter({ hasText: title }).getByText("Done", { exact: true }).count()) === 1;
}

before(async () => {
  browser = await launch();
  page = browser.page;
});

after(async () => {
  await browser?.close();
});

describe("The first hour", () => {
  test("sign up: every step ahead, and no calls yet", async () => {
    await page.goto("/signup");
    await page.getByLabel("Full name").fill(LIN.name);
    await page.getByLabel("Work email").fill(LIN.email);
    await page.getByLabel("Password", { exact: true }).fill(LIN.password);
    await page.getByLabel("Organization name").fill(LIN.organization);
    await page.getByRole("button", { name: "Create account" }).click();
    await waitForPath("/");
    await steps().first().waitFor();
    await page.waitForLoadState("networkidle");
    assert.equal(await steps().count(), 3);
    for (const title of ["Create a voice agent", "Connect a phone number", "Decide what to learn from calls"]) {
      assert.equal(await stepDone(title), false, title);
    }
    await page.getByRole("region", { name: "Recent calls" }).getByText("Once a number is connected").waitFor();
  });

  test("the dashboard ticks each step as it is done", async () => {
    await api("PUT", "/api/twilio/settings", { account_sid: BYO.sid, auth_token: BYO.token });
    const unsynced = await api("POST", "/api/twilio/get-unsynced-numbers");
    const wanted = unsynced.filter((n) => n.phone_number.startsWith("+1415")).map((n) => n.twilio_sid);
    await api("POST", "/api/twilio/sync-numbers", { twilio_sids: wanted });
    const phones = await api("GET", "/api/phones");
    ids.front = phones.find((p) => p.number === "+14155550101");
    ids.after = phones.find((p) => p.number === "+14155550102");
    // "Create an agent" from a number's page comes back to it with the new agent chosen.
    await page.goto(`/phones/${ids.front.id}`);
    await page.getByRole("link", { name: "Create an agent" }).click();
    await waitForPath("/agents/new");
    await page.getByLabel("Name", { exact: true }).fill("Front desk");
    await page.getByLabel("Instructions").fill("You answer calls for Wu Veterinary. Be brief and warm.");
    await page.getByRole("button", { name: "Create agent" }).click();
    await waitForPath(`/phones/${ids.front.id}`);
    const agentSelect = page.getByLabel("Agent", { exact: true });
    await agentSelect.waitFor();
    assert.equal(await agentSelect.locator("option:checked").textContent(), "Front desk");
    await page.getByText("You have unsaved changes.").waitFor();
    [ids.agent] = await api("GET", "/api/agents");

    await page.goto("/");
    await page.waitForLoadState("networkidle");
    assert.equal(await stepDone("Create a voice agent"), true);
    // Numbers without an agent that answers are not a connected line yet.
    assert.equal(await stepDone("Connect a phone number"), false);
    await page.getByRole("region", { name: "Recent calls" }).getByText("Give a number an agent").waitFor();
  });

  test("assigning an agent offers to route the number's calls in the same step", async () => {
    await page.goto(`/phones/${ids.front.id}`);
    await page.getByLabel("Agent", { exact: true }).selectOption({ label: "Front desk" });
    const route = page.getByRole("switch", { name: "Route this number's calls to Loquent" });
    assert.equal(await route.isChecked(), true, "routing is offered, ticked");
    await page.getByRole("button", { name: "Save changes" }).click();
    await toast("Saved: calls to this number now come to your agent").waitFor();
    await page.getByTestId("previous-voice-url").waitFor();
    assert.equal(await page.getByTestId("unrouted-warning").count(), 0);

    await page.goto("/");
    await page.waitForLoadState("networkidle");
    assert.equal(await stepDone("Connect a phone number"), true);
    await page.getByRole("region", { name: "Recent calls" }).getByText("Your line is ready").waitFor();
  });

  test("a number with an agent that doesn't route says so, with the one action", async () => {
    await page.goto(`/phones/${ids.after.id}`);
    await page.getByLabel("Agent", { exact: true }).selectOption({ label: "Front desk" });
    await page.getByRole("switch", { name: "Route this number's calls to Loquent" }).uncheck();
    await page.getByRole("button", { name: "Save changes" }).click();
    await toast("Changes saved").waitFor();
    const warning = page.getByTestId("unrouted-warning");
    await warning.getByText("Calls to this number don't reach its agent yet").waitFor();
    // No previous URL to restore before there is one.
    assert.equal(await page.getByTestId("previous-voice-url").count(), 0);
    assert.equal(await page.getByRole("button", { name: "Restore previous URL" }).count(), 0);

    await warning.getByRole("button", { name: "Route calls to Loquent" }).click();
    await toast("Calls to this number now come to Loquent").waitFor();
    await warning.waitFor({ state: "detached" });
    await page.getByTestId("previous-voice-url").waitFor();
  });

  test("toasts never cover the next control, at desktop and mobile width", async () => {
    for (const [size, viewport] of [["desktop", DESKTOP], ["mobile", MOBILE]]) {
      await page.setViewportSize(viewport);
      try {
        await page.goto("/analyzers/new");
        // A long name: the toast says it whole, on two lines at mobile width.
        const name = `Reason ${size}: why people call the front desk`;
        await page.getByLabel("Name", { exact: true }).fill(name);
        await page.getByLabel("Prompt").fill("Why did the caller call? One line.");
        await page.getByRole("button", { name: "Create analyzer" }).click();
        await toast(`${name} was created`).waitFor();
        const clipped = await toast(name).locator(".toast-text").evaluate(
          (el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1,
        );
        assert.equal(clipped, false, `the toast's text is cut at ${size} width`);
        // Straight on to the next one while the toast still shows.
        await waitForPath("/analyzers");
        await page.getByRole("link", { name: "New analyzer" }).click();
        await waitForPath("/analyzers/new");
        await page.getByLabel("Name", { exact: true }).waitFor();
        const create = page.getByRole("button", { name: "Create analyzer" });
        const shown = page.getByTestId("toast");
        if ((await shown.count()) > 0) {
          const box = await shown.first().boundingBox();
          assert.ok(box.y + box.height <= 60, `the toast stays in the top bar at ${size} width: ${JSON.stringify(box)}`);
        }
        assert.ok(await reachable(create), `"Create analyzer" is not covered at ${size} width`);
        await create.click({ timeout: 2_000 });
        await page.locator("#name-message").getByText("Give the analyzer a name").waitFor();
      } finally {
        await page.setViewportSize(DESKTOP);
      }
    }
    // Several at once: only the newest shows.
    await page.goto("/analyzers");
    await page.waitForLoadState("networkidle");
    assert.ok((await page.getByTestId("toast").count()) <= 1);
  });

  test("telephony settings lead with connecting an account when Loquent can't manage one", async () => {
    await page.route("**/api/twilio/settings", async (route) => {
      if (route.request().method() !== "GET") return route.continue();
      route.fulfill({
        status: 200,
        contentType: "application/json",
        body: JSON.stringify({ mode: "platform", account_sid_masked: null, connected_at: null, managed_available: false }),
      });
    });
    try {
      await page.goto("/settings/telephony");
      await page.getByText("No Twilio account yet").waitFor();
      await page.getByRole("heading", { name: "Connect your Twilio account" }).waitFor();
      assert.equal(await page.getByText("Managed by Loquent").count(), 0);
      assert.equal(await page.getByText("nothing to set up").count(), 0);
      assert.equal(await page.getByRole("heading", { name: /Import/ }).count(), 0);
    } finally {
      await page.unroute("**/api/twilio/settings");
    }
  });

  test("buying a number you have says so and links to it; focus stays with the dialog", async () => {
    // A search that offers a number the organization already has.
    await page.route("**/api/twilio/search-available-numbers", (route) =>
      route.fulfill({
        status: 200,
        contentType: "application/json",
        body: JSON.stringify([
          {
            friendly_name: "(415) 555-0101",
            phone_number: "+14155550101",
            locality: "San Francisco",
            region: "CA",
            capabilities: { voice: true, sms: true, mms: false, fax: false },
          },
        ]),
      }),
    );
    try {
      await page.goto("/phones/buy");
      await page.getByLabel("Area code").fill("415");
      await page.getByRole("button", { name: "Search" }).click();
      const select = page.getByTestId("available-number").getByRole("button", { name: /^Select/ });
      await select.click();
      const dialog = page.getByRole("dialog");
      await dialog.getByRole("button", { name: "Buy number" }).click();
      await dialog.getByText("This number is already one of your numbers.").waitFor();
      assert.equal(
        await dialog.getByRole("link", { name: "Open this number" }).getAttribute("href"),
        `/phones/${ids.front.id}`,
      );
      assert.ok(
        await page.evaluate(() => document.querySelector("[role=dialog]").contains(document.activeElement)),
        "focus is still in the dialog after the error",
      );
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "detached" });
      assert.ok(await select.evaluate((el) => el === document.activeElement), "focus is back on the button that opened the dialog");
    } finally {
      await page.unroute("**/api/twilio/search-available-numbers");
    }
  });

  test("long emails and numbers wrap cleanly on a contact's page at mobile width", async () => {
    // Two of each: the second isn't preferred, so it has a "Make preferred" button beside it.
    const contact = await api("POST", "/api/contacts", {
      first_name: "Bartholomew",
      last_name: "Featherstonehaugh",
      phones: [{ number: "+14155550188", label: "mobile" }, { number: "+442071838750", label: "work" }],
      emails: [
        { email: "bartholomew.featherstonehaugh.accounts-payable@extraordinarily-long-domain.example.com" },
        { email: "b.featherstonehaugh.personal.mailbox@another-rather-long-domain.example.org", label: "personal" },
      ],
    });
    await page.setViewportSize(MOBILE);
    try {
      await page.goto(`/contacts/${contact.id}`);
      await page.getByText("another-rather-long-domain", { exact: false }).waitFor();
      await page.screenshot({ path: join(SHOTS, "contact-long-entries-mobile.png"), fullPage: true, animations: "disabled" });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
      // Each value keeps most of its card's width: not squeezed into a column of a few letters.
      const squeezed = await page.evaluate(() =>
        [...document.querySelectorAll("[data-testid=entry-value]")]
          .map((value) => ({ text: value.textContent, share: value.closest(".entry-main").offsetWidth / value.closest(".entry").clientWidth }))
          .filter(({ share }) => share < 0.45),
      );
      assert.deepEqual(squeezed, [], "values squeezed beside their buttons");
      // The international number breaks only between its groups, if at all.
      const work = page.getByTestId("contact-phone").nth(1).getByTestId("entry-value");
      assert.ok((await work.boundingBox()).height < 30, "the work number is on one line");
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });

  test("the numbers go back to their own voice URLs", async () => {
    for (const phone of await api("GET", "/api/phones")) {
      if (phone.previous_voice_url) await api("POST", `/api/phones/${phone.id}/voice-url/restore`);
    }
  });

  const routes = ["/", "/calls", "/contacts", "/contacts/new", "/todos", "/phones", "/phones/buy", "/agents",
    "/agents/new", "/analyzers", "/analyzers/new", "/settings", "/settings/telephony", "/settings/api-keys"];

  test("signing out works from every page, at desktop and mobile width, without a panic", async () => {
    const [analyzer] = await api("GET", "/api/analyzers");
    const contact = await api("POST", "/api/contacts", {
      first_name: "Grace",
      last_name: "Hopper",
      phones: [{ number: "+14155550177" }],
    });
    routes.push(`/phones/${ids.front.id}`, `/agents/${ids.agent.id}`, `/analyzers/${analyzer.id}`, `/contacts/${contact.id}`);
    for (const [size, viewport] of [["desktop", DESKTOP], ["mobile", MOBILE]]) {
      await page.setViewportSize(viewport);
      try {
        for (const route of routes) {
          browser.errors.length = 0;
          // Signed out by the round before: back in.
          if (new URL(page.url()).pathname === "/login") {
            await page.getByLabel("Email").fill(LIN.email);
            await page.getByLabel("Password", { exact: true }).fill(LIN.password);
            await page.getByRole("button", { name: "Sign in" }).click();
            await waitForPath("/");
          }
          await page.goto(route);
          await page.getByRole("main").waitFor();
          await page.waitForLoadState("networkidle");
          const menu = page.getByRole("button", { name: "Open navigation" });
          if (await menu.isVisible()) await menu.click();
          await page.getByRole("button", { name: "Log out" }).click();
          try {
            await waitForPath("/login");
            await page.getByRole("heading", { name: "Welcome back" }).waitFor({ timeout: 5_000 });
          } catch (e) {
            throw new Error(`signing out from ${route} at ${size} width: ${e.message}; page errors: ${browser.errors.join(" | ")}`);
          }
          // Whatever a torn-down page would still run happens within a tick or two.
          await page.waitForTimeout(150);
          assert.deepEqual(browser.errors, [], `signing out from ${route} at ${size} width`);
          assert.equal(await page.locator("#crash-screen").count(), 0, `no crash screen after ${route}`);
        }
      } finally {
        await page.setViewportSize(DESKTOP);
      }
    }
  });

  test("a panic shows a reload screen instead of a blank page, and is logged", async () => {
    await page.goto("/login");
    await page.getByRole("heading", { name: "Welcome back" }).waitFor();
    browser.errors.length = 0;
    // The app's module exports a panic for this test; it is the module the page runs.
    const thrown = await page.evaluate(async () => {
      const app = await import("/loquent_web.js");
      try {
        app.loquentTestPanic();
        return "nothing";
      } catch (error) {
        return error.constructor.name;
      }
    });
    assert.equal(thrown, "RuntimeError", "the panic aborts the wasm");
    const screen = page.getByRole("alertdialog", { name: "Something went wrong" });
    await screen.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Reload");
    await page.screenshot({ path: join(SHOTS, "crash-screen.png"), animations: "disabled" });
    assert.ok(browser.errors.some((e) => e.includes("a panic the browser tests asked for")), browser.errors.join(" | "));
    browser.errors.length = 0;

    await Promise.all([page.waitForEvent("load"), screen.getByRole("button", { name: "Reload" }).click()]);
    await page.getByRole("heading", { name: "Welcome back" }).waitFor();
    assert.equal(await page.locator("#crash-screen").count(), 0);
    assert.deepEqual(browser.errors, []);
  });
});
