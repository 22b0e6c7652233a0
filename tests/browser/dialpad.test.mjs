// Browser tests of calling from the browser: the dial pad fetches Twilio's Voice SDK (web/dist/
// voice.js, bundled by the web build) and an access token from Loquent, formats and checks the
// number, and says in words why a call fails. There is no Twilio here (the machine is offline),
// so the SDK's connection to Twilio fails the way it fails for a customer whose network blocks
// Twilio: the pad must say so.
//
//   tests/browser/run.sh     # a fresh server, database and fakes
//
// Needs, from run.sh: FAKE_TWILIO_BYO_SID / _TOKEN (the fake's customer account, with
// +14155550101).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { MOBILE, DESKTOP, envelope, launch, navLink, shot as shotOf, unique, waitForPath as waitForPathOf } from "./support.mjs";

const BYO = { sid: process.env.FAKE_TWILIO_BYO_SID, token: process.env.FAKE_TWILIO_BYO_TOKEN };
const NUMBER = "+14155550101";
const OWNER = {
  name: "Ada Lovelace",
  email: `ada+dial${unique()}@example.com`,
  password: "correct horse battery",
  organization: "Acme Dental",
};
// What the browser logs when the SDK can't reach Twilio (no network here): expected, and the
// pad says it in words.
const OFFLINE_TWILIO = /WebSocket connection to 'wss:\/\/[\w.-]+\.twilio\.com\//;

let browser;
let page;
const shot = (name, options) => shotOf(page, name, options);
const waitForPath = (expected) => waitForPathOf(page, expected);
const pad = () => page.getByTestId("dial-pad");
const status = () => pad().getByTestId("dial-status");
const numberField = () => pad().getByLabel("Number", { exact: true });

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

describe("The dial pad", () => {
  let graceId;

  test("when Loquent can't give a token the pad says why; without numbers it can't call", async () => {
    await page.goto("/signup");
    await page.getByLabel("Full name").fill(OWNER.name);
    await page.getByLabel("Work email").fill(OWNER.email);
    await page.getByLabel("Password", { exact: true }).fill(OWNER.password);
    await page.getByLabel("Organization name").fill(OWNER.organization);
    await page.getByRole("button", { name: "Create account" }).click();
    await waitForPath("/");

    // A deployment without Twilio answers the token request as the buy flow does.
    await page.route("**/api/twilio/access-token", (route) =>
      route.fulfill({
        status: 500,
        contentType: "application/json",
        body: envelope("twilio_not_configured", "Twilio is not configured for this organization"),
      }),
    );
    await navLink(page, "Calls").click();
    await waitForPath("/calls");
    const sdk = page.waitForResponse((r) => new URL(r.url()).pathname === "/voice.js");
    await page.getByRole("button", { name: "New call" }).click();
    assert.equal((await sdk).status(), 200, "voice.js comes from Loquent");
    assert.match((await sdk).headers()["content-type"], /javascript/);
    await pad().getByRole("heading", { name: "New call" }).waitFor();
    await status().getByText("Calling isn't available").waitFor();
    await pad().getByTestId("dial-reason").getByText("Connect a Twilio account in Settings → Telephony").waitFor();
    // The organization has no number to call from yet.
    await pad().getByRole("link", { name: "Numbers" }).waitFor();
    assert.deepEqual(await pad().getByTestId("dial-line").locator("option").allTextContents(), ["No numbers yet"]);
    assert.equal(await pad().getByTestId("place-call").isDisabled(), true);
    await shot("dialpad-unavailable");
    await page.keyboard.press("Escape");
    await pad().waitFor({ state: "hidden" });
    await page.unroute("**/api/twilio/access-token");
  });

  test("with an account the pad loads the SDK and a token, and is ready", async () => {
    await api("PUT", "/api/twilio/settings", { account_sid: BYO.sid, auth_token: BYO.token });
    const unsynced = await api("POST", "/api/twilio/get-unsynced-numbers");
    const front = unsynced.find((n) => n.phone_number === NUMBER);
    await api("POST", "/api/twilio/sync-numbers", { twilio_sids: [front.twilio_sid] });
    const grace = await api("POST", "/api/contacts", {
      first_name: "Grace",
      last_name: "Hopper",
      phones: [{ number: "+14155550199", label: "mobile" }],
    });
    graceId = grace.id;

    await page.goto("/calls");
    const token = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/twilio/access-token");
    await page.getByRole("button", { name: "New call" }).click();
    const answer = await token;
    assert.equal(answer.status(), 200);
    const { token: jwt, identity } = await answer.json();
    assert.match(identity, /^user_[0-9a-f-]{36}$/);
    assert.equal(jwt.split(".").length, 3);
    await status().getByText("Ready to call").waitFor();
    // The line to call from: the organization's number.
    const line = pad().getByTestId("dial-line");
    assert.equal(await line.inputValue(), NUMBER);
    assert.deepEqual(await line.locator("option").allTextContents(), ["(415) 555-0101 · Front desk"]);
    // The number field has the focus.
    assert.equal(await numberField().evaluate((el) => el === document.activeElement), true);
  });

  test("the number is formatted as typed and checked before calling", async () => {
    await numberField().pressSequentially("41555501");
    assert.equal(await numberField().inputValue(), "(415) 555-01");
    await pad().getByTestId("place-call").click();
    const help = pad().getByTestId("dial-number-help");
    await help.getByText("Enter the full number").waitFor();
    assert.equal(await numberField().getAttribute("aria-invalid"), "true");
    await shot("dialpad-invalid");

    await numberField().pressSequentially("23");
    assert.equal(await numberField().inputValue(), "(415) 555-0123");
    assert.equal(await numberField().getAttribute("aria-invalid"), "false");

    // Letters and other signs don't get in; abroad, + and the country code.
    await numberField().fill("");
    await numberField().pressSequentially("+44 (20) 7946-0958x");
    assert.equal(await numberField().inputValue(), "+44 207 946 0958");

    // The keypad types too, and the last digit can be taken back.
    await numberField().fill("");
    for (const key of ["4", "1", "5", "5", "5", "5", "0", "1", "9", "9"]) {
      await pad().locator(`.key[data-key="${key}"]`).click();
    }
    assert.equal(await numberField().inputValue(), "(415) 555-0199");
    await pad().getByRole("button", { name: "Delete the last digit" }).click();
    assert.equal(await numberField().inputValue(), "(415) 555-019");
    await pad().locator('.key[data-key="9"]').click();
  });

  test("a call that can't reach Twilio fails with the SDK's reason in words", async () => {
    await pad().getByTestId("place-call").click();
    await status().getByText("Call failed").waitFor({ timeout: 20_000 });
    const reason = pad().getByTestId("dial-reason");
    assert.match(await reason.textContent(), /A connection error occurred during the call \(Twilio error 31005\)\./);
    // Ready for another try.
    await pad().getByTestId("place-call").waitFor();
    await shot("dialpad-failed");
  });

  test("the pad stays as it was across pages", async () => {
    await navLink(page, "Contacts").click();
    await waitForPath("/contacts");
    await pad().waitFor();
    assert.equal(await numberField().inputValue(), "(415) 555-0199");
    await status().getByText("Call failed").waitFor();
    await pad().getByRole("button", { name: "Close the dial pad" }).click();
    await pad().waitFor({ state: "hidden" });
  });

  test("a contact's number has a Call button that opens the pad for them", async () => {
    await page.goto(`/contacts/${graceId}`);
    await page.getByRole("heading", { name: "Grace Hopper" }).first().waitFor();
    const token = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/twilio/access-token");
    await page.getByRole("button", { name: "Call (415) 555-0199" }).click();
    await token;
    await pad().getByRole("heading", { name: "Call Grace Hopper" }).waitFor();
    assert.equal(await numberField().inputValue(), "+1 (415) 555-0199");
    await status().getByText("Ready to call").waitFor();
    await shot("dialpad-contact");
    await page.setViewportSize(MOBILE);
    await shot("dialpad-contact-mobile");
    await page.setViewportSize(DESKTOP);
  });

  test("the app logged no errors but the SDK's failed connections to Twilio", () => {
    assert.deepEqual(browser.errors.filter((e) => !OFFLINE_TWILIO.test(e)), []);
  });
});
