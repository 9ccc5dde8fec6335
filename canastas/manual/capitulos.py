"""Capítulos del manual, quién lee cada uno y su conversión de Markdown a HTML.

El Markdown se escribe en docs/manual/. Al convertirlo se descarta el HTML
crudo (sale como texto escapado) y se reescriben los enlaces: `operador.md`
pasa a la URL del capítulo en la plataforma e `img/x.png` a la vista de
imágenes. Así la página no lleva scripts ni estilos en línea y cumple la CSP.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

import markdown
from django.conf import settings
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from usuarios.models import Rol

CARPETA = Path(settings.BASE_DIR) / "docs" / "manual"
CARPETA_IMAGENES = CARPETA / "img"

# Índice con lo común a todos los roles, y un capítulo por rol.
INDICE = "indice"
ARCHIVOS = {
    INDICE: "index.md",
    Rol.ADMINISTRADOR: "administrador.md",
    Rol.SUBADMINISTRADOR: "subadministrador.md",
    Rol.OPERADOR: "operador.md",
    Rol.INVITADO: "invitado.md",
}

# El administrador lee todos los capítulos; el subadministrador, también los de
# los usuarios que crea y acompaña en su distrito.
CAPITULOS_QUE_LEE = {
    Rol.ADMINISTRADOR: [INDICE, Rol.ADMINISTRADOR, Rol.SUBADMINISTRADOR, Rol.OPERADOR, Rol.INVITADO],
    Rol.SUBADMINISTRADOR: [INDICE, Rol.SUBADMINISTRADOR, Rol.OPERADOR, Rol.INVITADO],
    Rol.OPERADOR: [INDICE, Rol.OPERADOR],
    Rol.INVITADO: [INDICE, Rol.INVITADO],
}

_IMAGEN = re.compile(r"^img/(?P<nombre>[a-z0-9][a-z0-9-]*\.png)$")
_ENLACE_CAPITULO = re.compile(r"^(?P<archivo>[a-z]+\.md)(?P<ancla>#[a-z0-9-]+)?$")
_ESQUEMAS_EXTERNOS = ("https://", "http://", "mailto:")


@dataclass(frozen=True)
class Enlazador:
    """Traduce los destinos del Markdown a URLs de la plataforma."""

    capitulo: Callable[[str], str]  # nombre del capítulo → URL, o "" si el lector no puede abrirlo
    imagen: Callable[[str], str]  # nombre del archivo PNG → URL


def capitulos_que_lee(usuario) -> list[str]:
    return CAPITULOS_QUE_LEE.get(getattr(usuario, "rol", None), [])


def titulo(capitulo: str) -> str:
    """Primer encabezado `# …` del capítulo."""
    for linea in texto(capitulo).splitlines():
        if linea.startswith("# "):
            return linea[2:].strip()
    return capitulo


def texto(capitulo: str) -> str:
    return (CARPETA / ARCHIVOS[capitulo]).read_text(encoding="utf-8")


def imagenes_referidas(capitulo: str) -> set[str]:
    """Nombres de los PNG de img/ que el capítulo muestra."""
    return set(re.findall(r"\]\(img/([a-z0-9-]+\.png)\)", texto(capitulo)))


def convertir(capitulo: str, enlazador: Enlazador) -> tuple[str, str]:
    """Convierte el capítulo a HTML. Devuelve (cuerpo, tabla de contenidos)."""
    conversor = markdown.Markdown(
        extensions=["tables", "sane_lists", "toc", _SinHtmlCrudo(), _Enlaces(enlazador)],
        extension_configs={"toc": {"toc_depth": "2-3"}},
        output_format="html",
    )
    cuerpo = conversor.convert(texto(capitulo))
    return cuerpo, conversor.toc


@lru_cache(maxsize=1)
def capitulo_por_archivo() -> dict[str, str]:
    return {archivo: capitulo for capitulo, archivo in ARCHIVOS.items()}


class _SinHtmlCrudo(Extension):
    """Quita el reconocimiento de HTML crudo: `<script>` llega a la página como texto."""

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


class _Enlaces(Extension):
    def __init__(self, enlazador: Enlazador):
        super().__init__()
        self.enlazador = enlazador

    def extendMarkdown(self, md):
        # Prioridad baja: corre después de que los demás procesadores armaron el árbol.
        md.treeprocessors.register(_ReescribirEnlaces(md, self.enlazador), "canastas_enlaces", 1)


class _ReescribirEnlaces(Treeprocessor):
    def __init__(self, md, enlazador: Enlazador):
        super().__init__(md)
        self.enlazador = enlazador

    def run(self, root: ElementTree.Element) -> None:
        for padre in root.iter():
            for hijo in list(padre):
                if hijo.tag == "a":
                    self._enlace(hijo)
                elif hijo.tag == "img" and not self._imagen(hijo):
                    padre.remove(hijo)

    def _enlace(self, elemento: ElementTree.Element) -> None:
        destino = elemento.get("href", "")
        capitulo = _ENLACE_CAPITULO.match(destino)
        if capitulo and capitulo["archivo"] in capitulo_por_archivo():
            url = self.enlazador.capitulo(capitulo_por_archivo()[capitulo["archivo"]])
            if url:
                elemento.set("href", url + (capitulo["ancla"] or ""))
            else:
                # Un capítulo que el rol no abre queda como texto, sin enlace que termine en 403.
                elemento.attrib.pop("href", None)
        elif not destino.startswith(("#", "/", *_ESQUEMAS_EXTERNOS)):
            # javascript:, data: o rutas relativas desconocidas: el texto queda sin enlace.
            elemento.attrib.pop("href", None)

    def _imagen(self, elemento: ElementTree.Element) -> bool:
        imagen = _IMAGEN.match(elemento.get("src", ""))
        # Las capturas de páginas que aún no existen no se generan: su imagen se omite.
        if not imagen or not (CARPETA_IMAGENES / imagen["nombre"]).is_file():
            return False
        elemento.set("src", self.enlazador.imagen(imagen["nombre"]))
        elemento.set("loading", "lazy")
        return True
