// A referral's deadline: the hint under the choice says the date of the chosen number of
// working days. Each option carries its hint (data-hint), counted on the server.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-deadline-hints]").forEach(function (select) {
    var hint = document.getElementById(select.id + "_helptext");
    if (!hint) return;
    select.addEventListener("change", function () {
      var chosen = select.options[select.selectedIndex];
      if (chosen && chosen.dataset.hint) hint.textContent = chosen.dataset.hint;
    });
  });
});
