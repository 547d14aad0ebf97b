// The lesson page's video: resume where the learner left off, and tell the server how
// far they have watched (every 15 seconds, on pause and at the end) so that the lesson is
// marked complete once the video is watched to the end.
document.addEventListener("DOMContentLoaded", function () {
  var video = document.getElementById("lesson-video");
  if (!video || !video.dataset.progressUrl) { return; }
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  var start = parseFloat(video.dataset.position || "0");
  var lastSent = 0;

  video.addEventListener("loadedmetadata", function () {
    if (start > 0 && start < video.duration - 2) { video.currentTime = start; }
  });

  function send() {
    if (!video.duration || !isFinite(video.duration)) { return; }
    lastSent = Date.now();
    var body = new URLSearchParams();
    body.set("position", String(video.currentTime));
    body.set("duration", String(video.duration));
    fetch(video.dataset.progressUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" },
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      var note = document.getElementById("video-note");
      if (data && data.completed && note) { note.textContent = "✓"; note.className = "done-note"; }
    }).catch(function () { /* the next report will try again */ });
  }

  video.addEventListener("timeupdate", function () {
    if (Date.now() - lastSent > 15000) { send(); }
  });
  video.addEventListener("pause", send);
  video.addEventListener("ended", send);
});
