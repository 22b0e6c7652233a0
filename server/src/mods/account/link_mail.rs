//! The emails of a person's account: a password-reset link, an email-change link to the new
//! address, and a notice to the old one. Pure: what to send. The links put the token in the URL
//! fragment, which browsers never send to a server, so it stays out of logs and `Referer`s.

use crate::mods::mail::html::{escape, page};
use crate::mods::mail::queue::NewMail;
use crate::public_urls::PublicUrls;

pub const PASSWORD_RESET_KIND: &str = "password_reset";
pub const EMAIL_CHANGE_KIND: &str = "email_change";
pub const EMAIL_CHANGE_NOTICE_KIND: &str = "email_change_notice";

/// The web app's page that sets a new password with a reset link's token.
pub fn reset_url(urls: &PublicUrls<'_>, token: &str) -> String {
    format!("{}#token={token}", urls.http("/reset-password"))
}

/// The web app's page that confirms a new email with the link's token.
pub fn confirm_email_url(urls: &PublicUrls<'_>, token: &str) -> String {
    format!("{}#token={token}", urls.http("/confirm-email"))
}

/// To the address that asked: a link to choose a new password, good for an hour, once.
pub fn password_reset(to: &str, url: &str) -> NewMail {
    let text = format!(
        "Someone asked to reset the password of the Loquent login {to}. If it was you, choose a \
         new password here within the hour:\n\n{url}\n\nThe link works once. If it wasn't you, \
         ignore this email: your password stays as it is.\n"
    );
    let html = page(&format!(
        "<p>Someone asked to reset the password of the Loquent login {to}. If it was you, choose \
         a new password within the hour:</p>{button}<p>The link works once. If it wasn't you, \
         ignore this email: your password stays as it is.</p>",
        to = escape(to),
        button = button(url, "Choose a new password"),
    ));
    NewMail {
        kind: PASSWORD_RESET_KIND,
        to: to.to_string(),
        subject: "Reset your Loquent password".into(),
        text,
        html,
    }
}

/// To the new address: opening the link makes it the person's sign-in email.
pub fn email_change(name: &str, old_email: &str, new_email: &str, url: &str) -> NewMail {
    let text = format!(
        "Hello {name},\n\nTo sign in to Loquent with {new_email} instead of {old_email}, open this \
         link within 24 hours:\n\n{url}\n\nUntil then nothing changes. If you didn't ask for \
         this, ignore this email.\n"
    );
    let html = page(&format!(
        "<p>Hello {name},</p><p>To sign in to Loquent with {new} instead of {old}, confirm within \
         24 hours:</p>{button}<p>Until then nothing changes. If you didn't ask for this, ignore \
         this email.</p>",
        name = escape(name),
        new = escape(new_email),
        old = escape(old_email),
        button = button(url, "Confirm my new email"),
    ));
    NewMail {
        kind: EMAIL_CHANGE_KIND,
        to: new_email.to_string(),
        subject: "Confirm your new Loquent email".into(),
        text,
        html,
    }
}

/// To the old address: a change was asked for, so a stolen session can't move the login away
/// unnoticed. No link: nothing here needs doing if it was the person.
pub fn email_change_notice(name: &str, old_email: &str, new_email: &str) -> NewMail {
    let text = format!(
        "Hello {name},\n\nSomeone signed in to your Loquent login asked to change its email from \
         {old_email} to {new_email}. It changes once the link sent to {new_email} is opened.\n\n\
         If this wasn't you, sign in and change your password now.\n"
    );
    let html = page(&format!(
        "<p>Hello {name},</p><p>Someone signed in to your Loquent login asked to change its email \
         from {old} to {new}. It changes once the link sent to {new} is opened.</p><p>If this \
         wasn't you, sign in and change your password now.</p>",
        name = escape(name),
        old = escape(old_email),
        new = escape(new_email),
    ));
    NewMail {
        kind: EMAIL_CHANGE_NOTICE_KIND,
        to: old_email.to_string(),
        subject: "Your Loquent email is changing".into(),
        text,
        html,
    }
}

fn button(url: &str, label: &str) -> String {
    format!(
        "<p><a href=\"{url}\" style=\"display:inline-block;padding:10px 16px;background:#4f46e5;\
         color:#ffffff;border-radius:6px;text-decoration:none\">{label}</a></p><p \
         style=\"color:#6b7280;font-size:13px\">Or paste this address into your browser: \
         {url}</p>",
        url = escape(url),
        label = escape(label),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_carry_the_token_in_the_fragment() {
        let urls = PublicUrls::new("https://app.example.com/");
        assert_eq!(
            reset_url(&urls, "abc.def"),
            "https://app.example.com/reset-password#token=abc.def"
        );
        assert_eq!(
            confirm_email_url(&urls, "abc.def"),
            "https://app.example.com/confirm-email#token=abc.def"
        );
    }

    #[test]
    fn names_and_addresses_are_escaped_in_html() {
        let mail =
            email_change("Tom <b>&</b>", "tom@example.com", "t\"om@example.com", "https://x/y");
        assert!(mail.html.contains("Tom &lt;b&gt;&amp;&lt;/b&gt;"), "{}", mail.html);
        assert!(mail.html.contains("t&quot;om@example.com"));
        assert!(mail.text.contains("Tom <b>&</b>"));
        assert_eq!(mail.to, "t\"om@example.com");
        let notice = email_change_notice("<i>", "a@example.com", "b@example.com");
        assert!(notice.html.contains("&lt;i&gt;") && !notice.html.contains("<i>"));
        assert!(!notice.text.contains("https://"), "the notice carries no link");
    }
}
