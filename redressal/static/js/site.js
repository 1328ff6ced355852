// Progressive enhancement only: every link works without this file.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-copy]");
  if (!link || !navigator.clipboard) return;
  event.preventDefault();
  // The link's full address, whichever host the page was served from.
  navigator.clipboard.writeText(link.href).then(() => {
    const label = link.textContent;
    link.textContent = "Link copied";
    link.setAttribute("aria-live", "polite");
    setTimeout(() => { link.textContent = label; }, 2000);
  });
});
