"""Manual de usuario: cobertura de la matriz de roles, capturas, imágenes y la página /manual/."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from canastas.manual import capitulos
from canastas.manual.capturas import CAPTURAS
from tests.conftest import MIRAFLORES, crear_usuario
from tests.manual.matriz import MATRIZ, SECCIONES
from tests.plataforma.rutas import rutas_y_objetos
from usuarios.models import Rol

# La caché de la plataforma vive en la base de datos y cada prueba la vacía.
pytestmark = pytest.mark.django_db

_, OBJETOS = rutas_y_objetos()
DISENO = Path(settings.BASE_DIR).parent / "shared" / "docs" / "DISENO.md"
COLUMNAS_ROL = [Rol.ADMINISTRADOR, Rol.SUBADMINISTRADOR, Rol.OPERADOR, Rol.INVITADO]


def _encabezados(capitulo: str) -> set[str]:
    return {linea.lstrip("#").strip() for linea in capitulos.texto(capitulo).splitlines() if linea.startswith("##")}


def _url_existe(nombre: str) -> bool:
    try:
        reverse(nombre)
    except NoReverseMatch as error:
        return "not found" not in str(error) and "is not a registered namespace" not in str(error)
    return True


def _capturas_pendientes() -> set[str]:
    """Capturas opcionales cuya URL aún no existe: su imagen puede faltar."""
    return {c.archivo for c in CAPTURAS if c.opcional and not _url_existe(c.url)}


def _fixture(usuario: str) -> str:
    return usuario.replace(".", "_")


# --- Matriz de roles → secciones ------------------------------------------------


def _filas_del_diseno() -> dict[str, set[str]]:
    filas, en_tabla = {}, False
    for linea in DISENO.read_text(encoding="utf-8").splitlines():
        if linea.startswith("| action |"):
            en_tabla = True
            continue
        if en_tabla and not linea.startswith("|"):
            break
        if en_tabla and not linea.startswith("|---"):
            celdas = [celda.strip() for celda in linea.strip("|").split("|")]
            filas[celdas[0]] = {rol for rol, celda in zip(COLUMNAS_ROL, celdas[1:]) if celda}
    return filas


@pytest.mark.skipif(not DISENO.exists(), reason="el documento de diseño no está junto al repositorio")
def test_matriz_copia_la_del_diseno():
    assert _filas_del_diseno() == MATRIZ


@pytest.mark.parametrize("tarea", list(MATRIZ))
def test_tarea_tiene_seccion_por_rol(tarea):
    assert tarea in SECCIONES, f"La tarea «{tarea}» no tiene secciones del manual asignadas"
    assert set(SECCIONES[tarea]) == MATRIZ[tarea]
    for rol, encabezados in SECCIONES[tarea].items():
        faltan = [e for e in encabezados if e not in _encabezados(rol)]
        assert faltan == [], f"{capitulos.ARCHIVOS[rol]} no tiene las secciones {faltan}"


def test_secciones_no_nombran_tareas_ajenas():
    assert set(SECCIONES) <= set(MATRIZ)


# --- Imágenes --------------------------------------------------------------------


def _referidas() -> set[str]:
    referidas = set()
    for capitulo in capitulos.ARCHIVOS:
        referidas |= capitulos.imagenes_referidas(capitulo)
    return referidas


def test_imagen_referida_existe():
    faltan = sorted(_referidas() - _capturas_pendientes() - {p.name for p in capitulos.CARPETA_IMAGENES.glob("*.png")})
    assert faltan == [], f"Imágenes referidas que no existen (corra make manual): {faltan}"


def test_imagen_existente_esta_referida():
    sobran = sorted({p.name for p in capitulos.CARPETA_IMAGENES.glob("*.png")} - _referidas())
    assert sobran == []


def test_captura_de_la_tabla_esta_referida():
    assert sorted({c.archivo for c in CAPTURAS} - _referidas()) == []


def test_imagen_referida_viene_de_la_tabla():
    assert sorted(_referidas() - {c.archivo for c in CAPTURAS}) == []


def test_archivos_de_captura_no_se_repiten():
    archivos = [c.archivo for c in CAPTURAS]
    assert len(archivos) == len(set(archivos))


# --- Cada página que el manual muestra existe y responde al rol ------------------


@pytest.mark.django_db
@pytest.mark.parametrize("captura", CAPTURAS, ids=[c.archivo for c in CAPTURAS])
def test_pagina_de_captura_responde(captura, client, request):
    if captura.archivo in _capturas_pendientes():
        pytest.skip(f"{captura.url} aún no existe")
    usuario = request.getfixturevalue(_fixture(captura.usuario)) if captura.usuario else None
    argumentos = []
    if captura.objeto:
        autor = usuario if usuario and usuario.rol == Rol.OPERADOR else crear_usuario(
            "autor.miraflores", Rol.SUBADMINISTRADOR, MIRAFLORES
        )
        objeto = OBJETOS[captura.objeto](autor)
        argumentos = [objeto if isinstance(objeto, str) else objeto.pk]
    if usuario:
        client.force_login(usuario)

    respuesta = client.get(reverse(captura.url, args=argumentos))

    assert respuesta.status_code == 200, f"{captura.usuario or 'sin sesión'} {captura.url}"


# --- /manual/ en la plataforma ---------------------------------------------------

ACTORES = [
    ("admin", Rol.ADMINISTRADOR),
    ("sub_miraflores", Rol.SUBADMINISTRADOR),
    ("operador_miraflores", Rol.OPERADOR),
    ("invitado_miraflores", Rol.INVITADO),
    ("invitado_nacional", Rol.INVITADO),
]


@pytest.mark.django_db
@pytest.mark.parametrize("actor,rol", ACTORES)
def test_manual_abre_capitulo_del_rol(actor, rol, client, request):
    client.force_login(request.getfixturevalue(actor))

    respuesta = client.get(reverse("manual:inicio"))

    assert respuesta.status_code == 200
    contenido = respuesta.content.decode()
    assert f'data-capitulo="{rol}"' in contenido
    assert "<h1 id=" in contenido
    assert capitulos.titulo(rol) in contenido


@pytest.mark.django_db
@pytest.mark.parametrize("actor,rol", ACTORES)
def test_menu_tiene_enlace_al_manual(actor, rol, client, request):
    client.force_login(request.getfixturevalue(actor))

    respuesta = client.get(reverse("inicio"))

    assert f'href="{reverse("manual:inicio")}"' in respuesta.content.decode()


@pytest.mark.django_db
def test_manual_redirige_sin_sesion(client):
    respuesta = client.get(reverse("manual:inicio"))

    assert respuesta.status_code == 302
    assert respuesta["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_operador_no_lee_capitulo_ajeno(client, operador_miraflores):
    client.force_login(operador_miraflores)

    assert client.get(reverse("manual:administrador")).status_code == 403


@pytest.mark.django_db
def test_imagen_de_capitulo_ajeno_no_existe(client, operador_miraflores):
    client.force_login(operador_miraflores)

    respuesta = client.get(reverse("manual:imagen"), {"archivo": "admin-inicio.png"})

    assert respuesta.status_code == 404


@pytest.mark.django_db
def test_imagen_no_abre_rutas_armadas(client, admin):
    client.force_login(admin)

    respuesta = client.get(reverse("manual:imagen"), {"archivo": "../../manage.py"})

    assert respuesta.status_code == 404


@pytest.mark.django_db
def test_imagen_propia_se_sirve(client, operador_miraflores):
    client.force_login(operador_miraflores)

    respuesta = client.get(reverse("manual:imagen"), {"archivo": "operador-inicio-movil.png"})

    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "image/png"


@pytest.mark.django_db
def test_enlaces_entre_capitulos_van_a_la_plataforma(client, admin):
    client.force_login(admin)

    contenido = client.get(reverse("manual:administrador")).content.decode()

    assert f'href="{reverse("manual:subadministrador")}#programar-hogares"' in contenido
    assert not re.search(r'href="[^"]*\.md', contenido)
    assert f'src="{reverse("manual:imagen")}?archivo=admin-inicio.png"' in contenido


@pytest.mark.django_db
def test_pagina_del_manual_sin_scripts_en_linea(client, sub_miraflores):
    client.force_login(sub_miraflores)

    contenido = client.get(reverse("manual:inicio")).content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)", contenido)
    assert " style=" not in contenido


def test_markdown_descarta_html_crudo(monkeypatch):
    texto = "# T\n\n<script>alert(1)</script>\n\nHola <b onclick=\"x()\">b</b> [enlace](javascript:alert(1))\n"
    monkeypatch.setattr(capitulos, "texto", lambda capitulo: texto)
    enlazador = capitulos.Enlazador(capitulo=lambda n: f"/m/{n}/", imagen=lambda a: f"/i/{a}")

    cuerpo, _ = capitulos.convertir(Rol.OPERADOR, enlazador)

    assert "<script>" not in cuerpo
    assert "&lt;script&gt;" in cuerpo
    assert "<b " not in cuerpo
    assert "javascript:" not in cuerpo


@pytest.mark.django_db
def test_indice_sin_enlaces_prohibidos(client, operador_miraflores):
    client.force_login(operador_miraflores)

    pagina = client.get(reverse("manual:indice")).content.decode()

    assert f'href="{reverse("manual:operador")}"' in pagina
    assert f'href="{reverse("manual:administrador")}"' not in pagina
