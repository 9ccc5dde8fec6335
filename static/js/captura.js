// Captura de una entrega en el celular: identificador de la captura, punto GPS,
// hora del dispositivo y foto de la persona solo con consentimiento.
// Archivo aparte porque la política de seguridad de contenido prohíbe scripts en línea.
(function () {
  "use strict";
  var formulario = document.getElementById("formulario-captura");
  if (!formulario) {
    return;
  }

  // --- Identificador de la captura: un doble envío devuelve la misma entrega ---
  function nuevoUuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // Fuera de HTTPS o localhost no hay randomUUID: UUID v4 con getRandomValues.
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  var uuid = document.getElementById("uuid-cliente");
  if (uuid && !uuid.value) {
    uuid.value = nuevoUuid();
  }
  var dispositivo = document.getElementById("dispositivo");
  if (dispositivo && !dispositivo.value) {
    dispositivo.value = navigator.userAgent.slice(0, 200);
  }

  // --- Fecha y hora: la del celular al abrir el formulario ---
  function dosDigitos(n) { return (n < 10 ? "0" : "") + n; }
  var fecha = document.getElementById("fecha-entrega");
  if (fecha && formulario.dataset.nuevo === "1") {
    var ahora = new Date();
    fecha.value = ahora.getFullYear() + "-" + dosDigitos(ahora.getMonth() + 1) + "-" + dosDigitos(ahora.getDate()) +
      "T" + dosDigitos(ahora.getHours()) + ":" + dosDigitos(ahora.getMinutes());
  }

  // --- Foto de la persona: solo con su consentimiento ---
  var consentimiento = document.getElementById("consentimiento-foto");
  var bloqueFoto = document.getElementById("bloque-foto-persona");
  function mostrarFotoPersona() {
    if (!consentimiento || !bloqueFoto) { return; }
    bloqueFoto.hidden = !consentimiento.checked;
    if (!consentimiento.checked) {
      var entrada = bloqueFoto.querySelector("input[type=file]");
      if (entrada) { entrada.value = ""; }
    }
  }
  if (consentimiento) {
    consentimiento.addEventListener("change", mostrarFotoPersona);
    mostrarFotoPersona();
  }

  // --- Punto GPS ---
  var estado = document.getElementById("estado-gps");
  var latitud = document.getElementById("latitud");
  var longitud = document.getElementById("longitud");
  var precision = document.getElementById("precision");
  var reintentar = document.getElementById("reintentar-gps");
  var AVISO_SIN_PUNTO = " Puede guardar igual, pero la entrega quedará observada.";

  function mostrarEstado(texto, clase) {
    estado.textContent = texto;
    estado.className = "mensaje " + clase;
  }

  function ubicacionObtenida(posicion) {
    latitud.value = posicion.coords.latitude.toFixed(6);
    longitud.value = posicion.coords.longitude.toFixed(6);
    precision.value = Math.round(posicion.coords.accuracy);
    mostrarEstado("Ubicación obtenida (± " + precision.value + " m).", "success");
  }

  function ubicacionFallida(error) {
    latitud.value = "";
    longitud.value = "";
    precision.value = "";
    var motivos = {
      1: "No se dio permiso para usar la ubicación.",
      2: "El celular no pudo determinar la ubicación.",
      3: "La ubicación tardó demasiado."
    };
    mostrarEstado((motivos[error.code] || "No se pudo obtener la ubicación.") + AVISO_SIN_PUNTO, "warning");
  }

  function pedirUbicacion() {
    if (!("geolocation" in navigator)) {
      mostrarEstado("Este navegador no da la ubicación." + AVISO_SIN_PUNTO, "warning");
      return;
    }
    mostrarEstado("Obteniendo la ubicación…", "");
    navigator.geolocation.getCurrentPosition(ubicacionObtenida, ubicacionFallida, {
      enableHighAccuracy: true, timeout: 20000, maximumAge: 60000
    });
  }

  if (estado && latitud && longitud && precision) {
    if (reintentar) { reintentar.addEventListener("click", pedirUbicacion); }
    if (latitud.value) {
      mostrarEstado("Ubicación obtenida (± " + (precision.value || "?") + " m).", "success");
    } else {
      pedirUbicacion();
    }
  }

  // --- Envío: un solo toque ---
  formulario.addEventListener("submit", function () {
    var boton = document.getElementById("guardar");
    if (boton) {
      boton.disabled = true;
      boton.textContent = "Guardando…";
    }
  });
})();
