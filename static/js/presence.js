// Where a community keeps a roster, the number present is how many names are ticked:
// the present field follows the ticks (the server counts them again on save).
document.addEventListener("DOMContentLoaded", function () {
  var set = document.querySelector("[data-testid=presence]");
  if (!set) return;
  var form = set.closest("form");
  var present = form ? form.querySelector("input[name=present]") : null;
  var boxes = set.querySelectorAll("input[type=checkbox]");
  var count = set.querySelector("[data-testid=presence-count]");
  var toggle = set.querySelector(".presence-all");
  var roll = set.dataset.roll;
  if (present) present.readOnly = true;
  function update() {
    var ticked = 0;
    boxes.forEach(function (box) { if (box.checked) ticked += 1; });
    count.textContent = ticked + " / " + roll;
    if (toggle) toggle.textContent = ticked === boxes.length ? toggle.dataset.labelNone : toggle.dataset.labelAll;
    if (present && present.value !== String(ticked)) {
      present.value = String(ticked);
      present.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }
  set.addEventListener("change", update);
  if (toggle) toggle.addEventListener("click", function () {
    var all = Array.prototype.some.call(boxes, function (box) { return !box.checked; });
    boxes.forEach(function (box) { box.checked = all; });
    update();
  });
  update();
});
