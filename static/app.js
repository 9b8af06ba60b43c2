// The app's only script besides htmx: small progressive enhancements, nothing a form needs to work.
// Loaded as a file (the CSP forbids inline scripts).
(function () {
  "use strict";

  // Time zone selects marked data-browser-timezone start at the device's zone, if the server left the default.
  function preselectBrowserTimeZone(root) {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    if (!zone) return;
    root.querySelectorAll("select[data-browser-timezone]").forEach(function (select) {
      if (select.value && select.value !== "UTC") return;
      var found = Array.prototype.some.call(select.options, function (o) { return o.value === zone; });
      if (!found) select.add(new Option(zone, zone));
      select.value = zone;
    });
  }

  // Range sliders show their value as it moves (the <output> named by data-live-value).
  function liveValues(root) {
    root.querySelectorAll("input[data-live-value]").forEach(function (input) {
      var out = document.getElementById(input.getAttribute("data-live-value"));
      if (!out || input.getAttribute("data-live-bound")) return;
      input.setAttribute("data-live-bound", "1");
      input.addEventListener("input", function () { out.value = input.value; out.textContent = input.value; });
    });
  }

  // A phase select (data-phases-of="programId") offers only the chosen program's group of phases.
  function phasesFollowProgram(root) {
    root.querySelectorAll("select[data-phases-of]").forEach(function (phases) {
      var program = document.getElementById(phases.getAttribute("data-phases-of"));
      if (!program || phases.getAttribute("data-phases-bound")) return;
      phases.setAttribute("data-phases-bound", "1");
      function show() {
        Array.prototype.forEach.call(phases.querySelectorAll("optgroup"), function (group) {
          var mine = group.getAttribute("data-program") === program.value;
          group.hidden = !mine;
          group.disabled = !mine;
        });
        var chosen = phases.options[phases.selectedIndex];
        if (chosen && chosen.parentElement && chosen.parentElement.disabled) phases.value = "";
      }
      program.addEventListener("change", show);
      show();
    });
  }

  // A tap on bad wifi must show it was heard: a form's buttons say "Saving…" and stay disabled until the
  // answer is in (no second submit). When the connection drops or the server fails, the form says so in
  // place and offers to send it again; the server's answer is never a blank or a swapped-in error page.
  function formOf(evt) {
    var elt = evt.target;
    return elt && elt.closest ? elt.closest("form") : null;
  }
  function isWrite(evt) {
    var ctx = evt.detail && evt.detail.ctx;
    return ctx && ctx.request && ctx.request.method && ctx.request.method !== "GET";
  }
  function clearProblem(form) {
    var next = form.nextElementSibling;
    if (next && next.classList.contains("request-problem")) next.remove();
  }
  function showProblem(form, text, final) {
    if (!form || !form.isConnected) return;
    clearProblem(form);
    var box = document.createElement("p");
    box.className = "request-problem";
    box.setAttribute("role", "alert");
    box.textContent = text + " ";
    if (final) return form.insertAdjacentElement("afterend", box);
    var retry = document.createElement("button");
    retry.type = "button";
    retry.textContent = "Try again";
    retry.addEventListener("click", function () { box.remove(); form.requestSubmit(); });
    box.appendChild(retry);
    form.insertAdjacentElement("afterend", box);
  }
  document.addEventListener("htmx:before:request", function (evt) {
    var form = formOf(evt);
    if (!form || !isWrite(evt)) return;
    clearProblem(form);
    form.setAttribute("aria-busy", "true");
    form.querySelectorAll("button").forEach(function (button) {
      if (button.type === "button") return;
      button.setAttribute("data-idle-label", button.innerHTML);
      button.disabled = true;
      button.textContent = "Saving…";
    });
  });
  document.addEventListener("htmx:finally:request", function (evt) {
    var form = formOf(evt);
    if (!form) return;
    form.removeAttribute("aria-busy");
    form.querySelectorAll("button[data-idle-label]").forEach(function (button) {
      button.innerHTML = button.getAttribute("data-idle-label");
      button.removeAttribute("data-idle-label");
      button.disabled = false;
    });
  });
  document.addEventListener("htmx:error", function (evt) {
    if (isWrite(evt)) showProblem(formOf(evt), "Not saved: the connection dropped.");
  });
  document.addEventListener("htmx:response:error", function (evt) {
    var ctx = evt.detail && evt.detail.ctx;
    if (ctx && ctx.response && ctx.response.status >= 500) showProblem(formOf(evt), "Not saved: something went wrong on our side.");
    if (ctx && ctx.response && ctx.response.status === 402) showProblem(formOf(evt), "Not saved: the subscription has lapsed. Renew it in Settings → Billing; everything stays readable.", true);
  });

  // The wide week grid: a click on a free spot of a day opens the booking form at that hour.
  document.addEventListener("click", function (evt) {
    var day = evt.target.closest && evt.target.closest("ol.week > li[data-day]");
    if (!day || evt.target.closest("a, button") || !matchMedia("(min-width: 60rem)").matches) return;
    var hours = document.querySelectorAll(".hours-col span");
    for (var i = hours.length - 1; i >= 0; i--) {
      if (evt.clientY >= hours[i].getBoundingClientRect().top) {
        location.href = "/sessions/new?start=" + day.getAttribute("data-day") + "T" + hours[i].textContent;
        return;
      }
    }
  });

  function onLoad(root) { preselectBrowserTimeZone(root); liveValues(root); phasesFollowProgram(root); }

  if (window.htmx && window.htmx.onLoad) window.htmx.onLoad(onLoad);
  // htmx may have processed the page before this deferred script ran (it starts on a timer once the
  // document is parsed), so the page that is already here is handled too; handling twice is harmless.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { onLoad(document); });
  else onLoad(document);
})();
