// Check-in list: with a script, the check-in and undo buttons post in the background and
// update the row and the count; without one, the forms post and the page comes back.
(function () {
  "use strict";
  var table = document.querySelector("[data-checkin]");
  if (!table || !window.fetch || !window.FormData) { return; }
  var live = document.getElementById("checkin-live");
  var present = document.getElementById("present-count");

  table.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-checkin-form]")) { return; }
    event.preventDefault();
    var button = form.querySelector("button");
    if (button) { button.disabled = true; }
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (answer) {
      if (live) { live.textContent = answer.data.message || ""; }
      if (present && typeof answer.data.present === "number") { present.textContent = answer.data.present; }
      if (!answer.ok) { window.alert(answer.data.message); if (button) { button.disabled = false; } return; }
      // The row shows the server's answer; its undo button comes back with the next load.
      var row = form.closest("tr");
      var cell = form.closest("td");
      var undo = form.action.replace(/\/?$/, "").endsWith("/undo");
      if (undo) {
        row.classList.remove("present");
        cell.textContent = answer.data.message;
      } else {
        row.classList.add("present");
        var mark = document.createElement("span");
        mark.className = "status status-approved";
        mark.textContent = answer.data.message;
        cell.replaceChildren(mark);
      }
    }).catch(function () {
      // Network trouble: fall back to the plain form post.
      form.submit();
    });
  });
})();
