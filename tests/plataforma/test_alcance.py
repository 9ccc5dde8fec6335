"""Alcance por distrito: ningún modelo con distrito queda sin filtro, y los bordes de django-scopes."""

import pytest
from django.apps import apps
from django.db import models
from django_scopes import ScopeError, scope, scopes_disabled

from beneficiarios.models import Beneficiario
from canastas.alcance import alcance_de, distritos_visibles
from canastas.models import Distrito
from tests.conftest import MIRAFLORES, SURCO
from tests.fabricas import BeneficiarioFactory

# Modelos con distrito que no llevan ScopedManager, cada uno con su razón.
EXENTOS = {
    # La autenticación carga al usuario antes de que exista un alcance; el
    # mantenimiento de usuarios filtra por distrito de forma explícita.
    "usuarios.Usuario",
    # Catálogo sin datos personales; los tipos nacionales tienen distrito NULL,
    # que `distrito__in` no alcanza. `entregas.selectores.tipos_visibles` filtra.
    "entregas.TipoRegistro",
    # Conteos por distrito sin datos de personas; los reportes cruzan distritos a
    # propósito y los leen solo en `reportes.cifras`.
    "reportes.ResumenPadron",
    "reportes.ResumenTipo",
    "reportes.ResumenDiario",
}


def _modelos_con_distrito():
    for modelo in apps.get_models():
        for campo in modelo._meta.get_fields():
            if isinstance(campo, models.ForeignKey) and campo.related_model is Distrito:
                yield modelo
                break


def test_todo_modelo_con_distrito_tiene_alcance():
    sin_alcance = [
        modelo._meta.label
        for modelo in _modelos_con_distrito()
        if modelo._meta.label not in EXENTOS and not hasattr(modelo._default_manager, "with_scopes_disabled")
    ]
    assert sin_alcance == []


def test_hay_modelos_con_distrito():
    # Si el recorrido no encontrara ninguno, la prueba anterior pasaría sin probar nada.
    assert "beneficiarios.Beneficiario" in {m._meta.label for m in _modelos_con_distrito()}


@pytest.mark.django_db
def test_consulta_sin_alcance_falla():
    with pytest.raises(ScopeError):
        with scope():
            list(Beneficiario.objects.all())


@pytest.mark.django_db(transaction=False)
def test_scope_none_no_filtra():
    """Borde de django-scopes: `scope(distrito=None)` devuelve todo. Nunca lo pasamos."""
    with scopes_disabled():
        BeneficiarioFactory(distrito_id=MIRAFLORES)
        BeneficiarioFactory(distrito_id=SURCO)
    with scope(distrito=None):
        assert Beneficiario.objects.count() == 2
    with scope(distrito=[]):
        assert Beneficiario.objects.count() == 0


@pytest.mark.django_db
def test_alcance_de_subadministrador(sub_miraflores):
    with scopes_disabled():
        BeneficiarioFactory(distrito_id=MIRAFLORES)
        BeneficiarioFactory(distrito_id=SURCO)
    with alcance_de(sub_miraflores):
        assert list(Beneficiario.objects.values_list("distrito_id", flat=True)) == [MIRAFLORES]


@pytest.mark.django_db
def test_alcance_de_invitado_nacional_es_vacio(invitado_nacional):
    with scopes_disabled():
        BeneficiarioFactory(distrito_id=MIRAFLORES)
    assert distritos_visibles(invitado_nacional) == []
    with alcance_de(invitado_nacional):
        assert Beneficiario.objects.count() == 0


@pytest.mark.django_db
def test_alcance_de_usuario_inactivo_es_vacio(sub_miraflores):
    sub_miraflores.is_active = False
    with scopes_disabled():
        BeneficiarioFactory(distrito_id=MIRAFLORES)
    with alcance_de(sub_miraflores):
        assert Beneficiario.objects.count() == 0


@pytest.mark.django_db
def test_alcance_de_administrador_ve_todo(admin):
    with scopes_disabled():
        BeneficiarioFactory(distrito_id=MIRAFLORES)
        BeneficiarioFactory(distrito_id=SURCO)
    with alcance_de(admin):
        assert Beneficiario.objects.count() == 2
