// Progressive enhancement hooks. The language switcher submits with its button (a
// select that submits on change would switch language on every arrow key press).
document.addEventListener("DOMContentLoaded", function () {
  var zone = document.getElementById("id_time_zone");
  if (zone && !zone.dataset.touched && zone.value === "UTC" && window.Intl) {
    var guess = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (guess && zone.querySelector('option[value="' + guess + '"]')) { zone.value = guess; }
  }
});
