// funnel.js - progressive enhancement for the funnel's pages.
//
// Every form works without this file.  With it:
//  - supporting an idea posts the same form with fetch (asking for JSON)
//    and updates the button and the count without a reload;
//  - while the title of a new idea is typed, similar ideas are suggested
//    (GET /ideas/similar, JSON), built with textContent only.
(function () {
  'use strict';

  function formatNumber(n) {
    try {
      return new Intl.NumberFormat(document.documentElement.lang || 'de').format(n);
    } catch (e) {
      return String(n);
    }
  }

  function enhanceSupport(form) {
    var button = form.querySelector('button[type="submit"]');
    var box = form.closest('.support-box') || document;
    var count = box.querySelector('[data-support-count]');
    var status = box.querySelector('[data-support-status]');
    var mine = box.querySelector('[data-support-mine]');
    if (!button || !count) return;
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (button.disabled) return;
      button.disabled = true;
      fetch(form.action, {
        method: 'POST',
        headers: { Accept: 'application/json' },
        body: new URLSearchParams(new FormData(form)),
        credentials: 'same-origin'
      }).then(function (res) {
        return res.json().then(function (data) { return { ok: res.ok, data: data }; });
      }).then(function (r) {
        var old = box.querySelector('#support-error');
        if (old) old.remove();
        if (!r.ok) {
          var p = document.createElement('p');
          p.id = 'support-error';
          p.className = 'field-error';
          p.setAttribute('role', 'alert');
          p.textContent = r.data && r.data.error ? r.data.error.message : '';
          form.parentNode.insertBefore(p, form);
          return;
        }
        count.textContent = formatNumber(r.data.supports);
        button.textContent = r.data.supported ? button.dataset.labelWithdraw : button.dataset.labelAdd;
        if (mine) mine.textContent = r.data.supported ? mine.dataset.text : '';
        if (status) {
          status.textContent = (r.data.supported ? status.dataset.added : status.dataset.withdrawn) +
            ' ' + formatNumber(r.data.supports);
        }
      }).catch(function () {
        // Anything unexpected: fall back to the plain form.
        form.submit();
      }).then(function () {
        button.disabled = false;
      });
    });
  }

  function enhanceSimilar(input) {
    var url = input.dataset.similarUrl;
    var live = document.getElementById('similar-live');
    if (!url || !live) return;
    var timer = 0;
    var last = '';

    function show(items) {
      live.replaceChildren();
      if (!items.length) return;
      var heading = document.createElement('p');
      var strong = document.createElement('strong');
      strong.textContent = live.dataset.heading;
      heading.appendChild(strong);
      var list = document.createElement('ul');
      items.forEach(function (item) {
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = item.url;
        a.lang = item.lang;
        a.textContent = item.title;
        li.appendChild(a);
        li.appendChild(document.createTextNode(' (' + live.dataset.supports + ' ' + formatNumber(item.supports) + ')'));
        list.appendChild(li);
      });
      live.appendChild(heading);
      live.appendChild(list);
    }

    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var title = input.value.trim();
        if (title === last) return;
        last = title;
        if (title.length < 4) {
          show([]);
          return;
        }
        var u = new URL(url, window.location.href);
        u.searchParams.set('title', title);
        fetch(u, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
          .then(function (res) { return res.ok ? res.json() : { items: [] }; })
          .then(function (data) { if (title === last) show(data.items || []); })
          .catch(function () { /* suggestions are a nicety */ });
      }, 300);
    });
  }

  document.querySelectorAll('form[data-support-form]').forEach(enhanceSupport);
  document.querySelectorAll('input[data-similar-url]').forEach(enhanceSimilar);
})();
