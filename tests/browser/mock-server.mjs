// A stand-in for the Loquent server: serves web/dist with the SPA fallback and answers the
// /api endpoints the web app uses, in memory, following the API contract (cookie session,
// `{"error": {"code", "message"}}` envelope, the same validation messages).
//
// For working on the front end without PostgreSQL, and for running the browser tests where the
// real server isn't available (`npm run test:mock`). The real server remains the reference.
//
//   node mock-server.mjs [--port 8090] [--dist ../../web/dist] [--latency 300]
import { createServer } from "node:http";
import { randomUUID, randomBytes } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".json": "application/json",
};

export function startMockServer({ port = 0, dist = resolve(here, "../../web/dist"), latency = 0 } = {}) {
  const members = new Map(); // email -> { member, organization, password }
  const sessions = new Map(); // token -> email
  const keys = new Map(); // organization id -> [ApiKey]

  const fail = (res, status, code, message) => send(res, status, { error: { code, message } });
  const send = (res, status, body, headers = {}) => {
    const json = body === undefined ? "" : JSON.stringify(body);
    res.writeHead(status, {
      ...(json ? { "content-type": "application/json" } : {}),
      ...headers,
    });
    res.end(json);
  };
  const now = () => new Date().toISOString();
  const validName = (field, v) => {
    const t = (v ?? "").trim();
    if (!t) return [field, "required", "must not be empty"];
    if ([...t].length > 120) return [field, "too_long", "must be at most 120 characters"];
    return null;
  };
  const validEmail = (field, v) => {
    const t = (v ?? "").trim();
    const [local, domain, extra] = t.split("@");
    const ok =
      extra === undefined && local && domain && /^[\p{L}\p{N}.-]+$/u.test(domain) &&
      domain.includes(".") && !domain.startsWith(".") && !domain.endsWith(".") &&
      !domain.includes("..") && !/\s/.test(local);
    return ok ? null : [field, "invalid_email", "must be an email address"];
  };
  const validPassword = (field, v) => {
    const n = [...(v ?? "")].length;
    if (n < 8) return [field, "password_too_short", "must be at least 8 characters"];
    if (n > 256) return [field, "password_too_long", "must be at most 256 characters"];
    return null;
  };
  const invalid = (res, [field, code, message]) => fail(res, 422, code, `${field}: ${message}`);
  const cookieOf = (req) =>
    Object.fromEntries(
      (req.headers.cookie ?? "").split(";").map((c) => c.trim().split("=")).filter((p) => p[0]),
    ).loquent_session;
  const sessionCookie = (token, maxAge = 1209600) =>
    `loquent_session=${token}; HttpOnly; SameSite=Lax; Path=/; Max-Age=${maxAge}`;
  const me = (account) => ({ member: account.member, organization: account.organization });
  const current = (req) => {
    const email = sessions.get(cookieOf(req));
    return email ? members.get(email) : undefined;
  };
  const body = async (req) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    try {
      return JSON.parse(raw || "null");
    } catch {
      return undefined;
    }
  };

  async function api(req, res, path) {
    const method = req.method;
    if (method === "POST" && path === "/api/auth/signup") {
      const b = await body(req);
      if (!b) return fail(res, 400, "invalid_json", "the request body is not valid JSON");
      const problem =
        validName("name", b.name) ?? validEmail("email", b.email) ??
        validPassword("password", b.password) ?? validName("organization_name", b.organization_name);
      if (problem) return invalid(res, problem);
      const email = b.email.trim().toLowerCase();
      if (members.has(email)) {
        return fail(res, 409, "email_taken", "email: an account with this email already exists");
      }
      const organization = { id: randomUUID(), name: b.organization_name.trim(), created_at: now() };
      const member = { id: randomUUID(), name: b.name.trim(), email, role: "owner", created_at: now() };
      members.set(email, { member, organization, password: b.password });
      keys.set(organization.id, []);
      const token = randomBytes(24).toString("hex");
      sessions.set(token, email);
      return send(res, 201, me(members.get(email)), { "set-cookie": sessionCookie(token) });
    }
    if (method === "POST" && path === "/api/auth/login") {
      const b = await body(req);
      if (!b) return fail(res, 400, "invalid_json", "the request body is not valid JSON");
      const account = members.get((b.email ?? "").trim().toLowerCase());
      if (!account || account.password !== b.password) {
        return fail(res, 401, "invalid_credentials", "Email or password is incorrect");
      }
      const token = randomBytes(24).toString("hex");
      sessions.set(token, account.member.email);
      return send(res, 200, me(account), { "set-cookie": sessionCookie(token) });
    }
    const account = current(req);
    if (!account) return fail(res, 401, "unauthenticated", "sign in to continue");
    if (method === "POST" && path === "/api/auth/logout") {
      sessions.delete(cookieOf(req));
      return send(res, 204, undefined, { "set-cookie": sessionCookie("", 0) });
    }
    if (method === "GET" && path === "/api/me") return send(res, 200, me(account));
    const orgKeys = keys.get(account.organization.id);
    if (method === "GET" && path === "/api/api-keys") return send(res, 200, orgKeys);
    if (method === "POST" && path === "/api/api-keys") {
      const b = await body(req);
      if (!b) return fail(res, 400, "invalid_json", "the request body is not valid JSON");
      const problem = validName("name", b.name);
      if (problem) return invalid(res, problem);
      const secret = `lq_${randomBytes(24).toString("hex")}`;
      const apiKey = {
        id: randomUUID(),
        name: b.name.trim(),
        prefix: secret.slice(0, 9),
        created_by: account.member.id,
        created_at: now(),
        last_used_at: null,
      };
      orgKeys.unshift(apiKey);
      return send(res, 201, { api_key: apiKey, secret });
    }
    const del = method === "DELETE" && path.match(/^\/api\/api-keys\/([0-9a-f-]{36})$/);
    if (del) {
      const i = orgKeys.findIndex((k) => k.id === del[1]);
      if (i < 0) return fail(res, 404, "not_found", "api key not found");
      orgKeys.splice(i, 1);
      return send(res, 204);
    }
    return fail(res, 404, "not_found", "route not found");
  }

  async function file(req, res, path) {
    const target = normalize(join(dist, decodeURIComponent(path)));
    let chosen = join(dist, "index.html");
    if (target.startsWith(dist)) {
      const info = await stat(target).catch(() => null);
      if (info?.isFile()) chosen = target;
    }
    const data = await readFile(chosen).catch(() => null);
    if (!data) return send(res, 503, { error: "web/dist is not built: run scripts/build-web.sh" });
    res.writeHead(200, { "content-type": TYPES[extname(chosen)] ?? "application/octet-stream" });
    res.end(data);
  }

  const server = createServer(async (req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    try {
      if (path.startsWith("/api/")) {
        if (latency) await new Promise((r) => setTimeout(r, latency));
        await api(req, res, path);
      } else {
        await file(req, res, path);
      }
    } catch (e) {
      console.error(e);
      fail(res, 500, "internal_error", "Something went wrong on our side.");
    }
  });
  return new Promise((ok) => server.listen(port, "127.0.0.1", () => ok(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { port: { type: "string", default: "8090" }, dist: { type: "string" }, latency: { type: "string", default: "0" } },
  });
  const server = await startMockServer({
    port: Number(values.port),
    dist: values.dist ? resolve(values.dist) : undefined,
    latency: Number(values.latency),
  });
  console.log(`mock Loquent on http://127.0.0.1:${server.address().port}`);
}
