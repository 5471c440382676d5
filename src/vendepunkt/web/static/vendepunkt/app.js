// Vendepunkt: small progressive enhancements; every page works without JavaScript.
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});

// Narrow screens stack a data table's rows (site.css, D84): label each cell with its column's
// header so a stacked cell still says what it is.
function labelTableCells(root) {
  root.querySelectorAll("table.table").forEach((table) => {
    const headerRow = table.querySelector("thead tr:last-child");
    if (!headerRow) return;
    const labels = [];
    headerRow.querySelectorAll("th, td").forEach((cell) => {
      const span = Number(cell.getAttribute("colspan") || 1);
      for (let i = 0; i < span; i += 1) labels.push(cell.textContent.trim());
    });
    table.querySelectorAll("tbody tr").forEach((row) => {
      let column = 0;
      Array.from(row.children).forEach((cell) => {
        if (!cell.hasAttribute("data-label") && column < labels.length) {
          cell.setAttribute("data-label", column === 0 ? "" : labels[column]);
        }
        column += Number(cell.getAttribute("colspan") || 1);
      });
    });
  });
}
document.addEventListener("DOMContentLoaded", () => labelTableCells(document));
document.addEventListener("htmx:afterSettle", () => labelTableCells(document));
