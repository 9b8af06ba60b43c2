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

  function onLoad(root) { preselectBrowserTimeZone(root); liveValues(root); phasesFollowProgram(root); }

  if (window.htmx && window.htmx.onLoad) window.htmx.onLoad(onLoad);
  // htmx may have processed the page before this deferred script ran (it starts on a timer once the
  // document is parsed), so the page that is already here is handled too; handling twice is harmless.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { onLoad(document); });
  else onLoad(document);
})();
