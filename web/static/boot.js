// Starts the wasm app; if it can't load, the splash says so instead of spinning forever.
import init from "/loquent_web.js";

init({ module_or_path: "/loquent_web_bg.wasm" }).catch((error) => {
  console.error("Loquent failed to start", error);
  document.getElementById("boot")?.classList.add("boot-failed");
});
