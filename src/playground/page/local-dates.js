/*
 * Slack's <!date^…> tokens, shown in the viewer's own time zone and locale, as Slack's clients do.
 * The server leaves <time class="mk-date" data-ts data-format> with the fallback text; this fills it in.
 */
(function (root) {
  'use strict';

  function dayStart(date) {
    return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  }

  /** 'today', 'yesterday' or 'tomorrow' when the date is one of those, else null. */
  function relativeDay(date, now) {
    const days = Math.round((dayStart(date) - dayStart(now)) / 86400000);
    return days === 0 ? 'today' : days === -1 ? 'yesterday' : days === 1 ? 'tomorrow' : null;
  }

  function formatted(date, options) {
    return new Intl.DateTimeFormat(undefined, options).format(date);
  }

  function ago(date, now) {
    const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
    const units = [['year', 31536000], ['month', 2592000], ['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];
    const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
    for (const [unit, size] of units) {
      if (Math.abs(seconds) >= size || unit === 'second') return format.format(Math.round(seconds / size), unit);
    }
    return '';
  }

  const LONG = { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' };
  const MEDIUM = { month: 'long', day: 'numeric', year: 'numeric' };
  const SHORT = { month: 'short', day: 'numeric', year: 'numeric' };

  const TOKENS = {
    date_num: (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`,
    date_slash: (d) => formatted(d, { year: 'numeric', month: '2-digit', day: '2-digit' }),
    date: (d) => formatted(d, MEDIUM),
    date_short: (d) => formatted(d, SHORT),
    date_long: (d) => formatted(d, LONG),
    date_pretty: (d, now) => relativeDay(d, now) || formatted(d, MEDIUM),
    date_short_pretty: (d, now) => relativeDay(d, now) || formatted(d, SHORT),
    date_long_pretty: (d, now) => relativeDay(d, now) || formatted(d, LONG),
    day_divider_pretty: (d, now) => {
      const day = relativeDay(d, now);
      return day ? day[0].toUpperCase() + day.slice(1) : formatted(d, { weekday: 'long', month: 'long', day: 'numeric' });
    },
    time: (d) => formatted(d, { hour: 'numeric', minute: '2-digit' }),
    time_secs: (d) => formatted(d, { hour: 'numeric', minute: '2-digit', second: '2-digit' }),
    ago: (d, now) => ago(d, now),
  };

  /** Replaces each {token} of a Slack date format; unknown tokens stay as written. */
  function formatSlackDate(seconds, format, now) {
    const date = new Date(Number(seconds) * 1000);
    return String(format).replace(/\{([a-z_]+)\}/g, (whole, token) => (TOKENS[token] ? TOKENS[token](date, now || new Date()) : whole));
  }

  /** Fills in every <time class="mk-date"> under `element` not done yet. */
  function localizeDates(element) {
    const now = new Date();
    for (const time of element.querySelectorAll('time.mk-date:not([data-local])')) {
      time.textContent = formatSlackDate(time.dataset.ts, time.dataset.format, now);
      time.dateTime = new Date(Number(time.dataset.ts) * 1000).toISOString();
      time.dataset.local = 'true';
    }
  }

  root.PlaygroundDates = { formatSlackDate, localizeDates, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone };
})(window);
