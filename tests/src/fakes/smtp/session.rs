//! One SMTP conversation as RFC 5321 has it, without sockets: each line the client sends goes
//! in, the server's reply lines come out. Strict like a real server: commands out of order get
//! 503, unknown ones 500, bad arguments 501/555, lines must end in CRLF and keep to the RFC's
//! lengths, and a message arrives only after EHLO/HELO, (AUTH when required,) MAIL, RCPT, DATA.

use super::auth::{AuthConfig, AuthExchange, AuthStep};
use super::{Received, Refusal};

/// RFC 5321 4.5.3.1.4: a command line is at most 512 octets with its CRLF.
const MAX_COMMAND_LINE: usize = 512;
/// RFC 5321 4.5.3.1.6: a text line is at most 1000 octets with its CRLF.
const MAX_TEXT_LINE: usize = 1000;

pub const HOSTNAME: &str = "smtp.fake.loquent.test";

/// What the session does after a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Nothing to answer (a line of the message being received).
    Nothing,
    /// Reply lines (`250-…` continuation lines, then the last `250 …`).
    Reply(Vec<String>),
    /// A reply, then the server closes the connection.
    Close(Vec<String>),
    /// A message was received and accepted with this reply.
    Delivered(Received, Vec<String>),
}

fn reply(line: impl Into<String>) -> Output {
    Output::Reply(vec![line.into()])
}

#[derive(Debug)]
enum State {
    /// Greeted; waiting for EHLO or HELO.
    Connected,
    /// Between transactions.
    Ready,
    /// In an AUTH exchange.
    Auth(AuthExchange),
    /// After MAIL FROM.
    Mail { from: String },
    /// After at least one accepted RCPT TO.
    Rcpt { from: String, to: Vec<String> },
    /// Receiving the message, until a lone `.`.
    Data { from: String, to: Vec<String>, data: Vec<u8>, fault: Option<&'static str> },
}

pub struct Session {
    state: State,
    /// EHLO (not HELO) was said: service extensions may be used.
    extended: bool,
    auth: Option<AuthConfig>,
    authenticated_as: Option<String>,
    refusal: Option<Refusal>,
}

impl Session {
    /// A session for a server that requires `auth` (when given) and refuses recipients as
    /// `refusal` says (when given).
    pub fn new(auth: Option<AuthConfig>, refusal: Option<Refusal>) -> Session {
        Session { state: State::Connected, extended: false, auth, authenticated_as: None, refusal }
    }

    pub fn greeting() -> String {
        format!("220 {HOSTNAME} ESMTP ready")
    }

    /// Handles one line as received, with its line ending (or without one, when the client
    /// sent a bare LF or the connection ended mid-line).
    pub fn line(&mut self, raw: &[u8]) -> Output {
        let crlf = raw.ends_with(b"\r\n");
        if let State::Data { .. } = self.state {
            return self.data_line(raw, crlf);
        }
        if !crlf {
            return reply("500 5.5.2 Error: lines must end with <CR><LF>");
        }
        if raw.len() > MAX_COMMAND_LINE {
            return reply("500 5.5.6 Error: line too long");
        }
        let Ok(line) = std::str::from_utf8(&raw[..raw.len() - 2]) else {
            return reply("500 5.5.2 Error: bad UTF-8 in command");
        };
        if let State::Auth(exchange) = &mut self.state {
            let step = exchange.respond(line);
            return self.after_auth_step(step);
        }
        let (verb, args) = match line.split_once(' ') {
            Some((verb, args)) => (verb.to_ascii_uppercase(), args.trim()),
            None => (line.to_ascii_uppercase(), ""),
        };
        match verb.as_str() {
            "EHLO" => self.ehlo(args),
            "HELO" => self.helo(args),
            "AUTH" => self.auth(args),
            "MAIL" => self.mail(args),
            "RCPT" => self.rcpt(args),
            "DATA" => self.data(args),
            "RSET" => {
                if !matches!(self.state, State::Connected) {
                    self.state = State::Ready;
                }
                reply("250 2.0.0 Ok")
            }
            "NOOP" => reply("250 2.0.0 Ok"),
            "QUIT" => Output::Close(vec!["221 2.0.0 Bye".into()]),
            "STARTTLS" | "VRFY" | "EXPN" | "HELP" | "BDAT" => {
                reply("502 5.5.1 Error: command not implemented")
            }
            _ => reply("500 5.5.2 Error: command not recognized"),
        }
    }

    fn ehlo(&mut self, domain: &str) -> Output {
        if domain.is_empty() || domain.contains(' ') {
            return reply("501 5.5.4 Syntax: EHLO hostname");
        }
        self.state = State::Ready;
        self.extended = true;
        let mut lines = vec![format!("250-{HOSTNAME} greets {domain}"), "250-8BITMIME".into()];
        if let Some(auth) = &self.auth {
            lines.push(format!("250-AUTH {}", auth.advertised()));
        }
        lines.push("250 ENHANCEDSTATUSCODES".into());
        Output::Reply(lines)
    }

    fn helo(&mut self, domain: &str) -> Output {
        if domain.is_empty() || domain.contains(' ') {
            return reply("501 5.5.4 Syntax: HELO hostname");
        }
        self.state = State::Ready;
        self.extended = false;
        reply(format!("250 {HOSTNAME}"))
    }

    fn auth(&mut self, args: &str) -> Output {
        match self.state {
            State::Connected => return reply("503 5.5.1 Error: send EHLO first"),
            State::Ready => {}
            _ => return reply("503 5.5.1 Error: MAIL transaction in progress"),
        }
        let Some(config) = self.auth.clone().filter(|_| self.extended) else {
            return reply("503 5.5.1 Error: authentication not enabled");
        };
        if self.authenticated_as.is_some() {
            return reply("503 5.5.1 Error: already authenticated");
        }
        let (mechanism, initial) = match args.split_once(' ') {
            Some((m, initial)) => (m, Some(initial)),
            None => (args, None),
        };
        match AuthExchange::start(config, mechanism, initial) {
            Ok((exchange, step)) => {
                self.state = State::Auth(exchange);
                self.after_auth_step(step)
            }
            Err(line) => reply(line),
        }
    }

    fn after_auth_step(&mut self, step: AuthStep) -> Output {
        match step {
            AuthStep::Challenge(line) => reply(line),
            AuthStep::Done(Ok(user)) => {
                self.state = State::Ready;
                self.authenticated_as = Some(user);
                reply("235 2.7.0 Authentication successful")
            }
            AuthStep::Done(Err(line)) => {
                self.state = State::Ready;
                reply(line)
            }
        }
    }

    fn mail(&mut self, args: &str) -> Output {
        match self.state {
            State::Connected => return reply("503 5.5.1 Error: send HELO/EHLO first"),
            State::Ready => {}
            _ => return reply("503 5.5.1 Error: nested MAIL command"),
        }
        if self.auth.is_some() && self.authenticated_as.is_none() {
            return reply("530 5.7.0 Authentication required");
        }
        let Some((from, params)) = path_argument(args, "FROM:") else {
            return reply("501 5.5.4 Syntax: MAIL FROM:<address>");
        };
        if !(from.is_empty() || is_mailbox(&from)) {
            return reply("501 5.1.7 Bad sender address syntax");
        }
        for param in params.split_whitespace() {
            let known = self.extended
                && matches!(param.to_ascii_uppercase().as_str(), "BODY=7BIT" | "BODY=8BITMIME");
            if !known {
                return reply(format!("555 5.5.4 Unsupported option: {param}"));
            }
        }
        self.state = State::Mail { from };
        reply("250 2.1.0 Ok")
    }

    fn rcpt(&mut self, args: &str) -> Output {
        let (from, mut to) = match std::mem::replace(&mut self.state, State::Ready) {
            State::Mail { from } => (from, Vec::new()),
            State::Rcpt { from, to } => (from, to),
            other => {
                self.state = other;
                return reply("503 5.5.1 Error: need MAIL command");
            }
        };
        let restore = |to: Vec<String>| {
            if to.is_empty() {
                State::Mail { from: from.clone() }
            } else {
                State::Rcpt { from: from.clone(), to }
            }
        };
        let Some((address, params)) = path_argument(args, "TO:") else {
            self.state = restore(to);
            return reply("501 5.5.4 Syntax: RCPT TO:<address>");
        };
        if !is_mailbox(&address) {
            self.state = restore(to);
            return reply("501 5.1.3 Bad recipient address syntax");
        }
        if !params.is_empty() {
            self.state = restore(to);
            return reply(format!("555 5.5.4 Unsupported option: {params}"));
        }
        if let Some(refusal) = &self.refusal {
            self.state = restore(to);
            return reply(refusal.reply.clone());
        }
        to.push(address);
        self.state = State::Rcpt { from, to };
        reply("250 2.1.5 Ok")
    }

    fn data(&mut self, args: &str) -> Output {
        match std::mem::replace(&mut self.state, State::Ready) {
            State::Rcpt { from, to } if args.is_empty() => {
                self.state = State::Data { from, to, data: Vec::new(), fault: None };
                reply("354 End data with <CR><LF>.<CR><LF>")
            }
            state @ State::Rcpt { .. } => {
                self.state = state;
                reply("501 5.5.4 Syntax: DATA")
            }
            state @ State::Mail { .. } => {
                self.state = state;
                reply("554 5.5.1 Error: no valid recipients")
            }
            other => {
                self.state = other;
                reply("503 5.5.1 Error: need RCPT command")
            }
        }
    }

    /// A line of the message: `.` alone ends it; a leading dot the client doubled is removed
    /// (RFC 5321 4.5.2).
    fn data_line(&mut self, raw: &[u8], crlf: bool) -> Output {
        let State::Data { data, fault, .. } = &mut self.state else {
            return Output::Nothing;
        };
        if raw == b".\r\n" {
            let State::Data { from, to, data, fault } =
                std::mem::replace(&mut self.state, State::Ready)
            else {
                return Output::Nothing;
            };
            if let Some(fault) = fault {
                return reply(fault);
            }
            let received = Received {
                mail_from: from,
                rcpt_to: to,
                data,
                authenticated_as: self.authenticated_as.clone(),
            };
            return Output::Delivered(received, vec!["250 2.0.0 Ok: queued".into()]);
        }
        if !crlf {
            fault.get_or_insert("554 5.6.0 Error: bare <LF> in message");
        } else if raw.len() > MAX_TEXT_LINE {
            fault.get_or_insert("554 5.5.6 Error: message line too long");
        }
        let unstuffed = if raw.starts_with(b".") { &raw[1..] } else { raw };
        data.extend_from_slice(unstuffed);
        Output::Nothing
    }
}

/// `FROM:<a@b> PARAMS` → (`a@b`, `PARAMS`); `None` unless the path is in angle brackets right
/// after the keyword (RFC 5321 4.1.1.2: no space after the colon).
fn path_argument(args: &str, keyword: &str) -> Option<(String, String)> {
    let head = args.get(..keyword.len())?;
    if !head.eq_ignore_ascii_case(keyword) {
        return None;
    }
    let rest = args[keyword.len()..].strip_prefix('<')?;
    let (path, params) = rest.split_once('>')?;
    if !(params.is_empty() || params.starts_with(' ')) {
        return None;
    }
    Some((path.to_string(), params.trim().to_string()))
}

/// `local@domain`, both parts present and printable, no spaces.
fn is_mailbox(address: &str) -> bool {
    match address.rsplit_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && address.chars().all(|c| c.is_ascii_graphic() || !c.is_ascii())
        }
        None => false,
    }
}
