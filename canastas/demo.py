"""Datos sintéticos realistas para demostraciones y pruebas de carga.

Todo lo generado es inventado. Los documentos de demostración usan el rango
70000000–79999999 y la fuente «Demostración», para reconocerlos y reemplazarlos.
"""

import random
from collections.abc import Iterator
from datetime import date, timedelta

FUENTE_DEMO = "Demostración"
PRIMER_DNI_DEMO = 70_000_000

APELLIDOS = [
    "QUISPE", "MAMANI", "HUAMÁN", "FLORES", "RAMOS", "CHÁVEZ", "GARCÍA", "ROJAS", "SÁNCHEZ", "DÍAZ",
    "TORRES", "VARGAS", "MENDOZA", "CASTILLO", "CONDORI", "ÑAUPARI", "CCOPA", "APAZA", "YUPANQUI", "PAREDES",
    "GUTIÉRREZ", "CÁRDENAS", "ESPINOZA", "MORALES", "VILCA", "TICONA", "HUARCAYA", "SALAZAR", "LÓPEZ", "PEÑA",
]
NOMBRES_F = ["MARÍA", "ROSA", "CARMEN", "JUANA", "LUZ", "ANA", "ELENA", "SONIA", "GLADYS", "YOLANDA", "LIDIA"]
NOMBRES_M = ["JOSÉ", "LUIS", "JUAN", "CARLOS", "PEDRO", "JORGE", "VÍCTOR", "MIGUEL", "RAÚL", "ÁNGEL", "CÉSAR"]
VIAS = ["AV.", "JR.", "CALLE", "PSJE.", "MZ."]
NOMBRES_VIA = ["LAS CAMELIAS", "GRAU", "LOS PINOS", "LIBERTAD", "SAN MARTÍN", "PROCERES", "LOS OLIVOS", "LIMA"]


def hogares_demo(cantidad: int, distritos: list[str], *, semilla: int = 2020) -> Iterator[dict]:
    """Genera `cantidad` hogares repartidos entre `distritos`, siempre iguales para una semilla."""
    azar = random.Random(semilla)
    hoy = date.today()
    for indice in range(cantidad):
        femenino = azar.random() < 0.6
        nacimiento = hoy - timedelta(days=azar.randint(18 * 365, 85 * 365))
        yield {
            "distrito_id": azar.choice(distritos),
            "tipo_documento": "DNI",
            "numero_documento": f"{PRIMER_DNI_DEMO + indice:08d}",
            "apellido_paterno": azar.choice(APELLIDOS),
            "apellido_materno": azar.choice(APELLIDOS),
            "nombres": azar.choice(NOMBRES_F if femenino else NOMBRES_M),
            "fecha_nacimiento": nacimiento,
            "sexo": "F" if femenino else "M",
            "telefono": f"9{azar.randint(10_000_000, 99_999_999)}" if azar.random() < 0.8 else "",
            "direccion": f"{azar.choice(VIAS)} {azar.choice(NOMBRES_VIA)} {azar.randint(1, 1500)}",
            "miembros_hogar": azar.choice([1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 6, 7, 8]),
            "es_adulto_mayor": nacimiento.year < hoy.year - 65,
        }
