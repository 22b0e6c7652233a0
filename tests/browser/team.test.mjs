// Browser test of the team: an owner invites a teammate, who accepts in a browser of their own
// (they already have a Loquent login, for their agency), then switches between the two
// organizations and sees only the one they are in.
//
//   tests/browser/run.sh
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { accessibilityFindings, launch, navLink, shot, unique, waitForPath } from "./support.mjs";

const PASSWORD = "correct horse battery";
const ADA = { name: "Ada Owner", email: `ada+team${unique()}@example.com`, organization: "Harbor Dental" };
const GRACE = { name: "Grace Agency", email: `grace+team${unique()}@example.com`, organization: "Grace Marketing" };

let owner;
let teammate;

/** The API, with `browser`'s session cookie. */
async function api(browser, method, path, data) {
  const response = await browser.page.request.fetch(path, { method, data });
  assert.ok(response.ok(), `${method} ${path} answered ${response.status()}: ${await response.text()}`);
  return response.status() === 204 ? null : response.json();
}

async function signUp(browser, person) {
  await api(browser, "POST", "/api/auth/signup", {
    name: person.name,
    email: person.email,
    password: PASSWORD,
    organization_name: person.organization,
  });
  await api(browser, "POST", "/api/contacts", { first_name: "Only in", last_name: person.organization });
}

const orgName = (page) => page.getByTestId("org-name");

before(async () => {
  owner = await launch();
  teammate = await launch();
  await signUp(owner, ADA);
  await signUp(teammate, GRACE);
});

after(async () => {
  await owner?.close();
  await teammate?.close();
});

describe("The team", () => {
  test("an owner invites a teammate, who joins from the emailed link", async () => {
    const page = owner.page;
    await page.goto("/settings/team");
    await page.getByTestId("members").getByText(ADA.email).waitFor();
    await page.getByRole("button", { name: "Invite teammate" }).click();
    const dialog = page.getByRole("dialog", { name: "Invite a teammate" });
    await dialog.getByLabel("Email").fill(GRACE.email);
    await dialog.getByLabel("Role").selectOption("admin");
    await dialog.getByRole("button", { name: "Send invitation" }).click();
    await page.locator(`[data-invitation="${GRACE.email}"]`).waitFor();
    assert.deepEqual(await accessibilityFindings(page), []);
    await shot(page, "team-invited");

    // The invitation's email sits in the organization's outbox with its link's secret hidden
    // (an admin can't accept it in Grace's name); the link is in the message as sent.
    const outbox = await api(owner, "GET", "/api/mail/outbox");
    const sent = outbox.items.find((m) => m.kind === "invitation" && m.to.includes(GRACE.email));
    assert.ok(sent, "the invitation is in the outbox");
    const shown = await api(owner, "GET", `/api/mail/outbox/${sent.id}`);
    assert.match(shown.text, /\/invite#token=\(hidden\)/);
    const text = execFileSync(
      process.env.PSQL ?? "psql",
      [process.env.DATABASE_URL, "-Atc", `SELECT text_body FROM mail_message WHERE id = '${sent.id}'`],
      { encoding: "utf8" },
    );
    const link = text.match(/https?:\/\/\S+\/invite#token=[\w.-]+/)?.[0];
    assert.ok(link, `a link in: ${text}`);

    // Grace opens it in her own browser: she has a login, so she signs in to join.
    const other = teammate.page;
    await other.goto(new URL(link).pathname + new URL(link).hash);
    await other.getByRole("heading", { name: `Join ${ADA.organization}` }).waitFor();
    assert.equal(new URL(other.url()).hash, "", "the token leaves the address bar");
    assert.deepEqual(await accessibilityFindings(other), []);
    await shot(other, "team-accept");
    await other.getByLabel("Your Loquent password").fill(PASSWORD);
    await other.getByRole("button", { name: "Sign in and join" }).click();
    await waitForPath(other, "/");
    await orgName(other).getByText(ADA.organization).waitFor();

    // The owner sees her on the team, and in the trail.
    await page.reload();
    await page.locator(`[data-member="${GRACE.email}"]`).getByRole("combobox").waitFor();
    assert.equal(await page.locator(`[data-invitation="${GRACE.email}"]`).count(), 0);
    await page.getByTestId("team-activity").getByText(`${GRACE.name} joined as admin`).waitFor();
    await shot(page, "team-members");
    assert.deepEqual(owner.errors, []);
  });

  test("a person in two organizations switches between them, seeing only the one they're in", async () => {
    const page = teammate.page;
    const switcher = page.getByRole("button", { name: /switch organization/ });
    await navLink(page, "Contacts").click();
    await waitForPath(page, "/contacts");
    await page.getByText(`Only in ${ADA.organization}`).waitFor();
    assert.equal(await page.getByText(`Only in ${GRACE.organization}`).count(), 0);

    await switcher.click();
    const menu = page.getByRole("menu", { name: "Switch organization" });
    assert.equal(await menu.getByRole("menuitemradio").count(), 2);
    assert.deepEqual(await accessibilityFindings(page), []);
    await shot(page, "team-switcher");
    await menu.getByRole("menuitemradio", { name: new RegExp(GRACE.organization) }).click();
    await waitForPath(page, "/");
    await orgName(page).getByText(GRACE.organization).waitFor();

    await navLink(page, "Contacts").click();
    await page.getByText(`Only in ${GRACE.organization}`).waitFor();
    assert.equal(await page.getByText(`Only in ${ADA.organization}`).count(), 0);
    // The API follows the session too.
    const contacts = await api(teammate, "GET", "/api/contacts");
    assert.deepEqual(contacts.items.map((c) => c.last_name), [GRACE.organization]);
    assert.deepEqual(teammate.errors, []);
  });

  test("the business profile, the account page and a forgotten password", async () => {
    const page = owner.page;
    await page.goto("/settings");
    const profile = page.getByTestId("profile-form");
    await profile.getByLabel("Address").fill("48 Elm Street, Boston, MA 02110");
    await profile.getByRole("group", { name: "Saturday" }).getByRole("checkbox").check();
    await profile.getByLabel("Saturday closes").fill("13:00");
    await profile.getByRole("button", { name: "Save profile" }).click();
    await page.getByTestId("toast").filter({ hasText: "Business profile saved" }).waitFor();
    const me = await api(owner, "GET", "/api/me");
    assert.equal(me.organization.address, "48 Elm Street, Boston, MA 02110");
    assert.deepEqual(me.organization.hours, [{ day: "saturday", opens: "09:00", closes: "13:00" }]);
    assert.deepEqual(await accessibilityFindings(page), []);
    await shot(page, "settings-profile");

    await page.goto("/settings/account");
    await page.getByTestId("sessions").getByText("This browser").waitFor();
    assert.deepEqual(await accessibilityFindings(page), []);
    await shot(page, "settings-account");

    const guest = teammate.page;
    await guest.context().clearCookies();
    await guest.goto("/login");
    await guest.getByRole("link", { name: "Forgot your password?" }).click();
    await waitForPath(guest, "/forgot-password");
    await guest.getByLabel("Email").fill(`nobody+${unique()}@example.com`);
    await guest.getByRole("button", { name: "Email me a link" }).click();
    await guest.getByRole("status").getByText("a reset link is on its way").waitFor();
    assert.deepEqual(await accessibilityFindings(guest), []);
    await shot(guest, "forgot-password");
    assert.deepEqual(owner.errors, []);
    assert.deepEqual(teammate.errors, []);
  });
});
