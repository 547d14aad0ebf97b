// Progressive enhancement: the language switcher submits as soon as a language is chosen.
document.addEventListener("DOMContentLoaded", function () {
  var select = document.getElementById("language-select");
  if (!select) { return; }
  select.addEventListener("change", function () { select.form.submit(); });
  var button = select.form.querySelector("button");
  if (button) { button.classList.add("visually-hidden"); }
});
