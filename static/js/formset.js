// "Add another" for Django formsets: a button data-formset-add="<prefix>" copies the blank form kept in
// <template id="<prefix>-empty-form"> into [data-formset="<prefix>"] and counts it in TOTAL_FORMS.
// Without JavaScript the button stays hidden and the page always offers one blank row.
document.querySelectorAll("[data-formset-add]").forEach((button) => {
  const prefix = button.dataset.formsetAdd;
  const template = document.getElementById(`${prefix}-empty-form`);
  const list = document.querySelector(`[data-formset="${prefix}"]`);
  const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
  const max = document.getElementById(`id_${prefix}-MAX_NUM_FORMS`);
  if (!template || !list || !total) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", () => {
    const index = Number(total.value);
    if (max && index >= Number(max.value)) {
      return;
    }
    const copy = template.content.cloneNode(true);
    copy.querySelectorAll("[id], [for], [name], [aria-describedby]").forEach((element) => {
      for (const attribute of ["id", "for", "name", "aria-describedby"]) {
        const value = element.getAttribute(attribute);
        if (value) {
          element.setAttribute(attribute, value.replaceAll("__prefix__", String(index)));
        }
      }
    });
    list.appendChild(copy);
    total.value = String(index + 1);
    const added = list.lastElementChild;
    const first = added && added.querySelector("input:not([type=hidden]), select, textarea");
    if (first) {
      first.focus();
    }
  });
});
