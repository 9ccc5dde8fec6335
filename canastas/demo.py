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


# --- Datos del tamaño de un país (datos_demo --entregas N) ---

# Pesos inventados que imitan cómo se concentra la población: mucho en Lima Metropolitana y el
# Callao, bastante en las capitales de provincia, poco en el resto. No son cifras censales.
PESO_DISTRITO = 1
PESO_CAPITAL_PROVINCIA = 6
PESO_LIMA_CALLAO = 25
PESOS_DISTRITOS_GRANDES = {
    "150132": 260,  # San Juan de Lurigancho: debe pasar de 100 000 entregas con 3 millones.
    "150135": 130,  # San Martín de Porres
    "150103": 110,  # Ate
    "150110": 95,  # Comas
    "150143": 75,  # Villa María del Triunfo
    "150142": 75,  # Villa El Salvador
    "070101": 80,  # Callao
    "150133": 70,  # San Juan de Miraflores
    "150106": 60,  # Carabayllo
    "150125": 60,  # Puente Piedra
    "150117": 60,  # Los Olivos
    "150140": 60,  # Santiago de Surco
    "150108": 55,  # Chorrillos
    "130101": 55,  # Trujillo
    "200101": 45,  # Piura
    "140101": 45,  # Chiclayo
    "040101": 40,  # Arequipa
}
# Distritos de los usuarios de demostración y del benchmark: siempre entregan hasta ayer.
DISTRITOS_SIEMPRE_ACTIVOS = {"150132", "150122", "150140"}


def peso_distrito(codigo: str) -> int:
    """Peso relativo de un distrito al repartir los hogares de demostración."""
    if codigo in PESOS_DISTRITOS_GRANDES:
        return PESOS_DISTRITOS_GRANDES[codigo]
    if codigo[:4] in ("1501", "0701"):
        return PESO_LIMA_CALLAO
    if codigo.endswith("01"):
        return PESO_CAPITAL_PROVINCIA
    return PESO_DISTRITO


def es_urbano(codigo: str) -> bool:
    """Lima, el Callao y las capitales de provincia: más entregas por el aplicativo, menos por carga masiva."""
    return codigo[:4] in ("1501", "0701") or codigo.endswith("01")
