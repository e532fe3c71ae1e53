// After a failed submit, the keyboard and the screen reader start from the error summary
// (the page works without this: the summary is a role="alert" at the top of the form).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  });
})();
