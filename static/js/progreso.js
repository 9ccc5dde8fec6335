// Barra de progreso de una importación: consulta el estado cada segundo y
// recarga la página cuando la revisión o el registro terminan.
(function () {
  "use strict";
  var caja = document.getElementById("progreso");
  if (!caja || caja.dataset.enProceso !== "1") {
    return;
  }
  var barra = document.getElementById("barra");
  var avance = document.getElementById("avance");
  var estadoTexto = document.getElementById("estado-texto");
  var intentos = 0;

  // Miles con espacio fino, como los escribe el servidor (382 440).
  function miles(numero) {
    return String(numero).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
  }

  function consultar() {
    intentos += 1;
    fetch(caja.dataset.url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (respuesta) {
        if (!respuesta.ok) { throw new Error("HTTP " + respuesta.status); }
        return respuesta.json();
      })
      .then(function (datos) {
        estadoTexto.textContent = datos.estado_texto;
        if (barra) { barra.value = datos.porcentaje; barra.textContent = datos.porcentaje + " %"; }
        if (avance) {
          avance.textContent = miles(datos.filas_procesadas) + " de " + miles(datos.total_filas) + " filas revisadas";
        }
        if (datos.en_proceso) {
          setTimeout(consultar, 1000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        // Un corte de red no detiene el seguimiento: reintenta con más espera, hasta 10 minutos.
        if (intentos < 300) { setTimeout(consultar, 2000); }
        else if (estadoTexto) { estadoTexto.textContent = "Sin conexión con el servidor. Recargue la página."; }
      });
  }
  setTimeout(consultar, 500);
})();
