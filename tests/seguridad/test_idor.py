"""IDOR: leer o cambiar por id un objeto de otro distrito responde 404 y no cambia nada.

Cada URL con objeto de las tablas del barrido (tests/<app>/rutas*.py) se prueba con GET
y con POST por el subadministrador y el operador de Surco sobre un objeto de Miraflores.
En la API, el operador de Surco pide y registra con documentos y tipos de registro de Miraflores.
"""

import pytest

from entregas.models import Entrega
from tests.conftest import SURCO, crear_usuario
from tests.entregas.apoyo_api import almacen_temporal, cliente_api, formulario_entrega, token_directo  # noqa: F401
from tests.fabricas import BeneficiarioFactory, EntregaFactory, TipoRegistroFactory
from tests.seguridad.apoyo import CAMPOS_PROHIBIDOS, OBJETOS, RUTAS, es_de_distrito, foto_de_la_base, url_de
from usuarios.models import Rol

pytestmark = pytest.mark.django_db

RUTAS_CON_OBJETO = [ruta for ruta in RUTAS if es_de_distrito(ruta)]


@pytest.fixture
def operador_surco(db):
    return crear_usuario("operador.surco", Rol.OPERADOR, SURCO)


@pytest.mark.parametrize("actor", ["sub_surco", "operador_surco"])
@pytest.mark.parametrize("metodo", ["get", "post"])
@pytest.mark.parametrize("ruta", RUTAS_CON_OBJETO, ids=[f"{r.nombre}-{r.metodo}" for r in RUTAS_CON_OBJETO])
def test_objeto_de_otro_distrito(ruta, metodo, actor, request, client, sub_miraflores):
    objeto = OBJETOS[ruta.objeto](sub_miraflores)
    client.force_login(request.getfixturevalue(actor))
    antes = foto_de_la_base()

    respuesta = getattr(client, metodo)(url_de(ruta, objeto), {**dict(ruta.datos), **CAMPOS_PROHIBIDOS})

    # El operador no tiene el rol de algunas rutas: 403 antes de buscar el objeto también es rechazo.
    # 405 (método no admitido) se responde antes de buscar el objeto: tampoco revela si existe.
    assert respuesta.status_code in ({404, 405} if actor == "sub_surco" else {403, 404, 405})
    assert foto_de_la_base() == antes


@pytest.mark.parametrize("ruta", [r for r in RUTAS_CON_OBJETO if r.solo_propios_operador], ids=lambda r: r.nombre)
def test_operador_no_abre_captura_de_otro_operador(ruta, client, operador_miraflores, sub_miraflores):
    objeto = OBJETOS[ruta.objeto](sub_miraflores)
    client.force_login(operador_miraflores)

    assert client.get(url_de(ruta, objeto)).status_code == 404


@pytest.mark.parametrize("cual", ["dni", "beneficiario", "planilla", "../dni"])
def test_foto_de_otro_distrito_por_id(cual, client, sub_surco, sub_miraflores):
    from tests.entregas.rutas_capturas import foto_jpeg

    entrega = EntregaFactory(operador=sub_miraflores, foto_dni_planilla=foto_jpeg())
    client.force_login(sub_surco)

    respuesta = client.get(f"/entregas/{entrega.pk}/foto/{cual}/")

    assert respuesta.status_code == 404
    assert not respuesta.get("Content-Type", "").startswith("image/")


# API del aplicativo


@pytest.fixture
def token_surco(operador_surco):
    return token_directo(operador_surco)


def test_api_hogar_de_otro_distrito(token_surco):
    hogar = BeneficiarioFactory()
    tipo_nacional = TipoRegistroFactory()

    respuesta = cliente_api(token_surco).get(
        f"/api/v1/hogares/{hogar.numero_documento}", {"tipo_registro": tipo_nacional.pk}
    )

    assert respuesta.status_code == 404
    assert hogar.apellido_paterno not in respuesta.content.decode()


@pytest.mark.usefixtures("almacen_temporal")
def test_api_entrega_a_hogar_de_otro_distrito(token_surco):
    hogar = BeneficiarioFactory()
    tipo = TipoRegistroFactory()
    antes = foto_de_la_base()

    respuesta = cliente_api(token_surco).post("/api/v1/entregas", formulario_entrega(tipo, hogar.numero_documento))

    assert respuesta.status_code == 404
    assert foto_de_la_base() == antes


@pytest.mark.usefixtures("almacen_temporal")
def test_api_entrega_con_tipo_de_otro_distrito(token_surco):
    hogar_surco = BeneficiarioFactory(distrito_id=SURCO)
    tipo_miraflores = TipoRegistroFactory(distrito_id="150122")
    antes = foto_de_la_base()

    respuesta = cliente_api(token_surco).post(
        "/api/v1/entregas", formulario_entrega(tipo_miraflores, hogar_surco.numero_documento)
    )

    assert respuesta.status_code == 404
    assert foto_de_la_base() == antes


@pytest.mark.usefixtures("almacen_temporal")
def test_api_campos_prohibidos_no_cambian_distrito(operador_miraflores, sub_surco):
    hogar = BeneficiarioFactory()
    tipo = TipoRegistroFactory()
    datos = formulario_entrega(tipo, hogar.numero_documento, distrito="150140", distrito_id="150140",
                               operador=str(sub_surco.pk), operador_id=str(sub_surco.pk), estado="anulada",
                               origen="carga_masiva")

    respuesta = cliente_api(token_directo(operador_miraflores)).post("/api/v1/entregas", datos)
    entrega = Entrega.objects.get()

    assert respuesta.status_code == 201
    assert entrega.distrito_id == "150122"
    assert entrega.operador_id == operador_miraflores.pk
    assert entrega.estado == Entrega.Estado.VALIDA
    assert entrega.origen == "app"


def test_api_lista_de_entregas_no_muestra_otro_distrito(token_surco, sub_miraflores):
    EntregaFactory(operador=sub_miraflores)

    respuesta = cliente_api(token_surco).get("/api/v1/entregas")

    assert respuesta.status_code == 200
    assert respuesta.json()["total"] == 0
