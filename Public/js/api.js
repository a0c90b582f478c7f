// The JSON API from the screens: cookie login, the CSRF header on every state-changing request, and
// errors as thrown ApiError values carrying the server's {code, message, details}.

const CSRF_COOKIE = "ketupek_csrf";

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code ?? "http_error";
    this.details = body?.error?.details;
    this.requestId = body?.error?.request_id;
  }
}

function csrfToken() {
  return document.cookie.split("; ").find((part) => part.startsWith(`${CSRF_COOKIE}=`))?.split("=")[1] ?? "";
}

/** Calls `method path` with an optional JSON body; resolves to the parsed body or throws ApiError. */
export async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (!["GET", "HEAD"].includes(method)) headers["X-CSRF-Token"] = csrfToken();
  const response = await fetch(path, {
    method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, parsed);
  return parsed;
}

/**
 * Runs `start(me)` once the browser is signed in: at once when it already is, else after the page's sign-in
 * form (#login with #username, #password and #login-error) succeeds. `me` is GET /api/v1/auth/me.
 */
export async function whenSignedIn(t, start) {
  const form = document.getElementById("login");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    let me;
    try {
      await api("POST", "/api/v1/auth/login", {
        username: document.getElementById("username").value, password: document.getElementById("password").value,
      });
      me = await api("GET", "/api/v1/auth/me");
    } catch (error) {
      document.getElementById("login-error").textContent =
        error instanceof ApiError && error.status === 401 ? t("panel.login_failed") : error.message;
      return;
    }
    form.hidden = true;
    await start(me);
  });
  let me;
  try {
    me = await api("GET", "/api/v1/auth/me");
  } catch {
    form.hidden = false;
    return;
  }
  await start(me);
}
