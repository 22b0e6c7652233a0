// Browser tests of the configuration pages: agents, phone numbers (buy, assign, voice URL),
// analyzers and Settings → Telephony (own Twilio account, import), against the real server
// talking to the fake Twilio that run.sh starts.
//
//   tests/browser/run.sh     # a fresh server, database and fake Twilio
//
// The fake's customer account ("bring your own") comes in FAKE_TWILIO_BYO_SID and
// FAKE_TWILIO_BYO_TOKEN; it holds three numbers (+14155550101, +14155550102, +12125550103).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  DESKTOP,
  MOBILE,
  envelope,
  hold,
  launch,
  navLink,
  shot as shotOf,
  shotNow as shotNowOf,
  unique,
  waitForPath as waitForPathOf,
} from "./support.mjs";

const BYO_SID = process.env.FAKE_TWILIO_BYO_SID;
const BYO_TOKEN = process.env.FAKE_TWILIO_BYO_TOKEN;
const GRACE = {
  name: "Grace Hopper",
  email: `grace+${unique()}@example.com`,
  password: "correct horse battery",
  organization: "Hopper Plumbing",
};

let browser;
let page;
const shot = (name, options) => shotOf(page, name, options);
const shotNow = (name) => shotNowOf(page, name);
const waitForPath = (expected) => waitForPathOf(page, expected);
const toast = (text) => page.getByTestId("toast").filter({ hasText: text });
const phoneCard = (text) => page.getByTestId("phone-card").filter({ hasText: text });

before(async () => {
  browser = await launch();
  page = browser.page;
});

after(async () => {
  await browser?.close();
});

describe("Configuring numbers, agents and analyzers", () => {
  test("sign up a new organization", async () => {
    await page.goto("/signup");
    await page.getByLabel("Full name").fill(GRACE.name);
    await page.getByLabel("Work email").fill(GRACE.email);
    await page.getByLabel("Password", { exact: true }).fill(GRACE.password);
    await page.getByLabel("Organization name").fill(GRACE.organization);
    await page.getByRole("button", { name: "Create account" }).click();
    await waitForPath("/");
    await page.getByTestId("greeting").getByText("Grace").waitFor();
    // The dashboard's next steps lead to the new pages.
    assert.equal(await page.getByRole("link", { name: /Create a voice agent/ }).getAttribute("href"), "/agents/new");
    assert.equal(await page.getByRole("link", { name: /Connect a phone number/ }).getAttribute("href"), "/phones/buy");
    assert.equal(await page.getByRole("link", { name: /Decide what to learn/ }).getAttribute("href"), "/analyzers/new");
  });

  test("empty lists invite to create the first one", async () => {
    const release = await hold(page, "**/api/phones");
    await navLink(page, "Phones").click();
    await waitForPath("/phones");
    await page.getByRole("status", { name: "Loading phone numbers" }).waitFor();
    await shotNow("phones-loading");
    await release();
    await page.getByRole("heading", { name: "No phone numbers yet" }).waitFor();
    assert.equal(await page.getByRole("link", { name: "Buy a number" }).getAttribute("href"), "/phones/buy");
    assert.equal(await page.getByRole("link", { name: "Import from Twilio" }).getAttribute("href"), "/settings/telephony");
    await shot("phones-empty");

    await navLink(page, "Agents").click();
    await page.getByRole("heading", { name: "No agents yet" }).waitFor();
    await shot("agents-empty");

    await navLink(page, "Analyzers").click();
    await page.getByRole("heading", { name: "No analyzers yet" }).waitFor();
    await shot("analyzers-empty");
  });

  test("create an agent", async () => {
    await navLink(page, "Agents").click();
    await page.getByRole("link", { name: "New agent" }).click();
    await waitForPath("/agents/new");
    await page.getByRole("heading", { name: "New agent" }).waitFor();
    await shot("agent-new");

    // Nothing is sent without a name.
    await page.getByRole("button", { name: "Create agent" }).click();
    await page.locator("#name-message").getByText("Give the agent a name").waitFor();

    await page.getByLabel("Name", { exact: true }).fill("Receptionist");
    await page
      .getByLabel("Instructions")
      .fill("You answer calls for Hopper Plumbing. Book visits, take messages for urgent leaks, and be brief and warm.");

    // Switching provider picks its model and voice.
    const provider = page.getByLabel("Provider");
    const model = page.getByLabel("Model");
    const voice = page.getByRole("combobox", { name: "Voice", exact: true });
    assert.equal(await model.inputValue(), "gpt-realtime");
    assert.equal(await voice.inputValue(), "marin");
    await provider.selectOption("gemini");
    assert.equal(await model.inputValue(), "gemini-2.5-flash-native-audio-preview-09-2025");
    assert.equal(await voice.inputValue(), "Puck");
    const geminiVoices = await voice.locator("option").allTextContents();
    assert.equal(geminiVoices.length, 30);
    assert.ok(geminiVoices.includes("Zephyr") && geminiVoices.includes("Sulafat"));
    assert.ok(!geminiVoices.includes("Marin"));
    // Gemini sets its own speed, noise reduction and turn detection: only eagerness is offered.
    for (const openaiOnly of ["Speaking speed", "Noise reduction", "Turn detection"]) {
      assert.equal(await page.getByLabel(openaiOnly).count(), 0, openaiOnly);
    }
    await page.getByText("Gemini sets its own speaking speed, noise reduction and turn detection.").waitFor();
    assert.equal(await page.getByLabel("Eagerness").isEnabled(), true);
    await shot("agent-form-gemini");
    await provider.selectOption("openai");
    assert.equal(await model.inputValue(), "gpt-realtime");
    assert.equal(await voice.inputValue(), "marin");
    assert.equal(await voice.locator("option").count(), 10);
    await page.getByLabel("Turn detection").waitFor();
    await voice.selectOption("coral");
    await page.getByLabel("Speaking speed").fill("1.2");
    assert.equal(await page.getByTestId("speed-value").textContent(), "1.20×");
    await page.getByLabel("Turn detection").selectOption("server_vad");
    assert.equal(await page.getByLabel("Eagerness").isDisabled(), true);
    await page.getByLabel("Turn detection").selectOption("semantic_vad");
    await page.getByLabel("Eagerness").selectOption("low");

    // A transfer number is checked before sending, and typed US numbers become E.164.
    await page.getByRole("button", { name: "Add transfer number" }).click();
    const row = page.getByTestId("transfer-row").first();
    await row.getByLabel("Transfer to (name)").fill("Emergency line");
    await row.getByLabel("Transfer to (number)").fill("555-01");
    await page.getByRole("button", { name: "Create agent" }).click();
    await row.getByText("Enter a number like +14155550100").waitFor();
    await row.getByLabel("Transfer to (number)").fill("(415) 555-0100");
    await row.getByLabel("Transfer to (number)").blur();
    assert.equal(await row.getByLabel("Transfer to (number)").inputValue(), "+14155550100");
    await page.getByRole("button", { name: "Add transfer number" }).click();
    await page.getByTestId("transfer-row").nth(1).getByRole("button", { name: "Remove transfer number" }).click();
    assert.equal(await page.getByTestId("transfer-row").count(), 1);
    await shot("agent-form");

    await page.getByRole("button", { name: "Create agent" }).click();
    await waitForPath("/agents");
    await toast("Receptionist is ready").waitFor();
    const card = page.getByTestId("agent-card").filter({ hasText: "Receptionist" });
    await card.getByText("OpenAI · gpt-realtime · Coral").waitFor();
    await card.getByText("No numbers").waitFor();

    // A second agent, to choose between.
    await page.getByRole("link", { name: "New agent" }).click();
    await page.getByLabel("Name", { exact: true }).fill("After-hours");
    await page.getByLabel("Provider").selectOption("gemini");
    await page.getByRole("button", { name: "Create agent" }).click();
    await waitForPath("/agents");
    await page
      .getByTestId("agent-card")
      .filter({ hasText: "After-hours" })
      .getByText("Gemini · gemini-2.5-flash-native-audio-preview-09-2025 · Puck")
      .waitFor();
    await shot("agents-list");

    // Saved as entered.
    await card.click();
    await waitForPath(/^\/agents\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: "Receptionist", level: 2 }).waitFor();
    assert.equal(await page.getByRole("combobox", { name: "Voice", exact: true }).inputValue(), "coral");
    assert.equal(await page.getByLabel("Eagerness").inputValue(), "low");
    assert.equal(await page.getByLabel("Speaking speed").inputValue(), "1.2");
    assert.equal(await page.getByTestId("transfer-row").first().getByLabel("Transfer to (number)").inputValue(), "+14155550100");
    assert.equal(await page.getByRole("switch", { name: "End the call" }).isChecked(), true);
    await shot("agent-details");
  });

  test("buy a number in 415: search, select, confirm", async () => {
    await navLink(page, "Phones").click();
    await page.getByRole("link", { name: "Buy Number" }).click();
    await waitForPath("/phones/buy");
    const areaCode = page.getByLabel("Area code");
    await areaCode.waitFor();
    await shot("buy-search");

    // Checked as typed.
    await areaCode.fill("4a");
    await page.locator("#area_code-message").getByText("Must be a 3-digit area code").waitFor();
    await areaCode.fill("999");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("heading", { name: "No numbers available in 999" }).waitFor();
    await page.getByText("Try a nearby area code").waitFor();
    await shot("buy-no-results");

    await areaCode.fill("415");
    const release = await hold(page, "**/api/twilio/search-available-numbers");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("button", { name: "Searching…" }).waitFor();
    await page.getByText("Looking for numbers in 415…").waitFor();
    await shotNow("buy-searching");
    await release();
    const results = page.getByTestId("available-number");
    await page.getByRole("heading", { name: "3 numbers available in 415" }).waitFor();
    assert.equal(await results.count(), 3);
    const first = results.filter({ hasText: "(415) 555-0123" });
    await first.getByText("San Francisco, CA").waitFor();
    await first.getByText("Voice", { exact: true }).waitFor();
    await shot("buy-results");

    // A number sold meanwhile: said plainly, and taken off the results.
    await page.route(
      "**/api/twilio/buy-phone-number",
      (route) =>
        route.fulfill({
          status: 404,
          contentType: "application/json",
          body: envelope("no_numbers_available", "That number is no longer available: search again and pick another"),
        }),
      { times: 1 },
    );
    await results.filter({ hasText: "(415) 555-0182" }).getByRole("button", { name: /^Select/ }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Buy number" }).click();
    await dialog.getByText("That number was just taken — pick another.").waitFor();
    await shot("buy-taken");
    await dialog.getByRole("button", { name: "Pick another" }).click();
    await dialog.waitFor({ state: "detached" });
    assert.equal(await results.count(), 2);

    // Twilio's own failure, in its words.
    await page.route(
      "**/api/twilio/buy-phone-number",
      (route) =>
        route.fulfill({
          status: 502,
          contentType: "application/json",
          body: envelope("twilio_error", "Twilio: The account is suspended."),
        }),
      { times: 1 },
    );
    await first.getByRole("button", { name: /^Select/ }).click();
    await dialog.getByRole("button", { name: "Buy number" }).click();
    await dialog.getByText("Twilio couldn't complete the purchase: The account is suspended").waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });

    // The real purchase.
    await first.getByRole("button", { name: /^Select/ }).click();
    await dialog.getByTestId("purchase-number").getByText("(415) 555-0123").waitFor();
    await dialog.getByText("San Francisco, CA").waitFor();
    await shot("buy-confirm");
    const buying = await hold(page, "**/api/twilio/buy-phone-number");
    await dialog.getByRole("button", { name: "Buy number" }).click();
    await dialog.getByRole("button", { name: "Buying…" }).waitFor();
    await shotNow("buy-pending");
    await buying();
    await waitForPath(/^\/phones\/[0-9a-f-]{36}$/);
    await toast("(415) 555-0123 is yours").waitFor();
    await page.getByTestId("phone-e164").getByText("+14155550123").waitFor();

    await navLink(page, "Phones").click();
    await waitForPath("/phones");
    const card = phoneCard("(415) 555-0123");
    await card.waitFor();
    await card.getByText("No agent").waitFor();
  });

  test("assign the agent to the number, and it stays after a reload", async () => {
    await phoneCard("(415) 555-0123").click();
    await waitForPath(/^\/phones\/[0-9a-f-]{36}$/);
    const agent = page.getByLabel("Agent", { exact: true });
    await agent.waitFor();
    assert.equal(await agent.inputValue(), "");
    const save = page.getByRole("button", { name: "Save changes" });
    assert.equal(await save.isDisabled(), true, "nothing to save yet");
    await shot("phone-details");

    await page.getByLabel("Name", { exact: true }).fill("Main line");
    await agent.selectOption({ label: "Receptionist" });
    await page.getByText("You have unsaved changes.").waitFor();
    // The name and the agent are saved together: one PATCH, nothing else written.
    const writes = [];
    const onRequest = (request) => {
      const { pathname } = new URL(request.url());
      if (request.method() !== "GET" && pathname.startsWith("/api/phones/")) {
        writes.push(`${request.method()} ${pathname}`);
      }
    };
    page.on("request", onRequest);
    await save.click();
    await toast("Changes saved").waitFor();
    page.off("request", onRequest);
    assert.deepEqual(writes.map((w) => w.split(" ")[0]), ["PATCH"], writes.join(", "));
    await page.getByRole("heading", { name: "Main line", level: 2 }).waitFor();
    await shot("phone-details-toast", { keepToasts: true });

    await page.reload();
    await page.getByRole("heading", { name: "Main line", level: 2 }).waitFor();
    const selected = page.getByLabel("Agent", { exact: true });
    assert.equal(await selected.locator("option:checked").textContent(), "Receptionist");
    assert.equal(await page.getByLabel("Name", { exact: true }).inputValue(), "Main line");
    await shot("phone-details-saved");

    // Bought numbers already send their calls here, with no earlier voice URL to go back to.
    await page.getByTestId("voice-url-status").getByText("Calls to this number are routed to Loquent.").waitFor();
    assert.equal(await page.getByRole("button", { name: "Route calls to Loquent" }).count(), 0);

    // A name can't be blank.
    await page.getByLabel("Name", { exact: true }).fill("  ");
    await page.locator("#friendly_name-message").getByText("Give the number a name").waitFor();
    await page.reload();

    await navLink(page, "Phones").click();
    await phoneCard("Main line").getByText("Receptionist").waitFor();
    await phoneCard("Main line").getByText("(415) 555-0123").waitFor();
  });

  test("create an analyzer assigned to the number", async () => {
    await navLink(page, "Analyzers").click();
    await page.getByRole("link", { name: "Create your first analyzer" }).click();
    await waitForPath("/analyzers/new");
    await page.getByRole("button", { name: "Create analyzer" }).click();
    await page.locator("#name-message").getByText("Give the analyzer a name").waitFor();
    await page.locator("#prompt-message").getByText("Say what to look for in each call").waitFor();

    await page.getByLabel("Name", { exact: true }).fill("Urgent leaks");
    await page.getByLabel("Prompt").fill("Is the caller reporting an active leak or flooding? Answer yes or no, then one line on where.");
    assert.equal(await page.getByRole("switch", { name: "Active" }).isChecked(), true);
    await page.getByRole("switch", { name: "Default for new numbers" }).check();
    await page.getByLabel(/Main line/).check();
    await page.getByText("1 of 1 selected").waitFor();
    await shot("analyzer-form");
    await page.getByRole("button", { name: "Create analyzer" }).click();
    await waitForPath("/analyzers");
    await toast("Urgent leaks was created").waitFor();
    const card = page.getByTestId("analyzer-card").filter({ hasText: "Urgent leaks" });
    await card.getByText("Runs on 1 number").waitFor();
    await card.getByText("Default").waitFor();
    await card.getByText("Active", { exact: true }).waitFor();
    await shot("analyzers-list");

    await card.click();
    await page.getByRole("heading", { name: "Urgent leaks", level: 2 }).waitFor();
    assert.equal(await page.getByLabel(/Main line/).isChecked(), true);
    assert.equal(await page.getByRole("switch", { name: "Default for new numbers" }).isChecked(), true);
    await shot("analyzer-details");
  });

  test("Settings → Telephony: connect your own Twilio account, import numbers, go back", async (t) => {
    if (!BYO_SID || !BYO_TOKEN) {
      t.skip("FAKE_TWILIO_BYO_SID / FAKE_TWILIO_BYO_TOKEN not set (run through run.sh)");
      return;
    }
    await navLink(page, "Settings").click();
    await page.getByRole("link", { name: "Telephony" }).click();
    await waitForPath("/settings/telephony");
    const mode = page.getByTestId("twilio-mode");
    await mode.getByText("Managed by Loquent", { exact: true }).waitFor();
    assert.equal(await mode.getAttribute("data-mode"), "platform");
    // Buying the first number created the managed account.
    await page.getByTestId("twilio-sid").getByText("…").waitFor();
    await shot("telephony");

    // Malformed credentials are caught before asking Twilio.
    await page.getByLabel("Account SID").fill("AC123");
    await page.getByRole("button", { name: "Connect account" }).click();
    await page.locator("#account_sid-message").getByText("Must be AC followed by 32 hexadecimal characters").waitFor();
    await page.locator("#auth_token-message").getByText("Required").waitFor();

    // Well-formed but wrong: Twilio refuses them.
    await page.getByLabel("Account SID").fill(BYO_SID);
    await page.getByLabel("Auth Token").fill("0".repeat(32));
    await page.getByRole("button", { name: "Connect account" }).click();
    await page.locator(".form-error").getByText("Twilio didn't accept these credentials").waitFor();
    assert.equal(await mode.getAttribute("data-mode"), "platform");
    await shot("telephony-rejected");

    await page.getByLabel("Auth Token").fill(BYO_TOKEN);
    await page.getByRole("button", { name: "Connect account" }).click();
    await toast("Your Twilio account is connected").waitFor();
    await mode.getByText("Your own Twilio account", { exact: true }).waitFor();
    assert.equal(await mode.getAttribute("data-mode"), "byo");
    await page.getByTestId("twilio-sid").getByText(`${BYO_SID.slice(0, 4)}…${BYO_SID.slice(-4)}`).waitFor();
    await shot("telephony-byo");

    // Import: fetch, choose two of the three, import.
    await page.getByRole("button", { name: "Fetch numbers" }).click();
    const table = page.getByTestId("import-table");
    await table.waitFor();
    assert.equal(await table.locator("tbody tr").count(), 3);
    await table.getByText("https://handler.example.com/voice").first().waitFor();
    const importButton = page.getByRole("button", { name: /^Import Selected/ });
    assert.equal(await importButton.textContent(), "Import Selected (0)");
    assert.equal(await importButton.isDisabled(), true);
    await table.getByLabel("Select all").check();
    assert.equal(await importButton.textContent(), "Import Selected (3)");
    await table.getByLabel("Import (212) 555-0103").uncheck();
    assert.equal(await importButton.textContent(), "Import Selected (2)");
    await shot("telephony-import");
    await importButton.click();
    await page.getByTestId("import-result").getByText("2 imported, 0 already existed").waitFor();
    // The list is fetched again: the imported ones are gone.
    await table.getByText("(212) 555-0103").waitFor();
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=import-table] tbody tr").length === 1);
    assert.equal(await table.getByText("(415) 555-0101").count(), 0);
    await shot("telephony-imported");

    // They're in the phone list with the bought one.
    await navLink(page, "Phones").click();
    await phoneCard("Front desk").waitFor();
    await phoneCard("After hours").waitFor();
    assert.equal(await page.getByTestId("phone-card").count(), 3);
    await shot("phones-list");

    // An imported number keeps its old voice URL until routed to Loquent; then it can go back.
    await phoneCard("Front desk").click();
    await page.getByRole("heading", { name: "Front desk", level: 2 }).waitFor();
    const routing = await hold(page, "**/voice-url");
    await page.getByRole("button", { name: "Route calls to Loquent" }).click();
    await page.getByRole("button", { name: "Routing…" }).waitFor();
    await routing();
    await page.getByTestId("voice-url-status").getByText("Calls to this number are routed to Loquent.").waitFor();
    await page.getByTestId("previous-voice-url").getByText("https://handler.example.com/voice").waitFor();
    await shot("phone-details-routed");
    await page.getByRole("button", { name: "Restore previous URL" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("https://handler.example.com/voice").waitFor();
    await shot("phone-restore-confirm");
    await dialog.getByRole("button", { name: "Restore URL" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Route calls to Loquent" }).waitFor();

    // Back to Loquent-managed; the numbers stay.
    await navLink(page, "Settings").click();
    await page.getByRole("link", { name: "Telephony" }).click();
    await page.getByRole("button", { name: "Return to Loquent-managed" }).click();
    await dialog.getByText("The numbers already in Loquent stay where they are.").waitFor();
    await shot("telephony-return-confirm");
    await dialog.getByRole("button", { name: "Return to Loquent-managed" }).click();
    await dialog.waitFor({ state: "detached" });
    await mode.getByText("Managed by Loquent", { exact: true }).waitFor();
    assert.equal(await mode.getAttribute("data-mode"), "platform");
    await navLink(page, "Phones").click();
    await phoneCard("Front desk").waitFor();
  });

  test("the phone list at mobile width", async () => {
    await page.setViewportSize(MOBILE);
    try {
      await page.goto("/phones");
      await page.getByTestId("phone-card").first().waitFor();
      await shot("phones-mobile");
      await page.goto("/phones/buy");
      await page.getByLabel("Area code").fill("212");
      await page.getByRole("button", { name: "Search" }).click();
      await page.getByTestId("available-number").first().waitFor();
      await shot("buy-results-mobile");
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });

  test("deleting an agent leaves its numbers without one", async () => {
    await page.goto("/agents");
    await page.getByTestId("agent-card").filter({ hasText: "Receptionist" }).getByText("1 number").waitFor();
    await page.getByTestId("agent-card").filter({ hasText: "Receptionist" }).click();
    await page.getByRole("button", { name: "Delete agent" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Its numbers will be left without an agent (1 number)").waitFor();
    await shot("agent-delete");
    await dialog.getByRole("button", { name: "Delete agent" }).click();
    await waitForPath("/agents");
    await toast("Receptionist was deleted").waitFor();
    assert.equal(await page.getByTestId("agent-card").filter({ hasText: "Receptionist" }).count(), 0);
    await page.goto("/phones");
    await phoneCard("Main line").getByText("No agent").waitFor();
  });

  test("unknown records show a not-found state, failures a retry", async () => {
    await page.goto("/phones/00000000-0000-4000-8000-000000000000");
    await page.getByRole("heading", { name: "This number isn't here" }).waitFor();
    await shot("phone-not-found");
    await page.goto("/agents/not-an-id");
    await page.getByRole("heading", { name: "This agent isn't here" }).waitFor();
    await page.goto("/analyzers/00000000-0000-4000-8000-000000000000");
    await page.getByRole("heading", { name: "This analyzer isn't here" }).waitFor();

    await page.route("**/api/agents", (route) =>
      route.fulfill({
        status: 500,
        contentType: "application/json",
        body: envelope("internal_error", "Something went wrong on our side. It has been logged; please try again."),
      }),
    );
    await page.goto("/phones");
    const banner = page.getByRole("alert").filter({ hasText: "Couldn't load your phone numbers" });
    await banner.getByText("Something went wrong on our side").waitFor();
    await shot("phones-error");
    await page.unroute("**/api/agents");
    await banner.getByRole("button", { name: "Try again" }).click();
    await phoneCard("Main line").waitFor();
  });

  test("members who aren't admins see everything read-only", async () => {
    // The server refuses their changes (403); the app doesn't offer them.
    await page.route("**/api/me", async (route) => {
      const response = await route.fetch();
      const me = await response.json();
      me.member.role = "viewer";
      await route.fulfill({ response, json: me });
    });
    try {
      await page.goto("/phones");
      await phoneCard("Main line").waitFor();
      assert.equal(await page.getByRole("link", { name: "Buy Number" }).count(), 0);
      await phoneCard("Main line").click();
      await page.getByText("You can view phone numbers, but only admins can change them.").waitFor();
      assert.equal(await page.getByLabel("Name", { exact: true }).isDisabled(), true);
      assert.equal(await page.getByLabel("Agent", { exact: true }).isDisabled(), true);
      assert.equal(await page.getByRole("button", { name: "Save changes" }).count(), 0);
      assert.equal(await page.getByRole("button", { name: "Route calls to Loquent" }).count(), 0);
      await shot("phone-details-viewer");

      await page.goto("/settings/telephony");
      await page.getByText("You can view telephony settings, but only admins can change them.").waitFor();
      await page.getByTestId("twilio-mode").waitFor();
      assert.equal(await page.getByTestId("twilio-connect-form").count(), 0);
      assert.equal(await page.getByRole("button", { name: "Fetch numbers" }).count(), 0);

      await page.goto("/agents");
      await page.getByTestId("agent-card").first().waitFor();
      assert.equal(await page.getByRole("link", { name: "New agent" }).count(), 0);
    } finally {
      await page.unroute("**/api/me");
    }
  });

  test("the app logged no errors", () => {
    assert.deepEqual(browser.errors, []);
  });
});
