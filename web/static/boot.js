// Starts the wasm app; if it can't load, the splash says so instead of spinning forever.
import init from "/loquent_web.js";

init({ module_or_path: "/loquent_web_bg.wasm" }).catch((error) => {
  console.error("Loquent failed to start", error);
  document.getElementById("boot")?.classList.add("boot-failed");
});

// The crash screen's Reload button. After a panic the wasm can run nothing more, and the
// Content-Security-Policy allows no inline `onclick`: this listener, outside the wasm, reloads.
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-reload]")) {
    location.reload();
  }
});
