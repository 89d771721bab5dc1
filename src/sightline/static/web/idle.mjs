// The idle timeout warning. The server ends a session SIGHTLINE_IDLE_MINUTES after its last
// request (SESSION_COOKIE_AGE, saved on every request); this module only tells the user first.
//
// base.html gives signed-in pages <body data-idle-minutes data-idle-warning-minutes
// data-keep-alive-url>, a <meta name="csrf-token">, the hidden #idle-warning dialog
// (role="alertdialog") and the hidden #idle-timeout-sign-out form. Pages without them (sign-in)
// do nothing here.
//
// The last request time is shared between tabs through localStorage, so a user busy in one tab
// is not warned or signed out in another. Times are this browser's clock throughout: the page
// is read after the server saved the session, so the deadline here is never before the
// server's.

const STORAGE_KEY = "sightline.idle.lastRequest";
const TICK_MS = 1000;

function readShared() {
  try {
    return Number(window.localStorage.getItem(STORAGE_KEY)) || 0;
  } catch {
    return 0; // storage blocked: this tab keeps its own time
  }
}

function writeShared(time) {
  try {
    window.localStorage.setItem(STORAGE_KEY, String(time));
  } catch {
    // storage blocked: nothing to share
  }
}

function describe(ms) {
  if (ms > 60_000) {
    const minutes = Math.ceil(ms / 60_000);
    return `${minutes} minutes`;
  }
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return seconds === 1 ? "1 second" : `${seconds} seconds`;
}

export function startIdleWarning(doc = document) {
  const body = doc.body;
  const idleMinutes = Number(body.dataset.idleMinutes);
  const warningMinutes = Number(body.dataset.idleWarningMinutes);
  const keepAliveUrl = body.dataset.keepAliveUrl;
  const dialog = doc.getElementById("idle-warning");
  const timeoutForm = doc.getElementById("idle-timeout-sign-out");
  if (!idleMinutes || !keepAliveUrl || !dialog || !timeoutForm) {
    return; // not signed in
  }
  const idleMs = idleMinutes * 60_000;
  const warningMs = warningMinutes * 60_000;
  const countdown = dialog.querySelector("[data-idle-countdown]");
  const error = dialog.querySelector("[data-idle-error]");
  const stay = dialog.querySelector("[data-idle-stay]");
  const csrf = doc.querySelector('meta[name="csrf-token"]');

  let lastRequest = Date.now();
  writeShared(Math.max(lastRequest, readShared()));
  let signingOut = false;
  let timer = 0;

  const isOpen = () => !dialog.hidden;

  function open() {
    if (error) error.hidden = true;
    dialog.hidden = false;
    if (typeof dialog.showModal === "function") {
      dialog.showModal();
    } else {
      dialog.setAttribute("open", "");
    }
    dialog.focus();
  }

  function close() {
    if (typeof dialog.close === "function" && dialog.open) {
      dialog.close();
    } else {
      dialog.removeAttribute("open");
    }
    dialog.hidden = true;
  }

  function signOut() {
    if (signingOut) return;
    signingOut = true;
    window.clearInterval(timer);
    // Back to this page after signing in again.
    const next = timeoutForm.querySelector('input[name="next"]');
    if (next) {
      next.value += `&next=${encodeURIComponent(window.location.pathname + window.location.search)}`;
    }
    doc.dispatchEvent(new Event("sightline:before-sign-out")); // a recording form saves its draft
    timeoutForm.submit();
  }

  function tick() {
    lastRequest = Math.max(lastRequest, readShared());
    const left = lastRequest + idleMs - Date.now();
    if (left <= 0) {
      signOut();
    } else if (left <= warningMs) {
      if (countdown) countdown.textContent = describe(left);
      if (!isOpen()) open();
    } else if (isOpen()) {
      close(); // another tab kept the session alive
    }
  }

  async function stayAlive() {
    let response;
    try {
      response = await fetch(keepAliveUrl, {
        method: "POST",
        headers: { "X-CSRFToken": csrf ? csrf.content : "" },
        credentials: "same-origin",
        redirect: "manual",
        cache: "no-store",
      });
    } catch {
      if (error) error.hidden = false;
      return;
    }
    if (response.status === 204) {
      lastRequest = Math.max(lastRequest, Date.now());
      writeShared(Math.max(lastRequest, readShared()));
      close();
    } else {
      signOut(); // the session has already ended (a redirect to sign in) or was refused
    }
  }

  if (stay) stay.addEventListener("click", stayAlive);
  // Escape means "I'm here": keep the session rather than just hiding the warning.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    stayAlive();
  });
  timer = window.setInterval(tick, TICK_MS);
}
