// Shows how much of a large return has been uploaded. Without JavaScript the form posts as
// usual; with it, the same form is sent by XMLHttpRequest so its progress can be shown.
const form = document.querySelector("[data-upload-progress]");
if (form) {
  form.addEventListener("submit", (event) => {
    const files = form.querySelector("input[type=file]");
    if (!files || !files.files.length) return; // let the server say what is missing
    event.preventDefault();
    const group = form.querySelector(".app-upload-progress");
    const bar = group.querySelector("progress");
    group.hidden = false;
    const request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) {
        bar.value = Math.round((100 * e.loaded) / e.total);
        bar.textContent = `${bar.value}%`;
      }
    });
    request.addEventListener("load", () => {
      // Accepted: the server redirected to the import's page, which shows its progress.
      if (request.responseURL && request.responseURL !== window.location.href) {
        window.location.assign(request.responseURL);
      } else {
        form.submit(); // refused: send it the ordinary way so the page shows the errors
      }
    });
    request.addEventListener("error", () => form.submit());
    request.send(new FormData(form));
  });
}
