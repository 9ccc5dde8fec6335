"""Importación del admin con django-import-export: solo para tablas pequeñas."""

import pytest
import tablib

from beneficiarios.models import Beneficiario
from beneficiarios.recursos import BeneficiarioResource

pytestmark = pytest.mark.django_db

COLUMNAS = ["tipo_documento", "numero_documento", "apellido_paterno", "nombres", "distrito", "miembros_hogar"]


def _dataset(filas: int) -> tablib.Dataset:
    return tablib.Dataset(
        *[("DNI", f"{46000000 + n:08d}", "QUISPE", "ROSA", "150122", 3) for n in range(filas)], headers=COLUMNAS
    )


def test_archivo_grande_se_rechaza_sin_registrar_nada():
    recurso = BeneficiarioResource()
    recurso.maximo_filas = 3

    resultado = recurso.import_data(_dataset(4), dry_run=False, raise_errors=False)

    assert resultado.has_errors()
    assert "Cargar padrón" in str(resultado.base_errors[0].error)
    assert Beneficiario.objects.count() == 0


def test_archivo_pequeno_se_importa():
    resultado = BeneficiarioResource().import_data(_dataset(3), dry_run=False, raise_errors=False)

    assert not resultado.has_errors()
    assert Beneficiario.objects.count() == 3
