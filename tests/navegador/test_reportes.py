"""De punta a punta en Chromium: del reporte Nacional al distrito, y la descarga del archivo Contraloría."""

import datetime

import openpyxl
import pytest
from django.utils import timezone

from entregas.models import Programacion
from tests.conftest import CLAVE, MIRAFLORES, crear_usuario
from tests.fabricas import BeneficiarioFactory, EntregaFactory, TipoRegistroFactory
from tests.navegador.conftest import ingresar
from usuarios.models import Rol

pytestmark = [pytest.mark.navegador, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("ubigeos")]


def _ultimo_viernes() -> datetime.date:
    hoy = timezone.localdate()
    return hoy - datetime.timedelta(days=(hoy.weekday() - 4) % 7)


def test_de_nacional_a_distrito_y_archivo_contraloria(pagina, live_server, tmp_path):
    sub = crear_usuario("sub.miraflores", Rol.SUBADMINISTRADOR, MIRAFLORES)
    tipo = TipoRegistroFactory(codigo="DU033-1", nombre="Canasta DU 033-2020")
    hogar = BeneficiarioFactory(numero_documento="41234567", apellido_paterno="HUAMAN", nombres="ELVA")
    corte = _ultimo_viernes()
    entregada = timezone.make_aware(datetime.datetime.combine(corte, datetime.time(10, 0)))
    EntregaFactory(operador=sub, beneficiario=hogar, tipo_registro=tipo, fecha_entrega=entregada)
    Programacion.objects.create(beneficiario=hogar, tipo_registro=tipo, distrito_id=MIRAFLORES,
                                fecha_programada=corte, creado_por=sub)

    ingresar(pagina, live_server, "sub.miraflores", CLAVE)
    pagina.get_by_role("link", name="Reportes").first.click()
    pagina.get_by_role("heading", name="Reporte Nacional").wait_for()
    assert pagina.locator("svg[role=img]").count() == 1

    # Nacional → Lima (departamento) → Lima (provincia) → Miraflores.
    pagina.locator("tbody").get_by_role("link", name="Lima", exact=True).click()
    pagina.get_by_role("heading", name="Reporte Departamento de Lima").wait_for()
    pagina.locator("tbody").get_by_role("link", name="Lima", exact=True).click()
    pagina.get_by_role("heading", name="Reporte Provincia de Lima").wait_for()
    pagina.locator("tbody").get_by_role("link", name="Miraflores", exact=True).click()
    pagina.get_by_role("heading", name=f"Distrito de Miraflores ({MIRAFLORES})").wait_for()
    assert pagina.locator("table.reporte tbody th", has_text="Canasta DU 033-2020").is_visible()

    # Las migas vuelven un nivel arriba.
    assert pagina.locator(".migas a", has_text="Lima").count() == 2

    pagina.get_by_role("link", name="Generar el archivo para la Contraloría").click()
    pagina.fill("input[name=fecha_corte]", corte.isoformat())
    pagina.locator("form button[type=submit]").last.click()
    pagina.get_by_role("heading", name="Manifiesto").wait_for()

    with pagina.expect_download() as descarga:
        pagina.get_by_role("link", name="Descargar el Excel").click()
    ruta = tmp_path / "contraloria.xlsx"
    descarga.value.save_as(ruta)

    libro = openpyxl.load_workbook(ruta, read_only=True)
    assert libro.sheetnames[:2] == ["BENEFICIARIOS", "KITS"]
    filas = list(libro["BENEFICIARIOS"].iter_rows(values_only=True))
    assert any("41234567" in [str(celda) for celda in fila] for fila in filas[1:])
