mod login;
mod logout;
mod session;
mod signup;
