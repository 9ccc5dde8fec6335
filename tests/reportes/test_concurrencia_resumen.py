"""Carrera entre una entrega y la programación del mismo hogar, en dos conexiones reales a PostgreSQL.

Sin el bloqueo de los disparadores, cada transacción miraría la otra tabla antes de que la otra confirme
y «programados entregados» quedaría en cero. La prueba fuerza ese orden: la entrega queda escrita sin
confirmar, la programación espera su bloqueo, y solo entonces la entrega confirma.
"""

import datetime
import threading
import time

import pytest
from django.db import connection, transaction

from entregas.models import Programacion
from reportes.cifras import cifras_de
from reportes.servicios import resumen_diferencias
from tests.conftest import MIRAFLORES, crear_usuario
from tests.fabricas import BeneficiarioFactory, EntregaFactory, TipoRegistroFactory
from usuarios.models import Rol

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("ubigeos")]

ESPERA_MAXIMA = 30  # segundos


def _esperar_bloqueo(pid: int) -> None:
    """Espera, con tope, a que la conexión `pid` quede esperando un bloqueo de fila."""
    limite = time.monotonic() + ESPERA_MAXIMA
    with connection.cursor() as cursor:
        while time.monotonic() < limite:
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
            fila = cursor.fetchone()
            if fila and fila[0] == "Lock":
                return
            time.sleep(0.05)
    raise AssertionError("la programación nunca esperó el bloqueo del resumen")


def test_entrega_y_programacion_simultaneas_cuentan_el_entregado():
    tipo = TipoRegistroFactory()
    hogar = BeneficiarioFactory()
    gestor = crear_usuario("sub.carrera", Rol.SUBADMINISTRADOR, MIRAFLORES)
    entrega_escrita, confirmar, pid_programacion = threading.Event(), threading.Event(), []
    errores = []

    def entregar():
        try:
            with transaction.atomic():
                EntregaFactory(operador=gestor, beneficiario=hogar, tipo_registro=tipo)
                entrega_escrita.set()
                assert confirmar.wait(ESPERA_MAXIMA)
        except Exception as error:  # se revisa al final
            errores.append(error)
        finally:
            connection.close()

    def programar():
        try:
            assert entrega_escrita.wait(ESPERA_MAXIMA)
            pid_programacion.append(connection.cursor().connection.info.backend_pid)
            Programacion.objects.create(beneficiario=hogar, tipo_registro=tipo, distrito_id=MIRAFLORES,
                                        fecha_programada=datetime.date(2026, 12, 4), creado_por=gestor)
        except Exception as error:
            errores.append(error)
        finally:
            connection.close()

    hilos = [threading.Thread(target=entregar), threading.Thread(target=programar)]
    for hilo in hilos:
        hilo.start()
    entrega_escrita.wait(ESPERA_MAXIMA)
    while not pid_programacion and hilos[1].is_alive():
        time.sleep(0.01)
    _esperar_bloqueo(pid_programacion[0])
    confirmar.set()
    for hilo in hilos:
        hilo.join(ESPERA_MAXIMA)

    assert errores == []
    cifras = cifras_de(codigo=MIRAFLORES)
    assert (cifras.programados, cifras.programados_entregados, cifras.entregas) == (1, 1, 1)
    assert resumen_diferencias() == {}
