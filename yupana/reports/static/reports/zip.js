// Bulk ZIP download with a progress bar: the server streams the archive and sends the number of
// documents and an estimate of its size; we count the bytes as they arrive.
(function () {
  "use strict";
  document.addEventListener("click", async function (event) {
    const link = event.target.closest("a[data-zip]");
    if (!link || !window.fetch || !window.ReadableStream) return;  // old browsers: plain download
    event.preventDefault();
    const bar = document.querySelector("[data-zip-progress]");
    const status = document.querySelector("[data-zip-status]");
    bar.hidden = false; bar.value = 0;
    status.textContent = "Preparando el ZIP…";
    try {
      const response = await fetch(link.href, { credentials: "same-origin" });
      if (!response.ok) throw new Error("HTTP " + response.status);
      const count = Number(response.headers.get("X-Yupana-Documents") || 0);
      const estimate = Number(response.headers.get("X-Yupana-Estimate") || 0);
      const reader = response.body.getReader();
      const parts = [];
      let received = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value); received += value.length;
        const share = estimate ? Math.min(99, Math.round(100 * received / estimate)) : 50;
        bar.value = share;
        status.textContent = count + " comprobantes · " + Math.round(received / 1024) + " KB (" + share + " %)";
      }
      bar.value = 100;
      const name = (response.headers.get("Content-Disposition") || "").split('filename="')[1] || "comprobantes.zip\"";
      const url = URL.createObjectURL(new Blob(parts, { type: "application/zip" }));
      const anchor = document.createElement("a");
      anchor.href = url; anchor.download = name.replace(/"$/, "");
      document.body.appendChild(anchor); anchor.click(); anchor.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      status.textContent = "Listo: " + count + " comprobantes descargados.";
    } catch (error) {
      status.textContent = "No se pudo descargar el ZIP (" + error.message + "). Intente de nuevo o acote las fechas.";
    }
  });
})();
