// The console's own behaviour: time-left clocks that tick, and a confirmation before acts that
// cannot be undone. Everything else is plain HTML forms and htmx attributes.
(function () {
  'use strict';
  var serverNow = document.querySelector('meta[name="server-now"]');
  // The server's clock (a test clock in tests) is the truth; the browser's may be off.
  var skew = serverNow ? Date.parse(serverNow.content) - Date.now() : 0;
  var UNITS = [['day', 86400000], ['hour', 3600000], ['minute', 60000]];

  function words(ms) {
    if (ms < 60000) return 'less than a minute';
    var out = [];
    for (var i = 0; i < UNITS.length && out.length < 2; i++) {
      var n = Math.floor(ms / UNITS[i][1]);
      ms -= n * UNITS[i][1];
      if (n > 0) out.push(n + ' ' + UNITS[i][0] + (n === 1 ? '' : 's'));
      else if (out.length > 0) break;
    }
    return out.join(' ');
  }

  function tick() {
    var now = Date.now() + skew;
    document.querySelectorAll('[data-due]').forEach(function (el) {
      var left = Date.parse(el.getAttribute('data-due')) - now;
      var state = left <= 0 ? 'missed' : left <= 6 * 3600000 ? 'urgent' : left <= 24 * 3600000 ? 'warn' : 'ok';
      el.className = 'clock ' + state;
      el.textContent = left <= 0 ? 'overdue by ' + words(-left) : words(left) + ' left';
    });
  }

  document.addEventListener('submit', function (event) {
    var question = event.target.getAttribute && event.target.getAttribute('data-confirm');
    if (question && !window.confirm(question)) event.preventDefault();
  });
  document.addEventListener('DOMContentLoaded', tick);
  document.addEventListener('htmx:afterSwap', tick);
  setInterval(tick, 30000);
})();
