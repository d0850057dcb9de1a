// Live check of each official's votes against the number present. The server checks
// the same rules; this only warns earlier.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("[data-testid=meeting-form]");
  if (!form) return;
  var present = form.querySelector("input[name=present]");
  function update() {
    var limit = parseInt(present.value, 10);
    form.querySelectorAll("tr.tally-row").forEach(function (row) {
      var total = 0;
      row.querySelectorAll("input.count").forEach(function (input) {
        var value = parseInt(input.value, 10);
        if (!isNaN(value)) total += value;
      });
      var out = row.querySelector(".tally-total");
      var over = !isNaN(limit) && total > limit;
      out.textContent = isNaN(limit) ? String(total) : total + " / " + limit;
      row.classList.toggle("over", over);
      out.setAttribute("title", over ? form.dataset.overMessage || "" : "");
    });
  }
  form.addEventListener("input", update);
  update();
});
