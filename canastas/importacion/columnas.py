"""Definición genérica de columnas para importar hojas de cálculo.

Cada importación declara sus columnas (`Columna` y subclases). Una columna sabe
qué encabezados la nombran y cómo limpiar un valor de celda: devuelve el valor
limpio o lanza `ErrorCelda` con un código y un mensaje para el usuario, y puede
dejar advertencias en el `Contexto` de la fila. `MapeadorEncabezados` reconoce
la fila de encabezados y asigna cada columna del archivo a su definición.

Los mensajes de `ErrorCelda` describen el valor y cómo corregirlo. Quien valida
la fila les antepone la fila y la columna, como en «Fila 7, columna «sexo»: …».
"""

import datetime
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from canastas.hojas.escritor import quitar_neutralizacion
from canastas.hojas.lector import ArchivoRechazado, letra_columna

# Espacios de ancho cero y BOM: invisibles, llegan al copiar desde la web o desde PDF.
_ANCHO_CERO = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff"))

# Signos que se quitan de los encabezados, como en «N°», «Nº» y «Nro.»; el guion bajo vale espacio.
_SIGNOS_ENCABEZADO = dict.fromkeys(map(ord, "°º."), " ")
_SIGNOS_ENCABEZADO[ord("_")] = " "

_LARGO_MAXIMO_CITA = 60


class ErrorCelda(Exception):
    """Valor de celda rechazado, con su código (E-…) y un mensaje para el usuario."""

    def __init__(self, codigo: str, mensaje: str):
        super().__init__(mensaje)
        self.codigo = codigo
        self.mensaje = mensaje


def limpiar_texto(texto: str) -> str:
    """Limpia un texto de celda: NFC, sin caracteres de ancho cero y con espacios simples.

    Los espacios Unicode (NBSP, espacio fino, etc.), tabulaciones y saltos de
    línea se vuelven un solo espacio, y se quitan los de los extremos. Se
    conservan mayúsculas y minúsculas.
    """
    if not texto.isascii():
        texto = unicodedata.normalize("NFC", texto.translate(_ANCHO_CERO))
    # str.split() sin argumentos corta en todo carácter con isspace(), NBSP incluido.
    return " ".join(texto.split())


def limpiar_texto_celda(texto: str) -> str:
    """Limpia un texto de celda y quita el apóstrofo que agrega la exportación CSV."""
    texto = limpiar_texto(texto)
    if texto.startswith("'"):
        texto = limpiar_texto(quitar_neutralizacion(texto))
    return texto


def quitar_tildes(texto: str) -> str:
    """Quita tildes y diéresis (á→a, ñ→n, ü→u) descomponiendo en NFD."""
    if texto.isascii():
        return texto
    descompuesto = unicodedata.normalize("NFD", texto)
    return "".join(caracter for caracter in descompuesto if not unicodedata.combining(caracter))


def normalizar_encabezado(texto: Any) -> str:
    """Normaliza un encabezado para compararlo con los nombres y sinónimos conocidos.

    Quita espacios de los extremos, vuelve espacio el NBSP y el guion bajo, pasa
    a minúsculas, quita tildes y los signos °, º y punto, y deja espacios simples.
    Así «N° DNI», «n_dni» y «Nro. DNI» dan «n dni» y «nro dni».
    """
    if texto is None:
        return ""
    if not isinstance(texto, str):
        texto = str(texto)
    texto = quitar_tildes(limpiar_texto(texto).lower())
    return " ".join(texto.translate(_SIGNOS_ENCABEZADO).split())


def citar(valor: str) -> str:
    """Devuelve el valor entre comillas latinas, recortado si es muy largo."""
    if len(valor) > _LARGO_MAXIMO_CITA:
        valor = valor[: _LARGO_MAXIMO_CITA - 1] + "…"
    return f"«{valor}»"


def valor_a_texto(valor: Any) -> str:
    """Texto de un valor de celda tal como llegó, para mostrarlo en un error.

    Un número entero guardado como decimal (4.0) se muestra sin decimales y una
    fecha como dd/mm/aaaa.
    """
    if valor is None:
        return ""
    if isinstance(valor, str):
        return valor
    if isinstance(valor, bool):
        return "VERDADERO" if valor else "FALSO"
    if isinstance(valor, float):
        if math.isfinite(valor) and valor.is_integer():
            return str(int(valor))
        return repr(valor)
    if isinstance(valor, datetime.datetime):
        if valor.time() == datetime.time(0):
            return valor.strftime("%d/%m/%Y")
        return valor.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(valor, datetime.date):
        return valor.strftime("%d/%m/%Y")
    return str(valor)


class Contexto:
    """Datos de la fila que se está limpiando, compartidos por sus columnas.

    `valores` tiene los valores ya limpios de las columnas anteriores de la
    misma fila (por ejemplo, el número de documento depende del tipo).
    `epoca_1904` indica que el libro de Excel cuenta las fechas desde 1904.
    """

    __slots__ = ("fila", "hoy", "epoca_1904", "valores", "advertencias")

    def __init__(self, *, hoy: datetime.date, epoca_1904: bool = False):
        self.fila = 0
        self.hoy = hoy
        self.epoca_1904 = epoca_1904
        self.valores: dict[str, Any] = {}
        self.advertencias: list[tuple[str, str, str]] = []

    def advertir(self, columna: "Columna", codigo: str, mensaje: str) -> None:
        """Registra una advertencia (W-…) de la fila actual; la fila igual se importa."""
        self.advertencias.append((columna.nombre, codigo, mensaje))


class Columna:
    """Columna de una importación: nombre, encabezados aceptados y limpieza del valor.

    `sinonimos` son los encabezados que también nombran a la columna; se
    comparan ya normalizados con `normalizar_encabezado`, y el nombre mismo
    siempre se acepta. Una columna `requerida` debe estar en el archivo y no
    puede quedar vacía (E-REQUERIDO). Una columna opcional vacía devuelve `vacio`.

    Las subclases implementan `convertir`, que recibe el texto ya limpio o
    el valor no textual de la celda (número, fecha, booleano).
    """

    codigo_requerido = "E-REQUERIDO"

    def __init__(
        self,
        nombre: str,
        *,
        sinonimos: Iterable[str] = (),
        requerida: bool = False,
        etiqueta: str | None = None,
        vacio: Any = "",
    ):
        self.nombre = nombre
        self.sinonimos = tuple(sinonimos)
        self.requerida = requerida
        self.etiqueta = etiqueta or nombre
        self.vacio = vacio

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.nombre}>"

    def encabezados_aceptados(self) -> set[str]:
        return {normalizar_encabezado(texto) for texto in (self.nombre, *self.sinonimos)}

    def limpiar(self, valor: Any, contexto: Contexto) -> Any:
        """Devuelve el valor limpio de la celda o lanza `ErrorCelda`."""
        if valor.__class__ is str:
            # Es `limpiar_texto_celda` escrita en línea: se llama una vez por celda.
            if valor.isascii():
                valor = " ".join(valor.split())
            else:
                valor = limpiar_texto(valor)
            if not valor:
                return self.valor_vacio(contexto)
            if valor[0] == "'":
                valor = limpiar_texto(quitar_neutralizacion(valor))
        elif valor is None:
            return self.valor_vacio(contexto)
        return self.convertir(valor, contexto)

    def valor_vacio(self, contexto: Contexto) -> Any:
        if self.requerida:
            raise ErrorCelda(
                self.codigo_requerido,
                f"la celda está vacía y es obligatoria. Escriba {self.etiqueta} en esta fila.",
            )
        return self.vacio

    def convertir(self, valor: Any, contexto: Contexto) -> Any:
        return valor if isinstance(valor, str) else valor_a_texto(valor)


class ColumnaTexto(Columna):
    """Texto limpio con largo máximo y, si se da `patron`, caracteres permitidos."""

    def __init__(
        self,
        nombre: str,
        *,
        largo_maximo: int,
        patron: re.Pattern | None = None,
        descripcion_permitidos: str = "",
        codigo_largo: str = "E-LONGITUD",
        codigo_caracteres: str = "E-CARACTERES",
        **opciones,
    ):
        super().__init__(nombre, **opciones)
        self.largo_maximo = largo_maximo
        self.patron = patron
        self.descripcion_permitidos = descripcion_permitidos
        self.codigo_largo = codigo_largo
        self.codigo_caracteres = codigo_caracteres

    def convertir(self, valor: Any, contexto: Contexto) -> str:
        texto = valor if isinstance(valor, str) else valor_a_texto(valor)
        if len(texto) > self.largo_maximo:
            raise ErrorCelda(
                self.codigo_largo,
                f"el texto {citar(texto)} tiene {len(texto)} caracteres y el máximo es {self.largo_maximo}. "
                "Acórtelo.",
            )
        if self.patron is not None and self.patron.fullmatch(texto) is None:
            raise ErrorCelda(
                self.codigo_caracteres,
                f"el valor {citar(texto)} tiene caracteres no permitidos. "
                f"Use solo {self.descripcion_permitidos}.",
            )
        return texto


class ColumnaOpciones(Columna):
    """Valor de una lista cerrada: `opciones` lleva cada forma aceptada a su valor guardado.

    Las claves de `opciones` se comparan en mayúsculas, sin tildes, sin puntos ni
    espacios: así se reconocen «D.N.I.» y «carné de extranjería».
    """

    def __init__(self, nombre: str, *, opciones: Mapping[str, str], codigo: str, ayuda: str, **otras):
        super().__init__(nombre, **otras)
        self.opciones = {self.clave(forma): valor for forma, valor in opciones.items()}
        self.codigo = codigo
        self.ayuda = ayuda

    @staticmethod
    def clave(texto: str) -> str:
        return "".join(quitar_tildes(texto).upper().replace(".", "").split())

    def convertir(self, valor: Any, contexto: Contexto) -> str:
        texto = valor if isinstance(valor, str) else valor_a_texto(valor)
        encontrado = self.opciones.get(texto)
        if encontrado is None:
            encontrado = self.opciones.get(self.clave(texto))
        if encontrado is None:
            raise ErrorCelda(self.codigo, f"el valor {citar(texto)} no es válido. {self.ayuda}")
        return encontrado


_ENTERO_TEXTO = re.compile(r"[+]?(\d{1,6})(?:[.,]0+)?")


class ColumnaEntero(Columna):
    """Entero entre `minimo` y `maximo`; acepta 4, 4.0 y «4», rechaza fracciones y palabras."""

    def __init__(self, nombre: str, *, minimo: int, maximo: int, codigo: str, **opciones):
        super().__init__(nombre, **opciones)
        self.minimo = minimo
        self.maximo = maximo
        self.codigo = codigo

    def convertir(self, valor: Any, contexto: Contexto) -> int:
        numero = self._a_entero(valor)
        if numero is None or not self.minimo <= numero <= self.maximo:
            raise ErrorCelda(
                self.codigo,
                f"el valor {citar(valor_a_texto(valor))} no es válido. "
                f"Escriba un número entero de {self.minimo} a {self.maximo}.",
            )
        return numero

    @staticmethod
    def _a_entero(valor: Any) -> int | None:
        if isinstance(valor, bool):
            return None
        if isinstance(valor, int):
            return valor
        if isinstance(valor, float):
            if math.isfinite(valor) and valor.is_integer():
                return int(valor)
            return None
        if isinstance(valor, str):
            # Se limita a 6 cifras antes de int(): un texto de miles de dígitos no se convierte.
            coincidencia = _ENTERO_TEXTO.fullmatch(valor)
            if coincidencia:
                return int(coincidencia.group(1))
        return None


# Fechas en texto, siempre con el día primero; la hora final, si viene, se ignora.
_HORA = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_FECHA_DIA_PRIMERO = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})" + _HORA)
_FECHA_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _HORA)

# Excel cuenta los días desde 1899-12-30 (sistema 1900, con el 29/02/1900 que no
# existió como día 60) o desde 1904-01-01 (sistema 1904, libros antiguos de Mac).
_EPOCA_1900 = datetime.date(1899, 12, 30)
_EPOCA_1904 = datetime.date(1904, 1, 1)
_SERIAL_MAXIMO = 2_958_465  # 31/12/9999 en el sistema 1900


def fecha_desde_serial(serial: float, *, epoca_1904: bool) -> datetime.date | None:
    """Convierte un número de serie de Excel en fecha; la fracción (la hora) se descarta.

    Devuelve None si el número no corresponde a ninguna fecha.
    """
    if not math.isfinite(serial) or serial < 1 or serial > _SERIAL_MAXIMO:
        return None
    dias = math.floor(serial)
    if epoca_1904:
        return _EPOCA_1904 + datetime.timedelta(days=dias)
    if dias == 60:
        return None
    if dias < 60:
        # Excel trata 1900 como bisiesto: antes del día 60 la cuenta va un día adelantada.
        return _EPOCA_1900 + datetime.timedelta(days=dias + 1)
    return _EPOCA_1900 + datetime.timedelta(days=dias)


def _hace_anios(hoy: datetime.date, anios: int) -> datetime.date:
    try:
        return hoy.replace(year=hoy.year - anios)
    except ValueError:
        # Hoy es 29 de febrero y el año de destino no es bisiesto.
        return hoy.replace(year=hoy.year - anios, day=28)


class ColumnaFecha(Columna):
    """Fecha pasada: celda de fecha, número de serie de Excel o texto con el día primero.

    Formatos de texto: d/m/aaaa, dd-mm-aaaa, dd.mm.aaaa y aaaa-mm-dd. Un año de
    dos cifras se lee como 20aa si esa fecha no es posterior a hoy, si no como
    19aa, y deja la advertencia `codigo_anio2`. Una fecha posterior a hoy da
    `codigo_futura`; una imposible o de hace más de `anios_maximos`, `codigo_invalida`.
    """

    def __init__(
        self,
        nombre: str,
        *,
        anios_maximos: int,
        codigo_invalida: str,
        codigo_futura: str,
        codigo_anio2: str,
        **opciones,
    ):
        opciones.setdefault("vacio", None)
        super().__init__(nombre, **opciones)
        self.anios_maximos = anios_maximos
        self.codigo_invalida = codigo_invalida
        self.codigo_futura = codigo_futura
        self.codigo_anio2 = codigo_anio2

    def convertir(self, valor: Any, contexto: Contexto) -> datetime.date:
        if isinstance(valor, datetime.datetime):
            fecha = valor.date()
        elif isinstance(valor, datetime.date):
            fecha = valor
        elif isinstance(valor, str):
            fecha = self._fecha_de_texto(valor, contexto)
        elif isinstance(valor, (int, float)) and not isinstance(valor, bool):
            fecha = fecha_desde_serial(valor, epoca_1904=contexto.epoca_1904)
            if fecha is None:
                raise self._invalida(valor_a_texto(valor), "no corresponde a ninguna fecha")
        else:
            raise self._invalida(valor_a_texto(valor), "no es una fecha")
        return self._revisar_rango(fecha, valor, contexto)

    def _fecha_de_texto(self, texto: str, contexto: Contexto) -> datetime.date:
        coincidencia = _FECHA_DIA_PRIMERO.fullmatch(texto)
        if coincidencia:
            dia, _, mes, anio = coincidencia.groups()
            return self._armar(texto, int(anio), int(mes), int(dia), contexto, anio_corto=len(anio) == 2)
        coincidencia = _FECHA_ISO.fullmatch(texto)
        if coincidencia:
            anio, mes, dia = coincidencia.groups()
            return self._armar(texto, int(anio), int(mes), int(dia), contexto, anio_corto=False)
        raise self._invalida(texto, "no tiene un formato de fecha reconocido")

    def _armar(
        self, texto: str, anio: int, mes: int, dia: int, contexto: Contexto, *, anio_corto: bool
    ) -> datetime.date:
        if not 1 <= mes <= 12:
            raise self._invalida(texto, f"tiene como mes {mes}, que no existe (se lee día/mes/año)")
        if anio_corto:
            anio_siglo_xxi = 2000 + anio
            fecha = self._crear(texto, anio_siglo_xxi, mes, dia)
            if fecha > contexto.hoy:
                fecha = self._crear(texto, 1900 + anio, mes, dia)
            contexto.advertir(
                self,
                self.codigo_anio2,
                f"el año de {citar(texto)} tiene dos cifras y se leyó como {fecha.year}. "
                "Revise la fecha y escriba el año con cuatro cifras.",
            )
            return fecha
        return self._crear(texto, anio, mes, dia)

    def _crear(self, texto: str, anio: int, mes: int, dia: int) -> datetime.date:
        try:
            return datetime.date(anio, mes, dia)
        except ValueError:
            raise self._invalida(texto, "no existe en el calendario") from None

    def _revisar_rango(self, fecha: datetime.date, valor: Any, contexto: Contexto) -> datetime.date:
        if fecha > contexto.hoy:
            raise ErrorCelda(
                self.codigo_futura,
                f"la fecha {citar(valor_a_texto(valor))} ({fecha:%d/%m/%Y}) es posterior a hoy. "
                "Corrija la fecha.",
            )
        if fecha < _hace_anios(contexto.hoy, self.anios_maximos):
            raise ErrorCelda(
                self.codigo_invalida,
                f"la fecha {citar(valor_a_texto(valor))} ({fecha:%d/%m/%Y}) es de hace más de "
                f"{self.anios_maximos} años. Corrija la fecha.",
            )
        return fecha

    def _invalida(self, texto: str, motivo: str) -> ErrorCelda:
        return ErrorCelda(
            self.codigo_invalida,
            f"la fecha {citar(texto)} {motivo}. Escríbala con el día primero, "
            "por ejemplo 03/04/1990, o use una celda de fecha.",
        )


# --- Encabezados -------------------------------------------------------------


@dataclass
class MapeoEncabezados:
    """Resultado de asignar la fila de encabezados a las columnas declaradas.

    `columnas` lleva el índice de cada columna del archivo (desde 0) a su
    definición. `encabezados` guarda, por nombre de columna, el texto tal como
    está en el archivo. `faltantes` son las columnas requeridas ausentes y
    `advertencias` las de nivel archivo, como (código, mensaje).
    """

    columnas: dict[int, Columna]
    encabezados: dict[str, str]
    ignoradas: list[tuple[int, str]] = field(default_factory=list)
    faltantes: list[Columna] = field(default_factory=list)
    repetidas: list[tuple[int, str, Columna]] = field(default_factory=list)
    advertencias: list[tuple[str, str]] = field(default_factory=list)


class MapeadorEncabezados:
    """Reconoce la fila de encabezados y la asigna a las columnas declaradas.

    Una fila se reconoce como encabezado cuando nombra al menos `minimo`
    columnas distintas. Así una fila de título o de instrucciones no se toma
    por encabezado aunque contenga una palabra como «DNI».
    """

    def __init__(self, columnas: Sequence[Columna], *, minimo: int = 3):
        self.columnas = tuple(columnas)
        self.minimo = minimo
        self._por_encabezado: dict[str, Columna] = {}
        for columna in self.columnas:
            for texto in columna.encabezados_aceptados():
                anterior = self._por_encabezado.setdefault(texto, columna)
                if anterior is not columna:
                    raise ValueError(f"El encabezado «{texto}» nombra a {anterior} y a {columna}.")

    @property
    def nombres_esperados(self) -> list[str]:
        return [columna.nombre for columna in self.columnas]

    def columna_de(self, encabezado: Any) -> Columna | None:
        return self._por_encabezado.get(normalizar_encabezado(encabezado))

    def reconoce(self, valores: Sequence[Any]) -> bool:
        """Indica si la fila nombra al menos `minimo` columnas distintas."""
        encontradas = set()
        for valor in valores:
            if isinstance(valor, str) and valor:
                columna = self.columna_de(valor)
                if columna is not None:
                    encontradas.add(columna.nombre)
        return len(encontradas) >= self.minimo

    def mapear(self, valores: Sequence[Any], *, primera_columna: int = 0) -> MapeoEncabezados:
        """Asigna cada columna del archivo a su definición; no lanza excepciones.

        `primera_columna` es la columna de la hoja (desde 0) del primer valor,
        y solo sirve para nombrar la letra de columna en los mensajes.
        """
        mapeo = MapeoEncabezados(columnas={}, encabezados={})
        for indice, valor in enumerate(valores):
            texto = limpiar_texto(valor_a_texto(valor))
            if not texto:
                continue
            columna = self.columna_de(texto)
            if columna is None:
                mapeo.ignoradas.append((indice, texto))
                mapeo.advertencias.append(
                    (
                        "W-COL-IGNORADA",
                        f"La columna {citar(texto)} ({letra_columna(primera_columna + indice)}) no es del "
                        "padrón y se ignora. "
                        "Si sus datos deben cargarse, renómbrela con uno de los encabezados esperados.",
                    )
                )
            elif columna.nombre in mapeo.encabezados:
                mapeo.repetidas.append((indice, texto, columna))
            else:
                mapeo.columnas[indice] = columna
                mapeo.encabezados[columna.nombre] = texto
        mapeo.faltantes = [
            columna for columna in self.columnas if columna.requerida and columna.nombre not in mapeo.encabezados
        ]
        return mapeo

    def mapear_o_rechazar(self, valores: Sequence[Any], *, primera_columna: int = 0) -> MapeoEncabezados:
        """Como `mapear`, pero lanza `ArchivoRechazado` si falta o se repite una columna.

        F-COLUMNA-FALTANTE nombra las columnas obligatorias ausentes.
        F-COLUMNA-REPETIDA se usa cuando dos columnas nombran el mismo dato: no
        hay forma segura de saber cuál de las dos vale.
        """
        mapeo = self.mapear(valores, primera_columna=primera_columna)
        if mapeo.faltantes:
            raise ArchivoRechazado("F-COLUMNA-FALTANTE", _mensaje_faltantes(mapeo.faltantes))
        if mapeo.repetidas:
            indice, texto, columna = mapeo.repetidas[0]
            primera = mapeo.encabezados[columna.nombre]
            raise ArchivoRechazado(
                "F-COLUMNA-REPETIDA",
                f"Las columnas {citar(primera)} y {citar(texto)} ({letra_columna(primera_columna + indice)}) "
                "nombran el mismo "
                f"dato ({columna.nombre}). Deje solo una y vuelva a subir el archivo. No se cargó ninguna fila.",
            )
        return mapeo


def _mensaje_faltantes(faltantes: Sequence[Columna]) -> str:
    descripciones = []
    for columna in faltantes:
        descripcion = citar(columna.nombre)
        if columna.sinonimos:
            descripcion += " (también se acepta " + " o ".join(citar(texto) for texto in columna.sinonimos) + ")"
        descripciones.append(descripcion)
    if len(faltantes) == 1:
        return (
            f"Falta la columna obligatoria {descripciones[0]}. Agregue esa columna en la fila de encabezados "
            "y vuelva a subir el archivo. No se cargó ninguna fila."
        )
    return (
        f"Faltan las columnas obligatorias {', '.join(descripciones)}. Agregue esas columnas en la fila de "
        "encabezados y vuelva a subir el archivo. No se cargó ninguna fila."
    )
