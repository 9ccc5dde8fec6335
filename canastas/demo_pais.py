"""Datos de demostración del tamaño de un país: hogares, programaciones y entregas en texto para COPY.

Todo es inventado y sale de una semilla. La misma semilla el mismo día da las mismas filas, pero
las fechas se cuentan hacia atrás desde hoy: las entregas cubren las 8 semanas que terminan ayer,
en hora de Lima.

El plan se arma en dos pasos. Primero se reparte a los hogares entre distritos (por peso), se
decide a qué tipos de registro está programado cada uno y cuántas entregas recibe cada distrito,
de modo que el total sea exactamente el pedido. Después `PlanPais.bloque` escribe, por tramos de
hogares, las filas de las tres tablas en el formato de texto de COPY.
"""

import random
import uuid
from array import array
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from canastas.demo import (
    APELLIDOS, DISTRITOS_SIEMPRE_ACTIVOS, FUENTE_DEMO, NOMBRES_F, NOMBRES_M, NOMBRES_VIA, PRIMER_DNI_DEMO, VIAS,
    es_urbano, peso_distrito,
)
from canastas.texto import miles, texto_busqueda

# Perú no cambia de hora en el año: Lima es siempre UTC−5.
LIMA = timezone(timedelta(hours=-5))
DIAS_DE_CAMPANA = 56
NULO = r"\N"


@dataclass(frozen=True)
class TipoDemo:
    """Un tipo de registro nacional de demostración, con los días de la campaña en que se entrega."""

    codigo: str
    nombre: str
    tipo_bien: str
    costo_unitario: str
    primer_dia: int
    ultimo_dia: int
    fraccion_programada: float
    kit: tuple[tuple[str, str, str], ...]


KIT_VIVERES = (
    ("Arroz", "kg", "5"), ("Menestra (lenteja)", "kg", "2"), ("Azúcar", "kg", "2"),
    ("Aceite vegetal", "litro", "1"), ("Fideos", "kg", "2"), ("Conserva de pescado", "lata", "4"),
    ("Leche evaporada", "lata", "6"),
)
KIT_HIGIENE = (
    ("Jabón de tocador", "unidad", "4"), ("Papel higiénico", "rollo", "4"), ("Detergente", "kg", "1"),
    ("Lejía", "litro", "1"),
)
TIPOS_DEMO = (
    TipoDemo("demo-canasta-1", "Canasta de víveres — 1.ª entrega (demostración)", "Canasta de víveres",
             "95.00", 0, 41, 0.95, KIT_VIVERES),
    TipoDemo("demo-canasta-2", "Canasta de víveres — 2.ª entrega (demostración)", "Canasta de víveres",
             "95.00", 21, DIAS_DE_CAMPANA - 1, 0.88, KIT_VIVERES),
    TipoDemo("demo-higiene", "Kit de higiene (demostración)", "Kit de higiene",
             "35.00", 35, DIAS_DE_CAMPANA - 1, 0.60, KIT_HIGIENE),
)

# Hogares no programados para un tipo que igual lo reciben (llegaron al punto de entrega).
FRACCION_SIN_PROGRAMAR = 0.03
FRACCION_BAJA = 0.004
FRACCION_HOGAR_OBSERVADO = 0.01
# Ningún distrito llega al 100 %: siempre queda algún hogar que no recogió su canasta.
TOPE_AVANCE = 0.985
FRACCION_SIN_EMPEZAR = 0.03
FRACCION_DETENIDOS = 0.08
FRACCION_OBSERVADAS = 0.03
FRACCION_ANULADAS = 0.003
# Una entrega de cada tantas se registró dos veces: la primera queda anulada y la segunda vale.
UNA_DUPLICADA_CADA = 300

ORIGENES = ("app", "web", "carga_masiva")
PESOS_ORIGEN_URBANO = (72, 22, 6)
PESOS_ORIGEN_RURAL = (45, 12, 43)
DISPOSITIVOS_APP = ("Android 13; SM-A145M", "Android 12; Redmi 10C", "Android 14; moto g54 5G", "Android 11; A03s")
NAVEGADOR_WEB = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0"
OBSERVACIONES = (
    "Foto de la planilla ilegible.",
    "La firma de la planilla no coincide con la del DNI.",
    "Punto GPS lejos del distrito; verificar dirección.",
)
# Probabilidades acumuladas: 55 % a domicilio, 35 % en un punto de entrega, 10 % en la comunidad.
TIPOS_ENTREGA = ((0.55, "domicilio"), (0.90, "punto"), (1.0, "comunidad"))
# Franja de edad (índice en miembros_0_5 … miembros_60_mas) de cada integrante además de quien recibe.
FRANJAS_DE_EDAD = ((0.13, 0), (0.38, 1), (0.88, 2), (1.0, 3))
PUNTOS_ENTREGA = ("", "Local comunal", "Parroquia", "Colegio", "Municipalidad", "Loza deportiva")

COLUMNAS_BENEFICIARIO = (
    "id", "distrito_id", "tipo_documento", "numero_documento", "apellido_paterno", "apellido_materno", "nombres",
    "fecha_nacimiento", "sexo", "telefono", "direccion", "referencia", "centro_poblado", "miembros_hogar",
    "es_adulto_mayor", "tiene_discapacidad", "es_gestante", "fuente", "estado", "busqueda", "creado", "modificado",
)
COLUMNAS_PROGRAMACION = (
    "beneficiario_id", "tipo_registro_id", "distrito_id", "fecha_programada", "punto_entrega", "creado_por_id",
    "creado",
)
COLUMNAS_ENTREGA = (
    "uuid_cliente", "beneficiario_id", "tipo_registro_id", "distrito_id", "operador_id", "tipo_documento",
    "numero_documento", "nombres_receptor", "direccion", "telefono", "motivo_inclusion", "tipo_entrega",
    "miembros_0_5", "miembros_6_17", "miembros_18_59", "miembros_60_mas", "foto_dni_planilla",
    "sha256_dni_planilla", "foto_beneficiario", "sha256_beneficiario", "consentimiento_foto", "latitud",
    "longitud", "precision_m", "fecha_entrega", "registrado", "dispositivo", "origen", "estado", "observaciones",
)

# Bits de `PlanPais.marcas`, un byte por hogar: programado al tipo i (bit i), puede recibir
# el tipo i (bit 3 + i), dado de baja, observado.
BIT_ELEGIBLE = 3
BIT_BAJA = 1 << 6
BIT_OBSERVADO = 1 << 7


@dataclass
class DistritoDemo:
    codigo: str
    latitud: float | None
    longitud: float | None


@dataclass
class Bloque:
    """Filas de un tramo de hogares en texto de COPY, y cuántas hay de cada tabla."""

    beneficiarios: str
    programaciones: str
    entregas: str
    hogares: int
    cantidad_programaciones: int
    cantidad_entregas: int


class SinCupoError(ValueError):
    """Se pidieron más entregas que hogares programados pueden recibir."""


class PlanPais:
    """Reparto de hogares y entregas entre distritos, y generador de sus filas por tramos.

    `bloque` recibe los ids de los tipos de registro de TIPOS_DEMO en ese orden, y los ids de los
    operadores de cada distrito que recibe entregas. También recibe `hogar_ids`, ids reservados de
    la secuencia de beneficiarios, uno por hogar.
    """

    def __init__(self, distritos: list[DistritoDemo], hogares: int, entregas: int, *, semilla: int, hoy: date):
        self.distritos = distritos
        self.hogares = hogares
        self.entregas = entregas
        self.semilla = semilla
        self.hoy = hoy
        self.ahora = datetime.now(LIMA)
        self.inicio = hoy - timedelta(days=DIAS_DE_CAMPANA)
        self.medianoches = [
            datetime.combine(self.inicio + timedelta(days=dia), time(0), LIMA) for dia in range(DIAS_DE_CAMPANA)
        ]

        self._repartir_hogares()
        self._marcar_hogares()
        self._perfilar_distritos()
        # Las duplicadas agregan una fila anulada cada una: las entregas vigentes son menos.
        self.duplicadas = entregas // UNA_DUPLICADA_CADA
        self.seleccionadas = entregas - self.duplicadas
        self.por_entregar = repartir_entregas(self.seleccionadas, self.cupos, self.factores)
        self.cupos_restantes = list(self.cupos)
        self.indice_seleccion = 0
        self.paso_duplicada = self.seleccionadas // self.duplicadas if self.duplicadas else 0

        self.azar_hogar = random.Random(f"{semilla}-hogares")
        self.azar_entrega = random.Random(f"{semilla}-entregas")

    # --- Primer paso: el reparto ---

    def _repartir_hogares(self) -> None:
        azar = random.Random(f"{self.semilla}-distritos")
        acumulado, total = [], 0
        for distrito in self.distritos:
            total += peso_distrito(distrito.codigo)
            acumulado.append(total)
        indices = range(len(self.distritos))
        self.distrito_de_hogar = array("H", azar.choices(indices, cum_weights=acumulado, k=self.hogares))

    def _marcar_hogares(self) -> None:
        azar = random.Random(f"{self.semilla}-programas")
        self.marcas = bytearray(self.hogares)
        self.cupos = [0] * len(self.distritos)
        for hogar in range(self.hogares):
            sorteo = azar.random()
            if sorteo < FRACCION_BAJA:
                self.marcas[hogar] = BIT_BAJA
                continue
            marca = BIT_OBSERVADO if sorteo < FRACCION_BAJA + FRACCION_HOGAR_OBSERVADO else 0
            for posicion, tipo in enumerate(TIPOS_DEMO):
                if azar.random() < tipo.fraccion_programada:
                    marca |= (1 << posicion) | (1 << (BIT_ELEGIBLE + posicion))
                elif azar.random() < FRACCION_SIN_PROGRAMAR:
                    marca |= 1 << (BIT_ELEGIBLE + posicion)
            self.marcas[hogar] = marca
            self.cupos[self.distrito_de_hogar[hogar]] += (marca >> BIT_ELEGIBLE & 0b111).bit_count()

    def _perfilar_distritos(self) -> None:
        """Ritmo de cada distrito: unos van atrasados, unos pocos no empezaron, otros dejaron de entregar."""
        azar = random.Random(f"{self.semilla}-ritmo")
        self.factores, self.ultimos_dias, self.pesos_origen = [], [], []
        for distrito in self.distritos:
            ultimo_dia = DIAS_DE_CAMPANA - 1
            if distrito.codigo in DISTRITOS_SIEMPRE_ACTIVOS:
                factor = 1.0
            elif azar.random() < FRACCION_SIN_EMPEZAR:
                factor = 0.0
            else:
                factor = 0.55 + 0.45 * azar.random()
                if azar.random() < FRACCION_DETENIDOS:
                    ultimo_dia -= azar.randint(8, 20)
            self.factores.append(factor)
            self.ultimos_dias.append(ultimo_dia)
            self.pesos_origen.append(PESOS_ORIGEN_URBANO if es_urbano(distrito.codigo) else PESOS_ORIGEN_RURAL)

    def operadores_necesarios(self) -> dict[str, int]:
        """Operadores de demostración por distrito: uno por cada 15 000 entregas, de 1 a 12."""
        return {
            distrito.codigo: min(12, 1 + cantidad // 15_000)
            for distrito, cantidad in zip(self.distritos, self.por_entregar)
            if cantidad
        }

    # --- Segundo paso: las filas ---

    def bloque(
        self, inicio: int, fin: int, *, hogar_ids, tipos_ids: list[int], operadores: dict[str, list[int]],
        programador_id: int,
    ) -> Bloque:
        """Escribe las filas de los hogares `inicio` a `fin - 1`. Hay que pedir los tramos en orden."""
        beneficiarios, programaciones, entregas = [], [], []
        creado = self.ahora.isoformat(sep=" ")
        for hogar in range(inicio, fin):
            indice_distrito = self.distrito_de_hogar[hogar]
            distrito = self.distritos[indice_distrito]
            marca = self.marcas[hogar]
            datos = self._hogar(hogar, hogar_ids[hogar], distrito.codigo, marca, creado)
            beneficiarios.append(datos["linea"])

            for posicion, tipo in enumerate(TIPOS_DEMO):
                if marca & (1 << posicion):
                    fecha = self.inicio + timedelta(days=tipo.primer_dia + self.azar_hogar.randrange(7))
                    punto = self.azar_hogar.choice(PUNTOS_ENTREGA)
                    programaciones.append(
                        f"{hogar_ids[hogar]}\t{tipos_ids[posicion]}\t{distrito.codigo}\t{fecha}\t{punto}\t"
                        f"{programador_id}\t{creado}"
                    )
                if marca & (1 << (BIT_ELEGIBLE + posicion)) and self._seleccionar(indice_distrito):
                    entregas.extend(self._entregas(datos, distrito, indice_distrito, posicion, tipo, tipos_ids, operadores))

        return Bloque(
            beneficiarios="\n".join(beneficiarios) + "\n" if beneficiarios else "",
            programaciones="\n".join(programaciones) + "\n" if programaciones else "",
            entregas="\n".join(entregas) + "\n" if entregas else "",
            hogares=len(beneficiarios),
            cantidad_programaciones=len(programaciones),
            cantidad_entregas=len(entregas),
        )

    def _hogar(self, hogar: int, hogar_id: int, codigo: str, marca: int, creado: str) -> dict:
        azar = self.azar_hogar
        femenino = azar.random() < 0.6
        nacimiento = self.hoy - timedelta(days=azar.randrange(18 * 365, 85 * 365))
        paterno, materno = azar.choice(APELLIDOS), azar.choice(APELLIDOS)
        nombres = azar.choice(NOMBRES_F if femenino else NOMBRES_M)
        numero = f"{PRIMER_DNI_DEMO + hogar:08d}"
        telefono = f"9{azar.randrange(10_000_000, 100_000_000)}" if azar.random() < 0.8 else ""
        direccion = f"{azar.choice(VIAS)} {azar.choice(NOMBRES_VIA)} {azar.randrange(1, 1501)}"
        miembros = azar.choice((1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 6, 7, 8))
        adulto_mayor = nacimiento.year < self.hoy.year - 65
        discapacidad = azar.random() < 0.04
        gestante = femenino and not adulto_mayor and azar.random() < 0.02
        estado = "activo"
        if marca & BIT_BAJA:
            estado = "baja"
        elif marca & BIT_OBSERVADO:
            estado = "observado"
        busqueda = texto_busqueda(paterno, materno, nombres, numero)
        linea = "\t".join((
            str(hogar_id), codigo, "DNI", numero, paterno, materno, nombres, nacimiento.isoformat(),
            "F" if femenino else "M", telefono, direccion, "", "", str(miembros), _booleano(adulto_mayor),
            _booleano(discapacidad), _booleano(gestante), FUENTE_DEMO, estado, busqueda, creado, creado,
        ))
        return {
            "id": hogar_id, "numero": numero, "receptor": f"{nombres} {paterno} {materno}", "telefono": telefono,
            "direccion": direccion, "miembros": miembros, "adulto_mayor": adulto_mayor, "linea": linea,
        }

    def _seleccionar(self, indice_distrito: int) -> bool:
        """Muestreo secuencial: cada distrito termina con exactamente `por_entregar` entregas."""
        restantes = self.cupos_restantes[indice_distrito]
        faltan = self.por_entregar[indice_distrito]
        self.cupos_restantes[indice_distrito] = restantes - 1
        if faltan and self.azar_entrega.random() * restantes < faltan:
            self.por_entregar[indice_distrito] = faltan - 1
            return True
        return False

    def _entregas(self, hogar: dict, distrito: DistritoDemo, indice_distrito: int, posicion: int, tipo: TipoDemo,
                  tipos_ids: list[int], operadores: dict[str, list[int]]) -> list[str]:
        azar = self.azar_entrega
        ultimo = min(tipo.ultimo_dia, self.ultimos_dias[indice_distrito])
        primero = tipo.primer_dia if tipo.primer_dia <= ultimo else max(0, ultimo - 6)
        fecha = self.medianoches[primero + azar.randrange(ultimo - primero + 1)]
        fecha += timedelta(seconds=8 * 3600 + azar.randrange(10 * 3600))
        origen = azar.choices(ORIGENES, weights=self.pesos_origen[indice_distrito])[0]

        sorteo = azar.random()
        estado, observaciones = "valida", ""
        if sorteo < FRACCION_ANULADAS:
            estado, observaciones = "anulada", "Anulada: registrada por error; el hogar no recibió la canasta."
        elif sorteo < FRACCION_ANULADAS + FRACCION_OBSERVADAS:
            estado, observaciones = "observada", azar.choice(OBSERVACIONES)

        comunes = {
            "hogar": hogar, "distrito": distrito, "tipo_id": tipos_ids[posicion], "origen": origen,
            "operador": azar.choice(operadores[distrito.codigo]),
        }
        filas = []
        if self._es_duplicada():
            anulada = fecha - timedelta(minutes=azar.randrange(10, 120))
            filas.append(self._linea_entrega(
                **comunes, fecha=anulada, estado="anulada", observaciones="Anulada: se registró dos veces.",
            ))
        filas.append(self._linea_entrega(**comunes, fecha=fecha, estado=estado, observaciones=observaciones))
        return filas

    def _es_duplicada(self) -> bool:
        indice = self.indice_seleccion
        self.indice_seleccion += 1
        if not self.paso_duplicada:
            return False
        return indice % self.paso_duplicada == self.paso_duplicada // 2 and indice // self.paso_duplicada < self.duplicadas

    def _linea_entrega(self, *, hogar, distrito, tipo_id, origen, operador, fecha, estado, observaciones) -> str:
        azar = self.azar_entrega
        miembros = _miembros_por_edad(azar, hogar["miembros"], hogar["adulto_mayor"])

        if origen == "app":
            registrado, dispositivo = fecha + timedelta(seconds=azar.randrange(30, 3 * 3600)), azar.choice(DISPOSITIVOS_APP)
        elif origen == "web":
            registrado, dispositivo = fecha + timedelta(seconds=azar.randrange(5, 300)), NAVEGADOR_WEB
        else:
            registrado, dispositivo = fecha + timedelta(days=azar.randrange(1, 6), seconds=azar.randrange(86_400)), ""
        registrado = min(registrado, self.ahora)

        if origen != "carga_masiva" and distrito.latitud is not None:
            latitud = f"{distrito.latitud + azar.uniform(-0.02, 0.02):.6f}"
            longitud = f"{distrito.longitud + azar.uniform(-0.02, 0.02):.6f}"
            precision = str(azar.randrange(4, 60))
        else:
            latitud = longitud = precision = NULO

        tipo_entrega = _sortear(azar, TIPOS_ENTREGA)
        return "\t".join((
            str(uuid.UUID(int=azar.getrandbits(128), version=4)), str(hogar["id"]), str(tipo_id), distrito.codigo,
            str(operador), "DNI", hogar["numero"], hogar["receptor"], hogar["direccion"], hogar["telefono"], "",
            tipo_entrega, *map(str, miembros), "", "", "", "", "f", latitud, longitud, precision,
            fecha.isoformat(sep=" "), registrado.isoformat(sep=" "), dispositivo, origen, estado, observaciones,
        ))


def repartir_entregas(total: int, cupos: list[int], factores: list[float]) -> list[int]:
    """Reparte `total` entregas entre distritos según sus cupos por su ritmo, sin pasar TOPE_AVANCE.

    Si los distritos que ya empezaron no alcanzan, el resto va a los demás según sus cupos.
    Lanza SinCupoError cuando ni así alcanzan.
    """
    capacidad = [int(cupo * TOPE_AVANCE) for cupo in cupos]
    if total > sum(capacidad):
        raise SinCupoError(
            f"Se pidieron {miles(total)} entregas, pero los hogares programados solo admiten {miles(sum(capacidad))}."
        )

    asignadas = [0] * len(cupos)
    restantes = total
    pesos_por_fase = ([cupo * factor for cupo, factor in zip(cupos, factores)], [float(cupo) for cupo in cupos])
    for pesos in pesos_por_fase:
        while restantes > 0:
            abiertos = [d for d, peso in enumerate(pesos) if peso > 0 and asignadas[d] < capacidad[d]]
            if not abiertos:
                break
            suma = sum(pesos[d] for d in abiertos)
            cuotas = [(restantes * pesos[d] / suma, d) for d in abiertos]
            dadas = 0
            for cuota, d in cuotas:
                cantidad = min(int(cuota), capacidad[d] - asignadas[d])
                asignadas[d] += cantidad
                dadas += cantidad
            if dadas == 0:
                # Todas las cuotas son menores que 1: una entrega a cada una de las mayores.
                for _, d in sorted(cuotas, reverse=True)[:restantes]:
                    asignadas[d] += 1
                    dadas += 1
            restantes -= dadas
    return asignadas


def _miembros_por_edad(azar: random.Random, miembros: int, adulto_mayor: bool) -> tuple[int, int, int, int]:
    """Integrantes por franja (0–5, 6–17, 18–59, 60+) que suman `miembros`; quien recibe es adulto."""
    franjas = [0, 0, 0, 1] if adulto_mayor else [0, 0, 1, 0]
    for _ in range(miembros - 1):
        franjas[_sortear(azar, FRANJAS_DE_EDAD)] += 1
    return tuple(franjas)


def _sortear(azar: random.Random, acumuladas: tuple[tuple[float, object], ...]):
    """Devuelve el valor del primer tramo cuya probabilidad acumulada pasa el sorteo."""
    sorteo = azar.random()
    for limite, valor in acumuladas:
        if sorteo < limite:
            return valor
    return acumuladas[-1][1]


def _booleano(valor: bool) -> str:
    return "t" if valor else "f"
