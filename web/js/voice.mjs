// Loquent's browser phone: Twilio's Voice SDK behind the few calls the dial pad makes.
//
// scripts/build-web.sh bundles this file with the SDK into web/dist/voice.js; the web app
// imports it the first time someone opens the dial pad, so no other page pays for the SDK.
// Everything the SDK reports reaches the app as one kind of event, `{ kind, reason?, code? }`:
//   connecting · ringing · in-call · ended · failed (reason, code) · muted / unmuted
// and the app's `fetchToken()` (a promise of a fresh access token) is asked again before the
// token runs out.
import { Device } from "@twilio/voice-sdk";

/** Words for a Twilio error (its explanation or description, and its code), or for a refusal of
 * the app's own (a string: why no token could be had). */
function words(error) {
  if (typeof error === "string") return { reason: error, code: null };
  if (!error) return { reason: "The call couldn't be placed.", code: null };
  const text = error.explanation || error.description || error.message || String(error);
  return { reason: text, code: typeof error.code === "number" ? error.code : null };
}

// While a call is being placed the SDK may report several errors in a row (a generic 31000, then
// the specific one); the attempt fails with the most specific of those seen in this window.
const SETTLE_MS = 100;

/** The dial pad's phone. `fetchToken()` is a promise of a fresh access token (rejected with the
 * reason in words when there is none); `onEvent` hears every change. The SDK's Device is made on
 * first need (`prepare()` or a call) and dropped after a failed attempt, so a browser that can't
 * reach Twilio doesn't go on retrying in the background; the next call makes a new one. */
export function createPhone({ onEvent, fetchToken }) {
  const emit = (kind, extra = {}) => onEvent({ kind, ...extra });
  let device = null;
  let ready = null;
  // The call in progress, and the attempt being placed (a number: later attempts supersede it).
  let call = null;
  let attempt = 0;
  let placing = null;
  let pending = null;

  const drop = () => {
    const old = device;
    device = null;
    ready = null;
    if (old) old.destroy();
  };
  const fail = (error) => {
    call = null;
    placing = null;
    pending = null;
    drop();
    emit("failed", words(error));
  };
  // An error while placing: wait a moment for a more specific one, then give the attempt up.
  const failPlacing = (error) => {
    if (pending && error?.code === 31000) return;
    const first = pending === null;
    pending = error;
    if (!first) return;
    const mine = placing;
    setTimeout(() => {
      if (placing === mine && pending) fail(pending);
    }, SETTLE_MS);
  };

  const makeDevice = (token) => {
    const made = new Device(token, {
      // The browser asks before leaving the page mid-call.
      closeProtection: "A call is in progress. Leave and hang up?",
      codecPreferences: ["opus", "pcmu"],
      enableImprovedSignalingErrorPrecision: true,
      // Errors reach the person at the dial pad in words; the console stays quiet.
      logLevel: "silent",
    });
    made.on("tokenWillExpire", async () => {
      try {
        const fresh = await fetchToken();
        if (made === device) made.updateToken(fresh);
      } catch (error) {
        // This call goes on until Twilio ends it; the next one asks for a token again.
        if (made === device) emit("token-failed", words(error));
      }
    });
    // A call's own errors come through its "error" event; the device's matter while a call is
    // being placed (the SDK can't reach Twilio, or Twilio refuses the token).
    made.on("error", (error) => {
      if (made === device && placing !== null) failPlacing(error);
    });
    return made;
  };
  const ensureDevice = () => {
    if (!ready) {
      ready = fetchToken().then((token) => {
        device = makeDevice(token);
        return device;
      });
      ready.catch(() => {
        ready = null;
      });
    }
    return ready;
  };

  const follow = (current) => {
    current.on("ringing", () => current === call && emit("ringing"));
    current.on("accept", () => current === call && emit("in-call"));
    current.on("mute", (muted) => current === call && emit(muted ? "muted" : "unmuted"));
    // The first error ends the call: the SDK may go on retrying its connection underneath.
    current.on("error", (error) => {
      if (current !== call) return;
      // Let go first: the SDK's "disconnect" that follows isn't a second ending.
      call = null;
      current.disconnect();
      fail(error);
    });
    const ended = () => {
      if (current !== call) return;
      call = null;
      emit("ended");
    };
    current.on("disconnect", ended);
    current.on("cancel", ended);
    current.on("reject", ended);
  };

  return {
    /** Fetches a token and sets the SDK up, so that the first call starts at once. */
    prepare() {
      return ensureDevice().then(() => undefined);
    },
    /** Places a call; Twilio asks Loquent's /twilio/voice/outbound with these parameters. */
    async call(to, callerId, contactId) {
      const mine = ++attempt;
      placing = mine;
      pending = null;
      emit("connecting");
      const params = { To: to, CallerId: callerId };
      if (contactId) params.ContactId = contactId;
      let placed;
      try {
        const ours = await ensureDevice();
        if (placing !== mine) return;
        placed = await ours.connect({ params });
      } catch (error) {
        if (placing === mine) fail(error);
        return;
      }
      // Given up meanwhile (hung up, or failed): this call isn't wanted any more.
      if (placing !== mine) {
        placed.disconnect();
        return;
      }
      placing = null;
      call = placed;
      follow(placed);
    },
    hangup() {
      const wasPlacing = placing !== null;
      placing = null;
      pending = null;
      if (call) call.disconnect();
      else if (device) device.disconnectAll();
      if (wasPlacing) emit("ended");
    },
    setMuted(muted) {
      if (call) call.mute(muted);
    },
    sendDigits(digits) {
      if (call) call.sendDigits(digits);
    },
    /** Hangs up and lets the SDK go (signing out). */
    destroy() {
      call = null;
      placing = null;
      drop();
    },
  };
}
