mod buy;
mod import;
mod search;
mod settings;
