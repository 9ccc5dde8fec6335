"""Ninguna exportación entrega una fórmula: el texto que empieza con = + - @, tabulador o retorno va como texto.

El barrido abre, como administrador y como subadministrador, cada URL GET de las
tablas del barrido de permisos en XLSX y en CSV; toda respuesta que sea una hoja de
cálculo se revisa celda por celda. Así una exportación nueva queda cubierta sola.
"""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from canastas.auditoria import registrar_accion
from canastas.hojas.escritor import INICIOS_DE_FORMULA
from canastas.models import RegistroAccion
from tests.beneficiarios.conftest import importar
from tests.fabricas import BeneficiarioFactory, EntregaFactory, TipoRegistroFactory
from tests.plataforma.rutas import A, S
from tests.seguridad.apoyo import OBJETOS, RUTAS, url_de

pytestmark = pytest.mark.django_db

HOSTILES = ['=HYPERLINK("http://127.0.0.1/x","ver")', "+51-1-999", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]
TIPOS_HOJA = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv")


def _peligroso(texto: str) -> bool:
    if not texto.startswith(INICIOS_DE_FORMULA):
        return False
    try:
        float(texto)  # un número negativo en CSV (p. ej. la latitud) no es una fórmula
    except ValueError:
        return True
    return False


def _celdas_peligrosas(respuesta) -> list[str]:
    contenido = b"".join(respuesta.streaming_content) if respuesta.streaming else respuesta.content
    if respuesta["Content-Type"].startswith("text/csv"):
        texto = contenido.decode("utf-8-sig", errors="replace")
        separador = ";" if texto.split("\n", 1)[0].count(";") > texto.split("\n", 1)[0].count(",") else ","
        celdas = [celda for fila in csv.reader(io.StringIO(texto), delimiter=separador) for celda in fila]
        return [celda for celda in celdas if _peligroso(celda)]

    # En XLSX el texto va en celdas de tipo texto (sin apóstrofo): el peligro es una celda
    # de fórmula o un enlace, que el escritor nunca crea.
    libro = openpyxl.load_workbook(io.BytesIO(contenido))
    malas = []
    for hoja in libro.worksheets:
        malas.extend(f"{hoja.title}: enlace {enlace.target}" for enlace in hoja._hyperlinks)
        for fila in hoja.iter_rows():
            for celda in fila:
                if celda.data_type == "f":
                    malas.append(f"{hoja.title}!{celda.coordinate}={celda.value!r}")
    return malas


def _textos_hostiles_como_texto(respuesta) -> int:
    """Cuenta las celdas XLSX de texto que conservan un valor hostil tal cual."""
    libro = openpyxl.load_workbook(io.BytesIO(b"".join(respuesta.streaming_content)))
    return sum(
        1
        for hoja in libro.worksheets
        for fila in hoja.iter_rows()
        for celda in fila
        if celda.data_type == "s" and isinstance(celda.value, str) and celda.value.startswith(INICIOS_DE_FORMULA)
    )


@pytest.fixture
def datos_hostiles(sub_miraflores, operador_miraflores):
    """Hogares, entregas y auditoría con textos que una hoja de cálculo tomaría por fórmula."""
    tipo = TipoRegistroFactory(nombre=HOSTILES[0])
    for numero, texto in enumerate(HOSTILES):
        hogar = BeneficiarioFactory(nombres=texto, direccion=texto, apellido_paterno=texto)
        EntregaFactory(beneficiario=hogar, tipo_registro=tipo, operador=operador_miraflores,
                       nombres_receptor=texto, observaciones=texto)
        registrar_accion(usuario=sub_miraflores, accion=RegistroAccion.Accion.MODIFICAR, objeto=hogar,
                         antes={"nombres": texto}, despues={"nombres": "ROSA"}, detalle=texto)


@pytest.mark.usefixtures("datos_hostiles")
@pytest.mark.parametrize("actor", ["admin", "sub_miraflores"])
def test_ninguna_exportacion_lleva_formulas(actor, request, client, sub_miraflores):
    usuario = request.getfixturevalue(actor)
    client.force_login(usuario)
    revisadas, malas, objetos = [], {}, {}

    for ruta in RUTAS:
        if ruta.metodo != "get" or not ({A, S} & ruta.roles) or usuario.rol not in ruta.roles:
            continue
        if ruta.objeto and ruta.objeto not in objetos:
            objetos[ruta.objeto] = OBJETOS[ruta.objeto](sub_miraflores)
        url = url_de(ruta, objetos.get(ruta.objeto))
        for formato in ("xlsx", "csv"):
            respuesta = client.get(url, {"formato": formato, "distrito": "150122"})
            if respuesta.status_code != 200 or not respuesta["Content-Type"].startswith(TIPOS_HOJA):
                continue
            revisadas.append(f"{ruta.nombre}?{formato}")
            encontradas = _celdas_peligrosas(respuesta)
            if encontradas:
                malas[f"{ruta.nombre}?{formato}"] = encontradas[:5]

    assert malas == {}
    for esperada in ("beneficiarios:exportar?xlsx", "beneficiarios:exportar?csv", "entregas:exportar?xlsx",
                     "entregas:exportar?csv", "auditoria:exportar?xlsx", "auditoria:exportar?csv"):
        assert esperada in revisadas


def test_filas_rechazadas_sin_formulas(client, tmp_path, sub_miraflores):
    archivo = tmp_path / "padron.csv"
    filas = [f"DNI,1234567X,{texto.strip()},{texto.strip()},{texto.strip()},4" for texto in HOSTILES]
    archivo.write_text(
        "tipo_documento,numero_documento,apellido_paterno,nombres,direccion,miembros_hogar\n" + "\n".join(filas) + "\n",
        encoding="utf-8",
    )
    importacion = importar(archivo, sub_miraflores)
    client.force_login(sub_miraflores)

    respuesta = client.get(reverse("beneficiarios:importacion_rechazadas", args=[importacion.pk]))

    assert importacion.rechazadas == len(HOSTILES)
    assert respuesta.status_code == 200
    assert _celdas_peligrosas(respuesta) == []


def test_filas_rechazadas_conservan_el_texto(client, tmp_path, sub_miraflores):
    # Control: el archivo sí trae los valores hostiles, como texto y no como fórmula.
    archivo = tmp_path / "padron.csv"
    archivo.write_text(
        "tipo_documento,numero_documento,apellido_paterno,nombres,direccion,miembros_hogar\n"
        "DNI,1234567X,=1+1,@SUM(A1),-2+3,4\n",
        encoding="utf-8",
    )
    importacion = importar(archivo, sub_miraflores)
    client.force_login(sub_miraflores)

    respuesta = client.get(reverse("beneficiarios:importacion_rechazadas", args=[importacion.pk]))

    assert _textos_hostiles_como_texto(respuesta) >= 3
