// Browser tests of calls and contacts: real calls seeded through Twilio's signed recording
// callback, the server's worker downloading, transcribing and analyzing them (against the fake
// Twilio and fake OpenAI that run.sh starts), and the pages that play and show them.
//
//   tests/browser/run.sh     # a fresh server, database and fakes
//
// Needs, from run.sh: FAKE_TWILIO_BYO_SID / _TOKEN / _RECORDING_SID (the customer account, which
// holds +14155550101 and a 7-second recording), SEED_CALL (target/debug/seed_call), DATABASE_URL
// (the test server's database, for seed_call).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
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

const run = promisify(execFile);
const BYO = {
  sid: process.env.FAKE_TWILIO_BYO_SID,
  token: process.env.FAKE_TWILIO_BYO_TOKEN,
  recording: process.env.FAKE_TWILIO_BYO_RECORDING_SID,
};
const NUMBER = "+14155550101";
const CALLER = "+14155550199";
const ADA = {
  name: "Ada Lovelace",
  email: `ada+calls${unique()}@example.com`,
  password: "correct horse battery",
  organization: "Acme Dental",
};
const FINDING = "Reschedule request: the caller wants to move a cleaning to Friday.";

let browser;
let page;
const shot = (name, options) => shotOf(page, name, options);
const shotNow = (name) => shotNowOf(page, name);
const waitForPath = (expected) => waitForPathOf(page, expected);
const toast = (text) => page.getByTestId("toast").filter({ hasText: text });
const callRows = () => page.getByTestId("call-row");
/** The recording's state in the row (or page part) `scope`. */
const audioState = (scope) =>
  scope.locator("audio").evaluate((a) => ({ paused: a.paused, time: a.currentTime }));
/** Waits until the `<audio>` in `scope` is really playing. */
async function playing(scope) {
  await scope.locator("audio").evaluate(
    (audio) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const check = () => {
          if (!audio.paused && audio.currentTime > 0) return resolve();
          if (Date.now() - started > 10_000) return reject(new Error(`not playing: paused=${audio.paused} t=${audio.currentTime} error=${audio.error?.code}`));
          setTimeout(check, 50);
        };
        check();
      }),
  );
}

/** Seeds a finished call on +14155550101 from `from` and delivers its recording callback; with
 * `live`, a call still in progress (no callback yet); with `end` (a CallSid), ends that call and
 * delivers its callback. */
async function seedCall({ from = CALLER, live = false, end } = {}) {
  const args = [
    "--database-url", process.env.DATABASE_URL,
    "--server-url", browser.base,
    "--account-sid", BYO.sid,
    "--auth-token", BYO.token,
    "--recording-sid", BYO.recording,
  ];
  if (end) args.push("--end", end);
  else args.push("--org-email", ADA.email, "--number", NUMBER, "--from", from, "--live", String(live));
  const { stdout } = await run(process.env.SEED_CALL, args);
  return JSON.parse(stdout.trim().split("\n").pop());
}

/** Makes `p`'s tab hidden or shown again, as switching tabs does. */
async function setHidden(p, hidden) {
  await p.evaluate((hidden) => {
    Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (hidden ? "hidden" : "visible") });
    document.dispatchEvent(new Event("visibilitychange", { bubbles: true }));
  }, hidden);
}

/** The API, with the browser's session cookie. */
async function api(method, path, data) {
  const response = await page.request.fetch(path, { method, data });
  assert.ok(response.ok(), `${method} ${path} answered ${response.status()}: ${await response.text()}`);
  return response.json();
}

before(async () => {
  browser = await launch();
  page = browser.page;
});

after(async () => {
  await browser?.close();
});

describe("Calls and contacts", () => {
  let graceUrl;
  let callIds = [];

  test("a new organization with a number and an analyzer, and no calls yet", async () => {
    await page.goto("/signup");
    await page.getByLabel("Full name").fill(ADA.name);
    await page.getByLabel("Work email").fill(ADA.email);
    await page.getByLabel("Password", { exact: true }).fill(ADA.password);
    await page.getByLabel("Organization name").fill(ADA.organization);
    await page.getByRole("button", { name: "Create account" }).click();
    await waitForPath("/");

    // The dashboard's recent calls are empty.
    const recent = page.getByRole("region", { name: "Recent calls" });
    await recent.getByRole("heading", { name: "No calls yet" }).waitFor();

    // Setup through the API: the customer's Twilio account, its number, an analyzer on it.
    await api("PUT", "/api/twilio/settings", { account_sid: BYO.sid, auth_token: BYO.token });
    const unsynced = await api("POST", "/api/twilio/get-unsynced-numbers");
    const front = unsynced.find((n) => n.phone_number === NUMBER);
    await api("POST", "/api/twilio/sync-numbers", { twilio_sids: [front.twilio_sid] });
    const phones = await api("GET", "/api/phones");
    await api("POST", "/api/analyzers", {
      name: "Visit reason",
      prompt: "Why did the caller call? One line.",
      is_default: false,
      is_active: true,
      phone_number_ids: [phones[0].id],
    });

    const release = await hold(page, "**/api/calls");
    await navLink(page, "Calls").click();
    await waitForPath("/calls");
    await page.getByRole("status", { name: "Loading calls" }).waitFor();
    await shotNow("calls-loading");
    await release();
    await page.getByRole("heading", { name: "No calls yet" }).waitFor();
    await page.getByText("Once a number has an agent, every call shows up here").waitFor();
    await shot("calls-empty");
  });

  test("two calls come in: recorded, transcribed, the caller named", async () => {
    const seeded = [await seedCall(), await seedCall()];
    callIds = seeded.map((call) => call.call_id);
    // The worker downloads, transcribes and names the caller in the background.
    const deadline = Date.now() + 30_000;
    for (;;) {
      await page.goto("/calls");
      await callRows().first().waitFor();
      const named = await page.getByTestId("call-contact").filter({ hasText: "Grace Hopper" }).count();
      const played = await page.locator("[data-testid=call-row] [data-testid=play-button]:not([disabled])").count();
      if (named === 2 && played === 2) break;
      assert.ok(Date.now() < deadline, `the calls weren't processed in time (${named} named)`);
      await page.waitForTimeout(500);
    }
    assert.equal(await callRows().count(), 2);
    const first = callRows().first();
    assert.equal(await first.getByTestId("call-direction").textContent(), "Inbound");
    await first.getByText("(415) 555-0199 → (415) 555-0101").waitFor();
    await first.getByText("0:07").waitFor();
    await first.getByText("Today").waitFor();
    await shot("calls-list");
  });

  test("a recording plays in the list, one at a time", async () => {
    const [first, second] = [callRows().nth(0), callRows().nth(1)];
    await first.getByRole("button", { name: "Play the call with Grace Hopper" }).click();
    await playing(first);
    await first.getByRole("button", { name: "Pause the call with Grace Hopper" }).waitFor();
    assert.equal(await first.getByTestId("play-button").getAttribute("aria-pressed"), "true");
    await page.waitForTimeout(400);
    await shotNow("calls-playing");

    // Starting the second pauses the first.
    await second.getByRole("button", { name: "Play the call with Grace Hopper" }).click();
    await playing(second);
    const firstNow = await audioState(first);
    assert.equal(firstNow.paused, true);
    assert.ok(firstNow.time > 0);
    assert.equal(await first.getByTestId("play-button").getAttribute("aria-pressed"), "false");
    assert.equal(await second.getByTestId("play-button").getAttribute("aria-pressed"), "true");

    await second.getByRole("button", { name: "Pause the call with Grace Hopper" }).click();
    assert.equal((await audioState(second)).paused, true);
  });

  test("a call's page: player, seeking, transcript, analysis and a rerun", async () => {
    await callRows().first().getByTestId("call-contact").click();
    await waitForPath(`/calls/${callIds[1]}`);
    await page.getByRole("heading", { name: "Grace Hopper", level: 2 }).waitFor();
    const player = page.getByTestId("player");

    // The transcript as a conversation.
    const transcript = page.getByTestId("transcript");
    await transcript.locator("[data-speaker=agent]").getByText("Acme Dental, how can I help?").waitFor();
    await transcript.locator("[data-speaker=caller]").getByText("Hi, this is Grace Hopper.", { exact: false }).waitFor();

    // The analyzer's run.
    const analysis = page.getByTestId("analysis");
    const analyzer = analysis.getByLabel("Analyzer");
    assert.deepEqual(await analyzer.locator("option").allTextContents(), ["Visit reason (1 run)"]);
    await analysis.getByTestId("analysis-run").getByText(FINDING).waitFor();
    assert.equal(await analysis.getByTestId("analysis-run").count(), 1);

    // Play, then seek.
    await player.getByRole("button", { name: "Play the call with Grace Hopper" }).click();
    await playing(player);
    await player.getByRole("button", { name: "Pause the call with Grace Hopper" }).click();
    await player.getByRole("slider", { name: "Seek" }).fill("5");
    await page.waitForFunction(() => Math.abs(document.querySelector("[data-testid=player] audio").currentTime - 5) < 0.25);
    await player.getByTestId("player-position").getByText("0:05").waitFor();
    await player.getByRole("button", { name: "Play the call with Grace Hopper" }).click();
    await page.waitForFunction(() => {
      const audio = document.querySelector("[data-testid=player] audio");
      return !audio.paused && audio.currentTime > 5.1;
    });
    await player.getByRole("button", { name: "Pause the call with Grace Hopper" }).click();
    await player.getByRole("slider", { name: "Seek" }).fill("2");
    await player.getByTestId("player-position").getByText("0:02").waitFor();
    const contactLink = page.getByTestId("call-contact-link");
    graceUrl = await contactLink.getAttribute("href");
    assert.match(graceUrl, /^\/contacts\/[0-9a-f-]{36}$/);
    await shot("call-details");

    // Rerun: queued, polled, and a second run appears.
    await analysis.getByRole("button", { name: "Rerun Analysis" }).click();
    await analysis.getByTestId("rerun-status").getByText("Re-running 1 analyzer").waitFor();
    await shotNow("call-rerunning");
    await toast("1 analyzer re-ran").waitFor();
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=analysis-run]").length === 2);
    assert.deepEqual(await analyzer.locator("option").allTextContents(), ["Visit reason (2 runs)"]);
    await analysis.getByTestId("analysis-run").first().getByText("Latest").waitFor();
    assert.equal(await analysis.getByRole("button", { name: "Rerun Analysis" }).isEnabled(), true);
    await shot("call-rerun-done", { keepToasts: true });

    // The contact link leads to Grace.
    await contactLink.click();
    await waitForPath(graceUrl);
    await page.getByRole("heading", { name: "Grace Hopper", level: 2 }).waitFor();
    await page.getByTestId("contact-phone").getByText("(415) 555-0199").waitFor();
    await page.getByTestId("contact-email").getByText("grace@example.com").waitFor();
    // Her calls, each with its direction, where it stands and its length, leading to the call.
    const herCalls = page.getByTestId("contact-call");
    await herCalls.nth(1).waitFor();
    assert.equal(await herCalls.count(), 2);
    await herCalls.first().getByText("Inbound call").waitFor();
    await herCalls.first().getByText("(415) 555-0101", { exact: false }).waitFor();
    await herCalls.first().getByText("completed", { exact: false }).waitFor();
    await herCalls.first().getByText("0:07").waitFor();
    await shot("contact-calls");
    await herCalls.first().getByRole("link").click();
    await waitForPath(`/calls/${callIds[1]}`);
    await page.getByTestId("call-status").getByText("Inbound").waitFor();
  });

  test("a call without a transcript can't be rerun; unknown calls are not found", async () => {
    await page.route(`**/api/calls/${callIds[0]}`, async (route) => {
      const response = await route.fetch();
      const details = await response.json();
      Object.assign(details, { transcription: null, analysis_groups: [] });
      details.call.has_transcription = false;
      await route.fulfill({ response, json: details });
    });
    try {
      await page.goto(`/calls/${callIds[0]}`);
      const rerun = page.getByRole("button", { name: "Rerun Analysis" });
      await rerun.waitFor();
      assert.equal(await rerun.isDisabled(), true);
      assert.equal(
        await page.locator(".tooltip-wrap").getAttribute("title"),
        "There's no transcription to analyze yet",
      );
      await page.getByRole("heading", { name: "Transcribing…" }).waitFor();
      await page.getByRole("heading", { name: "No analysis yet" }).waitFor();
      await shot("call-no-transcript");
    } finally {
      await page.unroute(`**/api/calls/${callIds[0]}`);
    }

    await page.goto("/calls/00000000-0000-4000-8000-000000000000");
    await page.getByRole("heading", { name: "This call isn't here" }).waitFor();
    await shot("call-not-found");
  });

  test("a browser call's transcript shows who spoke, and when", async () => {
    // The turns a two-channel recording gives (the seeded calls are one-channel).
    await page.route(`**/api/calls/${callIds[0]}`, async (route) => {
      const response = await route.fetch();
      const details = await response.json();
      details.transcript_turns = [
        { speaker: "staff", start_secs: 0.5, end_secs: 1.5, text: "Hi, this is Sam from Acme Dental." },
        { speaker: "contact", start_secs: 2.04, end_secs: 3.2, text: "Hi Sam, yes, Friday works." },
        { speaker: "staff", start_secs: 63.8, end_secs: 64.6, text: "Great, see you then." },
      ];
      details.transcription = details.transcript_turns
        .map((t) => `${t.speaker === "staff" ? "Staff" : "Contact"}: ${t.text}`)
        .join("\n");
      await route.fulfill({ response, json: details });
    });
    try {
      await page.goto(`/calls/${callIds[0]}`);
      const transcript = page.getByTestId("transcript");
      const staff = transcript.locator("[data-speaker=staff]");
      await staff.first().getByText("Hi, this is Sam from Acme Dental.").waitFor();
      assert.equal(await staff.count(), 2);
      assert.deepEqual(await transcript.getByTestId("turn-time").allTextContents(), ["0:00", "0:02", "1:03"]);
      const contact = transcript.locator("[data-speaker=contact]");
      await contact.getByText("Hi Sam, yes, Friday works.").waitFor();
      await contact.getByText("Grace Hopper").waitFor();
      await shot("call-transcript-turns");
    } finally {
      await page.unroute(`**/api/calls/${callIds[0]}`);
    }
  });

  test("filtering calls by day and number", async () => {
    await page.goto("/calls");
    await callRows().first().waitFor();
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel("From", { exact: true }).fill(tomorrow);
    await page.getByRole("heading", { name: "No calls match these filters" }).waitFor();
    assert.match(page.url(), new RegExp(`from=${tomorrow}`));
    await shot("calls-filtered-empty");
    await page.getByRole("button", { name: "Clear filters" }).click();
    await callRows().nth(1).waitFor();

    await page.getByLabel("From", { exact: true }).fill(today);
    await page.getByLabel("To", { exact: true }).fill(today);
    await page.getByLabel("Number").selectOption({ label: "Front desk · (415) 555-0101" });
    await page.waitForURL(/phone=/);
    await callRows().nth(1).waitFor();
    assert.equal(await callRows().count(), 2);
    // A backwards range is pointed out and not searched.
    await page.getByLabel("To", { exact: true }).fill("2020-01-01");
    await page.locator("#calls-to-message").getByText("Before the start date").waitFor();
    assert.equal(await callRows().count(), 2);
    await shot("calls-filtered");
    await page.getByRole("button", { name: "Clear", exact: true }).click();
    await page.waitForURL((url) => url.search === "");
  });

  test("more calls load on demand", async () => {
    // The first page asked for one call at a time, so the second needs "Load more".
    const firstPage = (url) => url.pathname === "/api/calls" && !url.searchParams.has("cursor");
    await page.route(firstPage, (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set("limit", "1");
      return route.continue({ url: url.toString() });
    });
    try {
      await page.goto("/calls");
      await callRows().first().waitFor();
      assert.equal(await callRows().count(), 1);
      const more = page.getByRole("button", { name: "Load more" });
      await shot("calls-load-more");
      const release = await hold(page, "**/api/calls?cursor=*");
      await more.click();
      await page.getByRole("button", { name: "Loading…" }).waitFor();
      await release();
      await callRows().nth(1).waitFor();
      await more.waitFor({ state: "detached" });
      assert.equal(await callRows().count(), 2);
    } finally {
      await page.unroute(firstPage);
    }
  });

  test("follow-ups from the calls wait for review; approving one emails the caller", async () => {
    await navLink(page, "To-dos").click();
    await waitForPath("/todos");
    const cards = page.getByTestId("todo");
    await cards.nth(3).waitFor();
    assert.equal(await cards.count(), 4, "two follow-ups from each call");
    await page.getByTestId("todo-tab-review").getByText("4").waitFor();
    const send = cards.filter({ hasText: "Send Grace the cleaning prep instructions" }).first();
    await send.getByRole("link", { name: "Grace Hopper" }).waitFor();
    await send.locator(".todo-email summary").click();
    await send.getByText("Please arrive ten minutes early.").waitFor();
    await shot("todos-review");

    // The draft is edited, then approved: the email leaves with the edit.
    await send.getByRole("button", { name: "Edit" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit to-do" });
    await dialog.getByLabel("Email subject").fill("Your cleaning on Friday");
    await shot("todo-edit");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "detached" });
    await send.getByText("Your cleaning on Friday").waitFor();
    await send.getByRole("button", { name: "Approve & send" }).click();
    await send.locator(".badge").getByText("Completed").waitFor();
    await page.getByTestId("todo-tab-done").getByText("1").waitFor();

    // The other call's copy is rejected; an appointment is approved for a person, then done.
    const copy = cards.filter({ hasText: "Send Grace the cleaning prep instructions" }).nth(1);
    await copy.getByRole("button", { name: "Reject" }).click();
    await copy.locator(".badge").getByText("Rejected").waitFor();
    const move = cards.filter({ hasText: "Move Grace's cleaning to Friday" }).first();
    await move.getByRole("button", { name: "Approve", exact: true }).click();
    await move.locator(".badge").getByText("Approved").waitFor();
    await move.getByRole("button", { name: "Mark done" }).click();
    await move.locator(".badge").getByText("Done").waitFor();
    await page.getByTestId("todo-tab-review").getByText("1").waitFor();

    await page.getByTestId("todo-tab-done").click();
    await page.waitForURL(/tab=done/);
    // The list keeps showing the tab before until the new one has loaded (a transition).
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="todo"]').length === 2);
    assert.equal(await cards.filter({ hasText: "To review" }).count(), 0);
    await shot("todos-done");

    // The email is in the outbox, to Grace's address from the call.
    await page.goto("/settings/email");
    const row = page.getByRole("row").filter({ hasText: "Your cleaning on Friday" });
    await row.getByText("grace@example.com").waitFor();

    // And the call's page lists its to-dos.
    await page.goto(`/calls/${callIds[1]}`);
    const section = page.getByTestId("todo-section");
    await section.getByTestId("todo").nth(1).waitFor();
    await shot("call-todos");
  });

  test("the dashboard shows the newest calls, ready to play", async () => {
    await navLink(page, "Dashboard").click();
    await waitForPath("/");
    const recent = page.getByTestId("recent-calls");
    await recent.getByTestId("call-row").nth(1).waitFor();
    assert.equal(await recent.getByTestId("call-row").count(), 2);
    const row = recent.getByTestId("call-row").first();
    await row.getByRole("button", { name: "Play the call with Grace Hopper" }).click();
    await playing(row);
    await row.getByRole("button", { name: "Pause the call with Grace Hopper" }).click();
    await shot("dashboard-recent-calls");
  });

  test("the dashboard adds up the calls and to-dos of the dates chosen", async () => {
    await page.goto("/");
    const stat = (key) => page.locator(`[data-stat=${key}] .stat-value`);
    // The last 30 days by default: both calls of today, answered by the agent, 7 s each.
    assert.equal(await page.getByLabel("Dates", { exact: true }).inputValue(), "30d");
    await stat("calls").getByText("2", { exact: true }).waitFor();
    assert.equal(await stat("answered").textContent(), "2");
    assert.equal(await stat("average").textContent(), "00:07");
    assert.equal(await stat("contacts").textContent(), "1");
    // The to-dos as the test above left them: one to review, two finished, one rejected.
    const todos = page.getByTestId("todos-by-status");
    await todos.getByRole("link", { name: /To review\s*1/ }).waitFor();
    await todos.getByRole("link", { name: /Done\s*2/ }).waitFor();
    await todos.getByRole("link", { name: /Rejected\s*1/ }).waitFor();
    assert.equal(await stat("review").textContent(), "1");

    // The chart reads out a bar on hover and on focus; the arrow keys move between days.
    const chart = page.getByTestId("volume-chart");
    assert.equal(await chart.locator(".chart-mark").count(), 30);
    await chart.locator(".chart-mark").last().hover();
    await page.getByTestId("volume-readout").getByText(/: 2 calls, 2 answered by the agent$/).waitFor();
    await chart.locator(".chart-mark").last().focus();
    await page.keyboard.press("ArrowLeft");
    await page.getByTestId("volume-readout").getByText(/: 0 calls, 0 answered by the agent$/).waitFor();
    await page.getByTestId("heatmap-readout").getByText(/^Busiest: \w+day, \d+:00–\d+:00: 2 calls$/).waitFor();
    await shot("dashboard-figures");

    // Yesterday had no calls; the presets are in the address, as on the call list.
    await page.getByLabel("Dates", { exact: true }).selectOption({ label: "Yesterday" });
    await page.waitForURL(/range=yesterday/);
    await stat("calls").getByText("0", { exact: true }).waitFor();
    assert.equal(await stat("average").textContent(), "–");
    await page.getByLabel("Dates", { exact: true }).selectOption({ label: "Today" });
    await stat("calls").getByText("2", { exact: true }).waitFor();
    assert.equal(await page.getByTestId("volume-chart").locator(".chart-mark").count(), 1);
    // Picked days make a custom range.
    const today = await page.getByLabel("From", { exact: true }).inputValue();
    await page.getByLabel("From", { exact: true }).fill("2020-01-01");
    await page.waitForURL(new RegExp(`from=2020-01-01&to=${today}`));
    assert.equal(await page.getByLabel("Dates", { exact: true }).inputValue(), "custom");
    await stat("calls").getByText("2", { exact: true }).waitFor();
    await page.getByTestId("volume-chart").locator(".chart-mark").first().waitFor();
    await shot("dashboard-custom-range");

    // The call list takes the same presets.
    await page.goto("/calls?range=yesterday");
    await page.getByRole("heading", { name: "No calls match these filters" }).waitFor();
    assert.equal(await page.getByLabel("Dates", { exact: true }).inputValue(), "yesterday");
    await page.getByLabel("Dates", { exact: true }).selectOption({ label: "Last 7 days" });
    await page.waitForURL(/range=7d/);
    await callRows().nth(1).waitFor();
  });

  test("the contacts list, and a new contact checked as typed", async () => {
    await navLink(page, "Contacts").click();
    await waitForPath("/contacts");
    const grace = page.getByTestId("contact-row").filter({ hasText: "Grace Hopper" });
    await grace.getByText("(415) 555-0199").waitFor();
    await grace.getByText("grace@example.com").waitFor();
    await shot("contacts-list");

    await page.getByRole("link", { name: "New contact" }).click();
    await waitForPath("/contacts/new");
    await page.getByRole("heading", { name: "New contact" }).waitFor();
    await shot("contact-new");

    // Nothing to save yet; then a number with letters is pointed out as typed.
    await page.getByRole("button", { name: "Create contact" }).click();
    await page.getByText("Give the contact a name, a number or an email").waitFor();
    await page.getByLabel("First name").fill("Ada");
    await page.getByLabel("Last name").fill("Lovelace");
    const number = page.getByLabel("Phone number");
    await number.fill("415-555-abc");
    await page.locator("#number-message").getByText("Enter a number with its country code").waitFor();
    await number.fill("555-01");
    await page.getByLabel("Email", { exact: true }).fill("ada@");
    await page.getByLabel("Email", { exact: true }).blur();
    await page.locator("#email-message").getByText("Enter an email address").waitFor();
    await shot("contact-new-invalid");

    // Grace's number is hers: the server says so, naming her.
    await number.fill(CALLER);
    await page.getByLabel("Email", { exact: true }).fill("Ada@Example.com");
    await page.getByRole("button", { name: "Create contact" }).click();
    await page.locator("#number-message").getByText("This number already belongs to Grace Hopper").waitFor();
    assert.equal(await page.getByTestId("phone-owner-link").getAttribute("href"), graceUrl);

    await number.fill("(415) 555-0142");
    await number.blur();
    assert.equal(await number.inputValue(), "+14155550142");
    await page.getByRole("button", { name: "Create contact" }).click();
    await waitForPath(/^\/contacts\/[0-9a-f-]{36}$/);
    await toast("Ada Lovelace was added").waitFor();
    await page.getByRole("heading", { name: "Ada Lovelace", level: 2 }).waitFor();
    await page.getByTestId("contact-phone").getByText("(415) 555-0142").waitFor();
    await page.getByTestId("contact-email").getByText("ada@example.com").waitFor();
  });

  test("a contact's phones and emails: add, prefer, edit, delete, conflicts", async () => {
    const phones = page.getByTestId("phone-panel");
    const emails = page.getByTestId("email-panel");
    const phoneCard = (text) => phones.getByTestId("contact-phone").filter({ hasText: text });

    // A second phone.
    await phones.getByRole("button", { name: "Add phone" }).click();
    const add = phones.getByTestId("entry-add-form");
    await add.getByLabel("Number").fill("+14155550143");
    await add.getByLabel("Label").selectOption("work");
    await add.getByRole("button", { name: "Add phone" }).click();
    await toast("Phone added").waitFor();
    await phoneCard("(415) 555-0143").getByText("Work").waitFor();
    assert.equal(await phones.getByTestId("contact-phone").count(), 2);
    assert.equal(await phoneCard("(415) 555-0142").getByTestId("preferred-badge").count(), 1);

    // It becomes the preferred one.
    await phoneCard("(415) 555-0143").getByRole("button", { name: "Make (415) 555-0143 preferred" }).click();
    await phoneCard("(415) 555-0143").getByTestId("preferred-badge").waitFor();
    assert.equal(await phoneCard("(415) 555-0142").getByTestId("preferred-badge").count(), 0);
    assert.equal(await phones.getByTestId("preferred-badge").count(), 1);

    // Grace's number can't be added: the message names her and links to her.
    await phones.getByRole("button", { name: "Add phone" }).click();
    await add.getByLabel("Number").fill("(415) 555-0199");
    await add.getByRole("button", { name: "Add phone" }).click();
    await add.getByText("This number already belongs to Grace Hopper").waitFor();
    assert.equal(await add.getByTestId("phone-owner-link").getAttribute("href"), graceUrl);
    await shot("contact-phone-taken");
    await add.getByRole("button", { name: "Cancel" }).click();
    await add.waitFor({ state: "detached" });

    // A second email, then edit the first one's label inline.
    await emails.getByRole("button", { name: "Add email" }).click();
    const addEmail = emails.getByTestId("entry-add-form");
    await addEmail.getByLabel("Email").fill("ada@analytical.example");
    await addEmail.getByLabel("Label").selectOption("personal");
    await addEmail.getByRole("button", { name: "Add email" }).click();
    await emails.getByTestId("contact-email").filter({ hasText: "ada@analytical.example" }).waitFor();
    // The same address twice is refused under the field.
    await emails.getByRole("button", { name: "Add email" }).click();
    await addEmail.getByLabel("Email").fill("ADA@example.com");
    await addEmail.getByRole("button", { name: "Add email" }).click();
    await addEmail.locator("#email-message").getByText("already on this contact", { exact: false }).waitFor();
    await addEmail.getByRole("button", { name: "Cancel" }).click();

    await phones.getByRole("button", { name: "Edit (415) 555-0142" }).click();
    const edit = phones.getByTestId("entry-edit-form");
    await edit.getByLabel("Label").selectOption("home");
    await shot("contact-phone-editing");
    await edit.getByRole("button", { name: "Save" }).click();
    await edit.waitFor({ state: "detached" });
    await phoneCard("(415) 555-0142").getByText("Home").waitFor();

    // Deleting asks first.
    await emails.getByRole("button", { name: "Delete ada@analytical.example" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("will be removed from this contact").waitFor();
    await shot("contact-email-delete");
    await dialog.getByRole("button", { name: "Delete email" }).click();
    await dialog.waitFor({ state: "detached" });
    await toast("ada@analytical.example was removed").waitFor();
    assert.equal(await emails.getByTestId("contact-email").count(), 1);

    // Renaming.
    await page.getByLabel("First name").fill("Augusta Ada");
    await page.getByRole("button", { name: "Save name" }).click();
    await toast("Name saved").waitFor();
    await page.getByRole("heading", { name: "Augusta Ada Lovelace", level: 2 }).waitFor();
    await shot("contact-details");
  });

  test("searching contacts by name and by number", async () => {
    await navLink(page, "Contacts").click();
    await waitForPath("/contacts");
    const rows = page.getByTestId("contact-row");
    await rows.nth(1).waitFor();
    const search = page.getByLabel("Search contacts");

    await search.fill("lovelace");
    await page.waitForURL(/q=lovelace/);
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=contact-row]").length === 1);
    await rows.getByText("Augusta Ada Lovelace").waitFor();

    // Typed like people type numbers.
    await search.fill("(415) 555-0199");
    await page.waitForFunction(
      () =>
        document.querySelectorAll("[data-testid=contact-row]").length === 1 &&
        document.querySelector("[data-testid=contact-row]").textContent.includes("Grace Hopper"),
    );
    await search.fill("5550143");
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=contact-row]")?.textContent.includes("Lovelace"),
    );
    await shot("contacts-search");

    await search.fill("nobody-by-that-name");
    await page.getByRole("heading", { name: "No contacts match “nobody-by-that-name”" }).waitFor();
    await shot("contacts-search-empty");
    await page.getByRole("button", { name: "Clear search" }).click();
    await rows.nth(1).waitFor();
    assert.equal(await search.inputValue(), "");
  });

  test("deleting a contact", async () => {
    await page.goto("/contacts/new");
    await page.getByLabel("First name").fill("Temporary");
    await page.getByRole("button", { name: "Create contact" }).click();
    await page.getByRole("heading", { name: "Temporary", level: 2 }).waitFor();
    await page.getByRole("button", { name: "Delete contact" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("will be deleted with their phones and emails").waitFor();
    await shot("contact-delete");
    await dialog.getByRole("button", { name: "Delete contact" }).click();
    await waitForPath("/contacts");
    await toast("Temporary was deleted").waitFor();
    assert.equal(await page.getByTestId("contact-row").filter({ hasText: "Temporary" }).count(), 0);

    await page.goto("/contacts/00000000-0000-4000-8000-000000000000");
    await page.getByRole("heading", { name: "This contact isn't here" }).waitFor();
  });

  test("viewers read calls and contacts but change nothing", async () => {
    await page.route("**/api/me", async (route) => {
      const response = await route.fetch();
      const me = await response.json();
      me.member.role = "viewer";
      await route.fulfill({ response, json: me });
    });
    try {
      await page.goto(`/calls/${callIds[1]}`);
      await page.getByTestId("analysis-run").first().waitFor();
      assert.equal(await page.getByRole("button", { name: "Rerun Analysis" }).count(), 0);
      await page.getByTestId("player").waitFor();

      await page.goto("/contacts");
      await page.getByTestId("contact-row").first().waitFor();
      assert.equal(await page.getByRole("link", { name: "New contact" }).count(), 0);
      await page.goto(graceUrl);
      await page.getByText("You can view contacts, but only members can change them.").waitFor();
      assert.equal(await page.getByRole("button", { name: "Add phone" }).count(), 0);
      assert.equal(await page.getByRole("button", { name: /^Edit / }).count(), 0);
      assert.equal(await page.getByRole("button", { name: "Delete contact" }).count(), 0);
      assert.equal(await page.getByLabel("First name").isDisabled(), true);
      await shot("contact-details-viewer");
    } finally {
      await page.unroute("**/api/me");
    }
  });

  test("failures offer a retry", async () => {
    const list = (url) => url.pathname === "/api/calls";
    await page.route(list, (route) =>
      route.fulfill({
        status: 500,
        contentType: "application/json",
        body: envelope("internal_error", "Something went wrong on our side. It has been logged; please try again."),
      }),
    );
    await page.goto("/calls");
    const banner = page.getByRole("alert").filter({ hasText: "Couldn't load your calls" });
    await banner.getByText("Something went wrong on our side").waitFor();
    await shot("calls-error");
    await page.unroute(list);
    await banner.getByRole("button", { name: "Try again" }).click();
    await callRows().nth(1).waitFor();
  });

  test("calls and a contact at mobile width", async () => {
    await page.setViewportSize(MOBILE);
    try {
      await page.goto("/calls");
      await callRows().nth(1).waitFor();
      await callRows().first().getByRole("button", { name: "Play the call with Grace Hopper" }).click();
      await playing(callRows().first());
      await callRows().first().getByRole("button", { name: "Pause the call with Grace Hopper" }).click();
      await shot("calls-mobile");
      await page.goto(`/calls/${callIds[1]}`);
      await page.getByTestId("transcript").waitFor();
      await shot("call-details-mobile");
      await page.goto(graceUrl);
      await page.getByTestId("contact-phone").first().waitFor();
      await shot("contact-details-mobile");
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });

  test("a call moves on by itself, live to analyzed, on the list, its page, its contact and the dashboard", async () => {
    const live = await seedCall({ from: "+14155550177", live: true });
    const { call } = await api("GET", `/api/calls/${live.call_id}`);
    assert.equal(call.processing, true);
    // The list, as staff leave it open; it looks again while the call is live.
    const polls = [];
    page.on("request", (r) => {
      if (new URL(r.url()).pathname === "/api/calls") polls.push(Date.now());
    });
    await page.goto("/calls");
    const row = callRows().filter({ hasText: "(415) 555-0177" });
    await row.getByText("in progress").waitFor();
    await row.getByText("Unknown caller").waitFor();
    assert.equal(await row.getByTestId("play-button").isDisabled(), true);
    await shot("calls-live");
    await page.setViewportSize(MOBILE);
    try {
      await row.getByText("in progress").waitFor();
      await shot("calls-live-mobile");
    } finally {
      await page.setViewportSize(DESKTOP);
    }
    // Looks back off while nothing changes: none sooner than 2 s apart.
    const since = polls.length;
    await page.waitForTimeout(5_500);
    const gaps = polls.slice(since - 1).map((t, i, all) => (i ? t - all[i - 1] : null)).filter((g) => g !== null);
    assert.ok(gaps.length >= 1 && gaps.length <= 3, `polls while live: ${gaps}`);
    assert.ok(gaps.every((g) => g > 1_900), `polls too close: ${gaps}`);
    // A hidden tab doesn't look; shown again, it looks at once.
    await setHidden(page, true);
    const whileHidden = polls.length;
    await page.waitForTimeout(4_000);
    assert.equal(polls.length, whileHidden, "no polls while hidden");
    const shownAt = Date.now();
    await setHidden(page, false);
    await page.waitForTimeout(1_000);
    // At once, not after the first wait (2 s).
    const back = polls.slice(whileHidden).map((t) => t - shownAt);
    assert.ok(back.length === 1 && back[0] < 1_000, `looks on coming back, ms after: ${back}`);

    // The call's page, its contact's page and the dashboard, in tabs beside it.
    const open = async (path) => {
      const tab = await browser.context.newPage();
      tab.on("pageerror", (error) => browser.errors.push(error.message));
      tab.on("console", (msg) => msg.type() === "error" && !/Failed to load resource/.test(msg.text()) && browser.errors.push(msg.text()));
      await tab.goto(path);
      return tab;
    };
    const callTab = await open(`/calls/${live.call_id}`);
    await callTab.getByTestId("call-status").getByText("in progress").waitFor();
    await callTab.getByText("The call is still going.").waitFor();
    await shotOf(callTab, "call-live");
    const contactTab = await open(`/contacts/${call.contact_id}`);
    await contactTab.getByRole("heading", { name: "(415) 555-0177", level: 2 }).waitFor();
    const theirCall = contactTab.getByTestId("contact-call");
    await theirCall.getByText("in progress").waitFor();
    const dashboard = await open("/");
    const recent = dashboard.getByTestId("recent-calls").getByTestId("call-row").first();
    await recent.getByText("Unknown caller").waitFor();
    await shotOf(dashboard, "dashboard-live");

    // The call ends; its recording comes, is transcribed, the caller named, the analysis run.
    await seedCall({ end: live.call_sid });
    const named = { timeout: 25_000 };
    await row.getByText("Grace Hopper").waitFor(named);
    await row.getByText("in progress").waitFor({ state: "detached", ...named });
    assert.equal(await row.getByTestId("call-state").count(), 0, "nothing left to say about the call");
    await row.getByRole("button", { name: "Play the call with Grace Hopper" }).waitFor(named);
    assert.equal(await row.getByTestId("play-button").isEnabled(), true);
    await row.getByText("0:07").waitFor();
    await shot("calls-live-done");

    await callTab.getByRole("heading", { name: "Grace Hopper", level: 2 }).waitFor(named);
    await callTab.getByTestId("call-status").getByText("completed").waitFor(named);
    await callTab.getByTestId("transcript").locator("[data-speaker=agent]").first().waitFor(named);
    await callTab.getByTestId("analysis-run").getByText(FINDING).waitFor(named);
    await callTab.getByTestId("player").waitFor(named);
    await contactTab.getByRole("heading", { name: "Grace Hopper", level: 2 }).waitFor(named);
    await theirCall.getByText("0:07").waitFor(named);
    await theirCall.getByText("completed", { exact: false }).waitFor(named);
    assert.equal(await contactTab.getByLabel("First name").inputValue(), "Grace");
    await recent.getByText("Grace Hopper").waitFor(named);
    await dashboard.getByTestId("recent-calls").getByTestId("call-state").first().waitFor({ state: "detached", ...named });

    // Nothing pending: nobody looks any more.
    await page.waitForTimeout(1_000);
    const settled = polls.length;
    await page.waitForTimeout(5_000);
    assert.equal(polls.length, settled, "polling stopped");
    for (const tab of [callTab, contactTab, dashboard]) await tab.close();
  });

  test("the app logged no errors", () => {
    assert.deepEqual(browser.errors, []);
  });
});
