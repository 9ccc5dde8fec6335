"""La Content-Security-Policy real del servidor no bloquea nada en las páginas de cada rol.

Chromium dispara `securitypolicyviolation` por cada recurso, script o estilo que la
política bloquea. Un script de inicio, que Playwright inyecta fuera del alcance de la
CSP, guarda esos eventos en `window`. La prueba exige que la lista quede vacía en
cada página HTML que el rol puede abrir según las tablas del barrido de permisos.
"""

import pytest

from tests.conftest import CLAVE, MIRAFLORES, crear_usuario
from tests.navegador.conftest import ingresar
from tests.plataforma.rutas import A, I, O, S, rutas_y_objetos
from usuarios.models import Rol

pytestmark = [pytest.mark.navegador, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("ubigeos")]

RUTAS, OBJETOS = rutas_y_objetos()

ESCUCHAR_VIOLACIONES = """
window.__violaciones = [];
document.addEventListener("securitypolicyviolation", (evento) => {
  window.__violaciones.push(`${evento.violatedDirective} ${evento.blockedURI}`);
});
"""

# (usuario, rol, distrito) de cada rol que ingresa a la web.
ACTORES = [
    ("admin.csp", A, None),
    ("sub.csp", S, MIRAFLORES),
    ("operador.csp", O, MIRAFLORES),
    ("invitado.csp", I, MIRAFLORES),
    ("invitado.nacional.csp", I, None),
]


def _urls_del_rol(rol, distrito, usuario) -> list[str]:
    """URLs GET que el rol abre según las tablas de rutas; los objetos se crean en Miraflores."""
    from django.urls import reverse

    urls, objetos = [reverse("inicio")], {}
    for ruta in RUTAS:
        if ruta.metodo != "get" or rol not in ruta.roles:
            continue
        if ruta.requiere_distrito and rol != A and distrito is None:
            continue
        if not ruta.objeto:
            urls.append(reverse(ruta.nombre))
            continue
        # El operador solo ve lo que registró: el objeto se crea a su nombre.
        if ruta.objeto not in objetos:
            objetos[ruta.objeto] = OBJETOS[ruta.objeto](usuario)
        objeto = objetos[ruta.objeto]
        clave = objeto if isinstance(objeto, str) else objeto.pk
        urls.append(reverse(ruta.nombre, args=[clave]))
    return urls


def _violaciones(pagina, url: str) -> list[str]:
    """Abre la página y devuelve sus violaciones de la CSP, o un aviso si la respuesta no trae la política."""
    respuesta = pagina.goto(url)
    pagina.wait_for_load_state("networkidle")

    encontradas = list(pagina.evaluate("window.__violaciones"))
    politica = respuesta.headers.get("content-security-policy", "")
    if "script-src 'self'" not in politica:
        encontradas.append(f"sin CSP: {url}")
    return encontradas


def _escuchar(pagina) -> list[str]:
    """Agrega los mensajes de consola de Chromium sobre la CSP a la lista devuelta."""
    consola = []
    pagina.add_init_script(ESCUCHAR_VIOLACIONES)
    pagina.on("console", lambda mensaje: consola.append(mensaje.text) if "Content Security Policy" in mensaje.text else None)
    return consola


def _es_html(pagina, url: str) -> bool:
    # Las exportaciones y los JSON no son páginas: goto los trataría como descargas.
    respuesta = pagina.request.get(url)
    return respuesta.ok and respuesta.headers.get("content-type", "").startswith("text/html")


@pytest.mark.parametrize("usuario,rol,distrito", ACTORES, ids=[actor[0] for actor in ACTORES])
def test_paginas_del_rol_sin_violaciones(pagina, live_server, usuario, rol, distrito):
    autor = crear_usuario(usuario, rol, distrito, is_staff=(rol == Rol.ADMINISTRADOR))
    consola = _escuchar(pagina)
    ingresar(pagina, live_server, usuario, CLAVE)

    visitadas, violaciones = [], {}
    for url in _urls_del_rol(rol, distrito, autor):
        completa = f"{live_server.url}{url}"
        if not _es_html(pagina, completa):
            continue
        visitadas.append(url)
        encontradas = _violaciones(pagina, completa)
        if encontradas:
            violaciones[url] = encontradas

    assert len(visitadas) >= 3
    assert violaciones == {}
    assert consola == []


def test_paginas_publicas_y_swagger_sin_violaciones(pagina, live_server):
    consola = _escuchar(pagina)
    violaciones = {}

    for url in ["/cuentas/login/", "/cuentas/password/reset/", "/api/v1/docs"]:
        encontradas = _violaciones(pagina, f"{live_server.url}{url}")
        if encontradas:
            violaciones[url] = encontradas
    titulo = pagina.locator(".swagger-ui .info .title")
    titulo.wait_for()
    # Al abrir una operación, Swagger UI muestra selectores con íconos data: de su CSS.
    pagina.locator(".opblock-summary").first.click()
    pagina.locator(".opblock-body").first.wait_for()
    pagina.wait_for_timeout(300)
    violaciones_swagger = pagina.evaluate("window.__violaciones")

    assert violaciones == {}
    assert violaciones_swagger == []
    assert consola == []
    assert "Canastas" in titulo.inner_text()


def test_escucha_detecta_estilo_en_linea(pagina, live_server):
    # Control de la prueba: un atributo style agregado a la página debe quedar registrado.
    consola = _escuchar(pagina)
    pagina.goto(f"{live_server.url}/cuentas/login/")

    pagina.evaluate("document.body.insertAdjacentHTML('beforeend', '<div style=\"color: red\">x</div>')")
    pagina.wait_for_function("window.__violaciones.length > 0")

    assert pagina.evaluate("window.__violaciones")[0].startswith("style-src")
    assert consola != []
