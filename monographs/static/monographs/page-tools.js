/* Print and share on a drug page. Progressive enhancement: without this script the print
 * button stays hidden (the browser's own Print still works) and Share is a mailto: link. */
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (item) {
    item.hidden = false;
    item.querySelector("button").addEventListener("click", function () {
      window.print();
    });
  });

  if (!navigator.share) {
    return;
  }
  document.querySelectorAll("a[data-share]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      // A dismissed share sheet rejects the promise: nothing to tell the visitor.
      navigator.share({ title: document.title, url: link.getAttribute("data-share") })
        .catch(function () {});
    });
  });
})();
