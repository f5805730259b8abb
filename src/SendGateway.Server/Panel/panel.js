// SendGateway panel: its one script, served from this origin only (CSP script-src 'self'). Every page works without
// it; it un-hides the copy buttons and copies the text of the element each names.
for (const button of document.querySelectorAll('button[data-copy]')) {
  button.hidden = false;
  button.addEventListener('click', async () => {
    const source = document.getElementById(button.dataset.copy);
    try {
      await navigator.clipboard.writeText(source.textContent.trim());
      button.firstChild.textContent = 'Copied';
    } catch {
      window.getSelection().selectAllChildren(source);
      button.firstChild.textContent = 'Selected: press Ctrl+C for';
    }
  });
}
