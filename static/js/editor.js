// The rich-text editor of the workspace forms (Trix, served from static/vendor/trix/).
// Loaded after trix.umd.min.js; no inline script is needed, so a strict CSP can forbid them.
(function () {
  "use strict";

  function configure(Trix) {
    // The page title is the only <h1>: the editor's heading button writes <h2>.
    Trix.config.blockAttributes.heading1.tagName = "h2";
  }

  if (window.Trix) {
    configure(window.Trix);
  }
  // Fires for each editor before Trix sets it up: the configuration is in place whatever the load order.
  document.addEventListener("trix-before-initialize", function () {
    configure(window.Trix);
  });

  // No files in the body: images go in the featured image field, documents are attached to the post.
  document.addEventListener("trix-file-accept", function (event) {
    event.preventDefault();
  });
  // Pasted or dropped content can still carry attachments (e.g. an image from another page): drop them.
  document.addEventListener("trix-attachment-add", function (event) {
    event.attachment.remove();
  });
})();
