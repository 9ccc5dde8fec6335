"""De punta a punta en Chromium: el subadministrador carga un padrón y encuentra al hogar en la lista."""

import pytest

from beneficiarios.models import Beneficiario
from tests.beneficiarios.conftest import caso
from tests.conftest import CLAVE
from tests.navegador.conftest import ingresar

pytestmark = [pytest.mark.navegador, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("ubigeos")]


def test_subadministrador_carga_y_encuentra_hogar(pagina, live_server, tmp_path):
    from tests.conftest import crear_usuario
    from usuarios.models import Rol

    crear_usuario("sub.sjl", Rol.SUBADMINISTRADOR, "150132")
    ingresar(pagina, live_server, "sub.sjl", CLAVE)

    pagina.get_by_role("link", name="Cargar padrón").first.click()
    pagina.set_input_files("input[name=archivo]", str(caso("15-duplicados-en-archivo.xlsx")))
    pagina.get_by_role("button", name="Subir y revisar").click()

    # Vista previa: cifras y errores por fila, nada registrado todavía.
    pagina.get_by_text("hogares nuevos por registrar").wait_for()
    assert pagina.get_by_text("duplicado de la fila 2").first.is_visible()
    assert Beneficiario.objects.count() == 0

    pagina.get_by_label("Revisé la vista previa y confirmo el registro").check()
    pagina.locator("#confirmar").click()
    pagina.get_by_text("Carga aplicada").wait_for()

    pagina.get_by_role("link", name="Ver el padrón").click()
    pagina.fill("input[name=q]", "carhuas elva")
    pagina.get_by_role("button", name="Buscar").click()
    fila = pagina.locator("tbody tr")
    assert fila.count() == 1
    assert "40150002" in fila.first.inner_text()
    pagina.screenshot(path=str(tmp_path / "padron.png"))


def test_archivo_corrupto_muestra_mensaje_en_el_formulario(pagina, live_server):
    from tests.conftest import crear_usuario
    from usuarios.models import Rol

    crear_usuario("sub.sjl", Rol.SUBADMINISTRADOR, "150132")
    ingresar(pagina, live_server, "sub.sjl", CLAVE)

    pagina.goto(f"{live_server.url}/beneficiarios/importaciones/")
    pagina.set_input_files("input[name=archivo]", str(caso("25-corrupto-truncado.xlsx")))
    pagina.get_by_role("button", name="Subir y revisar").click()

    alerta = pagina.get_by_role("alert")
    alerta.wait_for()
    assert "dañado" in alerta.inner_text()
