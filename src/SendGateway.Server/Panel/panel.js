// SendGateway panel: its one script, served from this origin only (CSP script-src 'self'). Every page works without
// it; it un-hides the copy buttons and copies the text of the element each names.
for (const button of document.querySelectorAll('button[data-copy]')) {
  button.hidden = false;
  button.addEventListener('click', async () => {
    const source = document.getElementById(button.dataset.copy);
    try {
      await navigator.clipboard.writeText(source.innerText.trim()); // as shown: a list gives one item a line
      button.firstChild.textContent = 'Copied';
    } catch {
      window.getSelection().selectAllChildren(source);
      button.firstChild.textContent = 'Selected: press Ctrl+C for';
    }
  });
}

// Forms marked data-progress (the suppression import) post through XMLHttpRequest so the file's upload shows in the
// <progress> they name; the answer (the page) replaces this one. Should the request fail, the form posts as usual.
for (const form of document.querySelectorAll('form[data-progress]')) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const bar = document.getElementById(form.dataset.progress);
    const label = document.getElementById(form.dataset.progress + '-label');
    bar.hidden = false;
    label.hidden = false;
    const request = new XMLHttpRequest();
    request.open('POST', form.action);
    request.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) {
        bar.max = e.total;
        bar.value = e.loaded;
        label.textContent = e.loaded < e.total ? `Uploading: ${Math.floor(100 * e.loaded / e.total)} %` : 'Uploaded; importing…';
      }
    });
    request.addEventListener('load', () => {
      document.open();
      document.write(request.responseText);
      document.close();
    });
    request.addEventListener('error', () => form.submit());
    request.send(new FormData(form, event.submitter));
  });
}

// Template editors (form[data-live-preview]): a preview as you type. After a pause the form is posted with
// intent=preview (nothing is saved) and the element the form names is swapped for the answer's.
for (const form of document.querySelectorAll('form[data-live-preview]')) {
  let timer;
  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const data = new FormData(form);
      data.set('intent', 'preview');
      const response = await fetch(form.action, { method: 'POST', body: data, credentials: 'same-origin' });
      const fresh = response.ok ? new DOMParser().parseFromString(await response.text(), 'text/html').getElementById(form.dataset.livePreview) : null;
      const current = document.getElementById(form.dataset.livePreview);
      if (fresh && current) {
        current.replaceWith(document.adoptNode(fresh));
      }
    }, 600);
  });
}
