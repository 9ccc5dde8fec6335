/*
 * Mapas de entregas con Leaflet (static/vendor/leaflet). Sin scripts en línea:
 * cada contenedor [data-mapa] trae sus datos en atributos data-*.
 *
 * - data-url: GeoJSON de entregas (vista entregas:mapa_datos); o bien
 *   data-punto-lat / data-punto-lon / data-punto-lejano para un solo punto.
 * - data-capital-lat / data-capital-lon / data-capital-nombre: capital del distrito.
 * - data-tiles: plantilla de URL de mosaicos; vacía, el fondo queda en blanco.
 * - data-atribucion: texto de atribución que exige el servidor de mosaicos.
 */
(function () {
  "use strict";

  var COLOR_NORMAL = "#0b4f9c";
  var COLOR_LEJANO = "#d35400";
  var COLOR_CAPITAL = "#1d232b";
  // Vista inicial sin puntos ni capital: todo el Perú.
  var CENTRO_PERU = [-9.19, -75.02];
  var ZOOM_PERU = 5;

  function numero(valor) {
    if (valor === undefined || valor === "") {
      return null;
    }
    var n = parseFloat(valor);
    return isNaN(n) ? null : n;
  }

  function crearMapa(contenedor) {
    var mapa = L.map(contenedor, { scrollWheelZoom: false });
    if (contenedor.dataset.tiles) {
      L.tileLayer(contenedor.dataset.tiles, {
        maxZoom: 19,
        attribution: contenedor.dataset.atribucion || ""
      }).addTo(mapa);
    }
    return mapa;
  }

  function marcarCapital(mapa, contenedor) {
    var lat = numero(contenedor.dataset.capitalLat);
    var lon = numero(contenedor.dataset.capitalLon);
    if (lat === null || lon === null) {
      return null;
    }
    var marca = L.circleMarker([lat, lon], {
      radius: 9, color: COLOR_CAPITAL, weight: 3, fillColor: "#ffffff", fillOpacity: 1
    }).addTo(mapa);
    marca.bindTooltip("Capital: " + (contenedor.dataset.capitalNombre || ""));
    return marca.getLatLng();
  }

  function estiloPunto(lejano) {
    return {
      radius: lejano ? 7 : 5,
      color: lejano ? COLOR_LEJANO : COLOR_NORMAL,
      weight: 1,
      fillColor: lejano ? COLOR_LEJANO : COLOR_NORMAL,
      fillOpacity: 0.8
    };
  }

  // El contenido de la ventana se arma con nodos de texto: ningún dato se interpreta como HTML.
  function ventanaDe(propiedades) {
    var caja = document.createElement("div");
    var enlace = document.createElement("a");
    enlace.href = propiedades.url;
    enlace.textContent = "Entrega " + propiedades.id;
    caja.appendChild(enlace);

    var lineas = [propiedades.fecha, propiedades.tipo_registro, propiedades.estado];
    if (propiedades.lejana) {
      lineas.push("A " + propiedades.distancia_km + " km de la capital del distrito");
    }
    lineas.forEach(function (texto) {
      caja.appendChild(document.createElement("br"));
      caja.appendChild(document.createTextNode(texto));
    });
    return caja;
  }

  function encuadrar(mapa, limites, capital) {
    if (limites.isValid()) {
      mapa.fitBounds(limites.pad(0.1), { maxZoom: 16 });
    } else if (capital) {
      mapa.setView(capital, 13);
    } else {
      mapa.setView(CENTRO_PERU, ZOOM_PERU);
    }
  }

  function mostrarUnPunto(mapa, contenedor, capital) {
    var lat = numero(contenedor.dataset.puntoLat);
    var lon = numero(contenedor.dataset.puntoLon);
    var limites = L.latLngBounds([]);
    if (lat !== null && lon !== null) {
      L.circleMarker([lat, lon], estiloPunto(contenedor.dataset.puntoLejano === "1")).addTo(mapa);
      limites.extend([lat, lon]);
    }
    if (capital) {
      limites.extend(capital);
    }
    encuadrar(mapa, limites, capital);
  }

  function mostrarPuntos(mapa, contenedor, capital) {
    encuadrar(mapa, L.latLngBounds([]), capital);
    fetch(contenedor.dataset.url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (respuesta) {
        if (!respuesta.ok) {
          throw new Error("HTTP " + respuesta.status);
        }
        return respuesta.json();
      })
      .then(function (datos) {
        var capa = L.geoJSON(datos, {
          pointToLayer: function (punto, latlng) {
            return L.circleMarker(latlng, estiloPunto(punto.properties.lejana));
          },
          onEachFeature: function (punto, marca) {
            marca.bindPopup(ventanaDe(punto.properties));
          }
        }).addTo(mapa);
        var limites = capa.getBounds();
        if (capital) {
          limites.extend(capital);
        }
        encuadrar(mapa, limites, capital);
      })
      .catch(function (error) {
        contenedor.insertAdjacentText("afterend", "No se pudieron cargar los puntos del mapa (" + error.message + "). Recargue la página.");
      });
  }

  function iniciar(contenedor) {
    var mapa = crearMapa(contenedor);
    var capital = marcarCapital(mapa, contenedor);
    if (contenedor.dataset.url) {
      mostrarPuntos(mapa, contenedor, capital);
    } else {
      mostrarUnPunto(mapa, contenedor, capital);
    }
  }

  document.querySelectorAll("[data-mapa]").forEach(iniciar);
})();
