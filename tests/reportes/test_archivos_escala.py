"""Archivo Contraloría grande: avance por tramos y memoria que no crece con las filas."""

import tracemalloc
import uuid

import pytest

from entregas.models import Entrega
from reportes.archivos import servicios
from tests.reportes.apoyo_archivos import CORTE, almacen_temporal, contraloria, en_lima, kit  # noqa: F401

pytestmark = pytest.mark.django_db


def crear_entregas(cantidad: int, *, operador, tipo) -> None:
    """Entregas fuera del padrón con documentos distintos, insertadas en bloque."""
    Entrega.objects.bulk_create(
        [
            Entrega(
                uuid_cliente=uuid.uuid4(), distrito_id="150122", tipo_registro=tipo, operador=operador,
                tipo_documento="CE", numero_documento=f"{numero:09d}", nombres_receptor=f"PERSONA {numero}",
                direccion=f"JR. PRUEBA {numero}", motivo_inclusion="Damnificado", tipo_entrega="domicilio",
                miembros_18_59=1, fecha_entrega=en_lima(CORTE, 8), origen="carga_masiva",
            )
            for numero in range(cantidad)
        ],
        batch_size=2000,
    )


def pico_de_memoria(usuario) -> int:
    tracemalloc.start()
    try:
        contraloria(usuario)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_avance_por_tramos(sub_miraflores, kit, monkeypatch):
    crear_entregas(5000, operador=sub_miraflores, tipo=kit)
    avisos = []
    original = servicios._avisar_avance

    def anotar_y_avisar(archivo, porcentaje):
        avisos.append(porcentaje)
        original(archivo, porcentaje)

    monkeypatch.setattr(servicios, "_avisar_avance", anotar_y_avisar)

    archivo = contraloria(sub_miraflores)

    assert avisos == [40, 80]  # cada 2000 filas de 5000
    assert archivo.progreso == 100
    assert archivo.filas == 5000


def test_memoria_no_crece_con_las_filas(sub_miraflores, kit):
    # Desde dos lotes del cursor (4000 filas) el pico ya no crece: se comparan 4500 y 13 500 filas.
    crear_entregas(4500, operador=sub_miraflores, tipo=kit)
    con_pocas = pico_de_memoria(sub_miraflores)
    Entrega.objects.all().delete()
    crear_entregas(13500, operador=sub_miraflores, tipo=kit)

    con_muchas = pico_de_memoria(sub_miraflores)

    # Con el archivo entero en memoria, el triple de filas triplicaría el pico.
    assert con_muchas < con_pocas * 1.3
