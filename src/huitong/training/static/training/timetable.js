// Progressive enhancement of the timetable for anonymous visitors: the server does not
// know their time zone, so point the "Show your time" link at the browser's zone
// (?tz=<IANA zone>) and show that zone's name in it. No text here: the words come from
// the server, translated.
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!zone) {
    return;
  }
  document.querySelectorAll("a[data-browser-zone]").forEach(function (link) {
    var url = new URL(link.href, window.location.href);
    url.searchParams.set("tz", zone);
    link.href = url.toString();
    link.querySelectorAll(".zone-name").forEach(function (name) {
      name.textContent = zone;
    });
    link.hidden = zone === link.getAttribute("data-edition-zone");
  });
})();
