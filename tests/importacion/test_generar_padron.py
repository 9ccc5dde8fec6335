"""Generador de padrones para medir velocidad: el archivo que arma se lee y valida como se espera."""

from beneficiarios.importacion.validacion import validar_padron
from tests.importacion.conftest import HOY
from tests.importacion.generar_padron import UBIGEOS, generar_padron_xlsx


def test_padron_generado_valida(tmp_path):
    ruta = tmp_path / "padron.xlsx"
    generar_padron_xlsx(ruta, 200)

    resultado = validar_padron(ruta, ubigeos_validos=set(UBIGEOS), hoy=HOY)

    assert resultado.filas == 200
    assert len(resultado.rechazadas) == 4
    assert {error.codigo for error in resultado.errores} == {"E-SEXO"}


def test_padron_generado_trae_rarezas(tmp_path):
    ruta = tmp_path / "padron.xlsx"
    generar_padron_xlsx(ruta, 200)

    resultado = validar_padron(ruta, ubigeos_validos=set(UBIGEOS), hoy=HOY)

    # DNI de 7 dígitos en las filas múltiplo de 10: 20 filas, menos 6 escritas como texto con
    # ceros (múltiplos de 30) y 3 numéricas rechazadas por sexo (50, 100 y 200).
    codigos = [advertencia.codigo for fila in resultado.validas for advertencia in fila.advertencias]
    assert codigos.count("W-PAD") == 11
    assert all(len(fila.valores["numero_documento"]) == 8 for fila in resultado.validas)
    assert all(len(fila.valores["ubigeo"]) == 6 for fila in resultado.validas)
    assert all(len(fila.valores["telefono"]) == 9 for fila in resultado.validas)
