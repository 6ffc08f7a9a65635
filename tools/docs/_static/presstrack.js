// ?at=ID writes where element ID lies on the page (pixels from the top) into <body data-at-top>, for the docs
// check's screenshots of a figure (headless Chromium paints nothing on a scrolled page, so it shoots from the top)
window.addEventListener('load', () => {
  const id = new URLSearchParams(window.location.search).get('at');
  const el = id && document.getElementById(id);
  if (el) document.body.dataset.atTop = Math.round(el.getBoundingClientRect().top + window.scrollY);
});
