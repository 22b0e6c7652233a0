// The dial pad's glue (voice.mjs) against a stand-in for Twilio's Voice SDK: tokens fetched and
// refreshed, a call's life in events, failures reported once with the most specific reason,
// hanging up while a call is being placed. Run by `./dev test`: node --test web/js/voice.test.mjs
import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
let out;
let createPhone;
let sdk;

before(async () => {
  out = await mkdtemp(join(tmpdir(), "loquent-voice-"));
  const fake = join(here, "test", "fake-voice-sdk.mjs");
  // One bundle, as the web build makes it, with the stand-in where the SDK would be; the test
  // imports the same stand-in module from the bundle's exports.
  await build({
    stdin: {
      contents: `export { createPhone } from ${JSON.stringify(join(here, "voice.mjs"))};\nexport * as sdk from ${JSON.stringify(fake)};`,
      resolveDir: here,
    },
    bundle: true,
    format: "esm",
    platform: "neutral",
    alias: { "@twilio/voice-sdk": fake },
    outfile: join(out, "voice.js"),
    logLevel: "warning",
  });
  ({ createPhone, sdk } = await import(pathToFileURL(join(out, "voice.js")).href));
});

after(async () => {
  await rm(out, { recursive: true, force: true });
});

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

/** A phone whose events land in `events` and whose tokens are "t1", "t2", … */
function phone({ tokens } = {}) {
  const events = [];
  let fetched = 0;
  const made = createPhone({
    onEvent: (event) => events.push(event),
    fetchToken: async () => {
      fetched += 1;
      if (tokens) return tokens(fetched);
      return `t${fetched}`;
    },
  });
  return { phone: made, events, fetched: () => fetched, kinds: () => events.map((e) => e.kind) };
}

beforeEach(() => {
  sdk.devices.length = 0;
});

test("prepare fetches one token and makes one device, quietly", async () => {
  const p = phone();
  await p.phone.prepare();
  await p.phone.prepare();
  assert.equal(p.fetched(), 1);
  assert.equal(sdk.devices.length, 1);
  assert.equal(sdk.devices[0].token, "t1");
  assert.equal(sdk.devices[0].options.logLevel, "silent");
  assert.ok(sdk.devices[0].options.closeProtection, "the browser asks before a call is left");
  assert.deepEqual(p.events, []);
});

test("a token about to expire is replaced by a fresh one", async () => {
  const p = phone();
  await p.phone.prepare();
  sdk.devices[0].emit("tokenWillExpire", sdk.devices[0]);
  await tick();
  assert.equal(p.fetched(), 2);
  assert.equal(sdk.devices[0].token, "t2");
});

test("a refresh that fails says so, and the call goes on", async () => {
  const p = phone({ tokens: (n) => (n === 1 ? "t1" : Promise.reject("Loquent couldn't get you ready to call: offline")) });
  await p.phone.prepare();
  sdk.devices[0].emit("tokenWillExpire", sdk.devices[0]);
  await tick();
  assert.deepEqual(p.events, [{ kind: "token-failed", reason: "Loquent couldn't get you ready to call: offline", code: null }]);
  assert.equal(sdk.devices[0].token, "t1");
  assert.equal(sdk.devices[0].destroyed, false);
});

test("a call's life: connecting, ringing, in call, muted, tones, ended", async () => {
  const p = phone();
  const placing = p.phone.call("+14155550199", "+14155550101", "6f1c2a8e-2b1d-4f57-9a43-0c6f6d1c2b7e");
  await tick();
  const device = sdk.devices[0];
  const { params, call, answer } = device.connects[0];
  assert.deepEqual(params, {
    To: "+14155550199",
    CallerId: "+14155550101",
    ContactId: "6f1c2a8e-2b1d-4f57-9a43-0c6f6d1c2b7e",
  });
  answer();
  await placing;
  call.emit("ringing", false);
  call.emit("accept", call);
  p.phone.setMuted(true);
  p.phone.setMuted(false);
  p.phone.sendDigits("1");
  p.phone.sendDigits("#");
  assert.equal(call.digits, "1#");
  p.phone.hangup();
  assert.deepEqual(p.kinds(), ["connecting", "ringing", "in-call", "muted", "unmuted", "ended"]);
  assert.equal(call.disconnected, true);
});

test("no contact: no ContactId", async () => {
  const p = phone();
  p.phone.call("+14155550199", "+14155550101", "");
  await tick();
  assert.deepEqual(sdk.devices[0].connects[0].params, { To: "+14155550199", CallerId: "+14155550101" });
});

test("errors while placing fail the attempt once, with the most specific reason", async () => {
  const p = phone();
  p.phone.call("+14155550199", "+14155550101", "");
  await tick();
  const device = sdk.devices[0];
  device.emit("error", sdk.twilioError(31000, "An unknown error has occurred."));
  device.emit("error", sdk.twilioError(31005, "A connection error occurred during the call"));
  device.emit("error", sdk.twilioError(31000, "An unknown error has occurred."));
  await tick(150);
  device.emit("error", sdk.twilioError(31005, "A connection error occurred during the call"));
  await tick(150);
  assert.deepEqual(p.events, [
    { kind: "connecting" },
    { kind: "failed", reason: "A connection error occurred during the call", code: 31005 },
  ]);
  // The device is dropped (no retrying in the background); the next call makes a new one.
  assert.equal(device.destroyed, true);
  p.phone.call("+14155550199", "+14155550101", "");
  await tick();
  assert.equal(sdk.devices.length, 2);
  assert.equal(p.fetched(), 2);
});

test("hanging up while placing ends it, and a call that connects late is let go", async () => {
  const p = phone();
  const placing = p.phone.call("+14155550199", "+14155550101", "");
  await tick();
  p.phone.hangup();
  const { call, answer } = sdk.devices[0].connects[0];
  answer();
  await placing;
  assert.equal(call.disconnected, true);
  call.emit("accept", call);
  assert.deepEqual(p.kinds(), ["connecting", "ended"]);
});

test("an error during a call ends it with the reason", async () => {
  const p = phone();
  const placing = p.phone.call("+14155550199", "+14155550101", "");
  await tick();
  const { call, answer } = sdk.devices[0].connects[0];
  answer();
  await placing;
  call.emit("accept", call);
  call.emit("error", sdk.twilioError(31003, "ICE liveliness check failed"));
  assert.deepEqual(p.events.at(-1), { kind: "failed", reason: "ICE liveliness check failed", code: 31003 });
  assert.equal(call.disconnected, true);
  // Its disconnect after the failure isn't a second ending.
  assert.equal(p.kinds().filter((k) => k === "ended").length, 0);
});

test("no token: the call fails with Loquent's reason", async () => {
  const p = phone({ tokens: () => Promise.reject("Connect a Twilio account in Settings → Telephony to call from the browser.") });
  await p.phone.call("+14155550199", "+14155550101", "");
  assert.deepEqual(p.events, [
    { kind: "connecting" },
    { kind: "failed", reason: "Connect a Twilio account in Settings → Telephony to call from the browser.", code: null },
  ]);
  assert.equal(sdk.devices.length, 0);
});

test("a refused connect fails with the SDK's words", async () => {
  const p = phone();
  const placing = p.phone.call("+14155550199", "+14155550101", "");
  await tick();
  sdk.devices[0].connects[0].refuse(sdk.twilioError(31208, "User denied access to microphone."));
  await placing;
  assert.deepEqual(p.events.at(-1), { kind: "failed", reason: "User denied access to microphone.", code: 31208 });
});
