"""Dos capturas simultáneas del mismo hogar y tipo, desde dos hilos con dos conexiones a PostgreSQL.

La consulta previa del servicio no ve la fila que el otro hilo aún no confirma.
Por eso la restricción única parcial de la base de datos es la que deja entrar solo una.
"""

import threading
import uuid

import pytest
from django.db import connection

from entregas.models import Entrega
from entregas.servicios import EntregaRechazada, entrega_registrar
from tests.conftest import MIRAFLORES, crear_usuario
from tests.entregas.apoyo_captura import datos_entrega, foto_jpeg, usar_almacen_temporal
from tests.fabricas import BeneficiarioFactory, TipoRegistroFactory
from usuarios.models import Rol

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("ubigeos")]

ESPERA_MAXIMA = 30  # segundos para que cada hilo termine


def _capturar_en_hilos(capturas: list[dict]) -> list:
    """Ejecuta cada captura en su hilo, todas a la vez; devuelve lo que obtuvo cada una."""
    barrera = threading.Barrier(len(capturas), timeout=ESPERA_MAXIMA)
    resultados: list = [None] * len(capturas)

    def capturar(indice: int, argumentos: dict) -> None:
        try:
            barrera.wait()
            resultados[indice] = entrega_registrar(**argumentos)
        except Exception as error:  # se revisa en la prueba
            resultados[indice] = error
        finally:
            connection.close()

    hilos = [threading.Thread(target=capturar, args=(i, argumentos)) for i, argumentos in enumerate(capturas)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(ESPERA_MAXIMA)
    assert not any(hilo.is_alive() for hilo in hilos), "un hilo de captura no terminó a tiempo"
    return resultados


@pytest.fixture
def escenario(settings, tmp_path):
    usar_almacen_temporal(settings, tmp_path)
    tipo = TipoRegistroFactory()
    BeneficiarioFactory(numero_documento="04070004")
    operador = crear_usuario("operador.uno", Rol.OPERADOR, MIRAFLORES, first_name="Ana", last_name="Flores")
    otro_operador = crear_usuario("operador.dos", Rol.OPERADOR, MIRAFLORES, first_name="Luis", last_name="Paz")
    return tipo, operador, otro_operador


def test_dos_capturas_del_mismo_hogar_dejan_una(escenario):
    tipo, operador, otro_operador = escenario
    capturas = [
        {"operador": usuario, "tipo_registro": tipo, "datos": datos_entrega(), "foto_dni_planilla": foto_jpeg(),
         "origen": "web"}
        for usuario in (operador, otro_operador)
    ]

    resultados = _capturar_en_hilos(capturas)

    registradas = [r for r in resultados if isinstance(r, tuple)]
    rechazos = [r for r in resultados if isinstance(r, EntregaRechazada)]
    assert len(registradas) == 1, resultados
    assert len(rechazos) == 1, resultados
    assert rechazos[0].codigo == "ya-entregado"
    assert "ya recibió" in rechazos[0].mensaje
    assert Entrega.objects.count() == 1


def test_rechazo_concurrente_nombra_al_operador_ganador(escenario):
    tipo, operador, otro_operador = escenario
    capturas = [
        {"operador": usuario, "tipo_registro": tipo, "datos": datos_entrega(), "foto_dni_planilla": foto_jpeg(),
         "origen": "app"}
        for usuario in (operador, otro_operador)
    ]

    resultados = _capturar_en_hilos(capturas)

    entrega, _ = next(r for r in resultados if isinstance(r, tuple))
    rechazo = next(r for r in resultados if isinstance(r, EntregaRechazada))
    ganador = entrega.operador.get_full_name()
    assert ganador in rechazo.mensaje


def test_doble_envio_simultaneo_del_mismo_uuid(escenario):
    tipo, operador, _ = escenario
    clave = uuid.uuid4()
    capturas = [
        {"operador": operador, "tipo_registro": tipo, "datos": datos_entrega(uuid_cliente=clave),
         "foto_dni_planilla": foto_jpeg(), "origen": "app"}
        for _ in range(2)
    ]

    resultados = _capturar_en_hilos(capturas)

    assert all(isinstance(r, tuple) for r in resultados), resultados
    assert sorted(creada for _, creada in resultados) == [False, True]
    assert resultados[0][0].pk == resultados[1][0].pk
    assert Entrega.objects.count() == 1
