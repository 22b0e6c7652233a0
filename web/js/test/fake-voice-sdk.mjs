// Stands in for @twilio/voice-sdk in voice.test.mjs: a Device and Calls that do what the SDK's
// do as far as voice.mjs can tell (events, connect's promise), driven by the test.
export const devices = [];

class Emitter {
  constructor() {
    this.listeners = new Map();
  }
  on(event, listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event, ...args) {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

export class Call extends Emitter {
  constructor(params) {
    super();
    this.params = params;
    this.muted = false;
    this.digits = "";
    this.disconnected = false;
  }
  mute(muted) {
    this.muted = muted;
    this.emit("mute", muted, this);
  }
  sendDigits(digits) {
    this.digits += digits;
  }
  disconnect() {
    if (this.disconnected) return;
    this.disconnected = true;
    this.emit("disconnect", this);
  }
}

export class Device extends Emitter {
  constructor(token, options) {
    super();
    this.token = token;
    this.options = options;
    this.destroyed = false;
    this.connects = [];
    devices.push(this);
  }
  /** Resolves when the test calls `answer(i)`, or rejects at `refuse(i, error)`. */
  connect({ params }) {
    return new Promise((resolve, reject) => {
      const call = new Call(params);
      this.connects.push({ params, call, answer: () => resolve(call), refuse: (error) => reject(error) });
    });
  }
  updateToken(token) {
    this.token = token;
  }
  disconnectAll() {
    for (const { call } of this.connects) call.disconnect();
  }
  destroy() {
    this.destroyed = true;
  }
}

/** A TwilioError as the SDK makes them. */
export function twilioError(code, explanation) {
  const error = new Error(`${code}: ${explanation}`);
  error.code = code;
  error.explanation = explanation;
  return error;
}
