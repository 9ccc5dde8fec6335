"""Reglas de la carga de entregas que dependen de la base de datos y de las fotos.

Son las mismas que aplica `entregas.servicios.entrega_registrar` al registrar,
revisadas antes para que la vista previa muestre cada problema y la
aplicación casi nunca falle:

- el documento debe estar en el padrón del distrito. Si está en el de otro
  distrito, la fila se rechaza. Si no está en ninguno, se exigen el motivo de
  inclusión, los nombres y la dirección de quien recibe, y la entrega queda
  observada;
- un hogar dado de baja no recibe;
- un hogar (o documento fuera del padrón) recibe una sola canasta por tipo de
  registro: una entrega no anulada en la base de datos rechaza la fila;
- la fecha no puede ser anterior en más de un año al alta del tipo de registro;
- las fotos del ZIP se emparejan por número de documento y se abren con Pillow.

Las consultas se hacen por lotes de filas, no una por fila.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.utils import timezone
from django_scopes import scopes_disabled

from beneficiarios.models import Beneficiario
from beneficiarios.importacion.validacion import Observacion, ResultadoFila
from entregas.carga.fotos import CLASE_DNI, CLASE_PERSONA, FotoInvalida, IndiceFotos
from entregas.carga.validacion import ValidacionCarga
from entregas.models import Entrega, TipoRegistro
from entregas.servicios import ANTIGUEDAD_MAXIMA

LOTE = 1000


@dataclass
class FilaCarga:
    """Resultado final de una fila: `valores` limpios (None si se rechaza), errores y advertencias.

    `valores` agrega a los de `ValidacionCarga` el hogar del padrón
    (`beneficiario_id`, None fuera del padrón) y `fotos`, que lleva «dni» y
    «persona» a la ruta de la foto dentro del ZIP.
    """

    fila: int
    valores: dict[str, Any] | None
    errores: list[Observacion]
    advertencias: list[Observacion]
    ya_entregada: bool = False


def fecha_hora_entrega(fecha: datetime.date) -> datetime.datetime:
    """Fecha de la planilla como fecha y hora: las 00:00 de ese día en la hora de Lima.

    La planilla no trae hora, y la medianoche nunca queda después de la hora
    actual del mismo día.
    """
    return timezone.make_aware(datetime.datetime.combine(fecha, datetime.time.min))


@dataclass
class VerificacionCarga:
    """Recorre la validación por lotes y agrega las reglas de base de datos y de fotos.

    Al terminar el recorrido, `advertencias_archivo` tiene también las fotos
    del ZIP que ninguna fila reclamó y las entradas que no son fotos.
    Con `revisar_fotos` falso, las fotos se emparejan pero no se abren.
    """

    validacion: ValidacionCarga
    distrito_id: str
    tipos: dict[int, TipoRegistro]
    fotos: IndiceFotos | None
    revisar_fotos: bool = True
    advertencias_archivo: list[tuple[str, str, str]] = field(default_factory=list)

    def __post_init__(self):
        self.advertencias_archivo = [("", codigo, mensaje) for codigo, mensaje in self.validacion.advertencias_archivo]
        if self.fotos is None:
            self.advertencias_archivo.append(
                (
                    "", "W-SIN-FOTOS",
                    "No se adjuntó el ZIP de fotos: todas las entregas quedarán observadas por no tener la foto "
                    "del DNI con la planilla firmada.",
                )
            )
        if "latitud" not in self.validacion.mapeo.encabezados:
            self.advertencias_archivo.append(
                ("", "W-SIN-GPS", "El archivo no tiene columnas de latitud y longitud: las entregas sin punto GPS "
                 "quedarán observadas.")
            )

    def __iter__(self) -> Iterator[FilaCarga]:
        filas = iter(self.validacion)
        # itertools.batched llega en Python 3.12; el proyecto admite 3.11.
        while lote := tuple(islice(filas, LOTE)):
            yield from self._verificar_lote(lote)
        self._advertir_fotos_sobrantes()

    def _verificar_lote(self, lote: tuple[tuple[ResultadoFila, list[Any]], ...]) -> Iterator[FilaCarga]:
        documentos = {
            (resultado.valores["tipo_documento"], resultado.valores["numero_documento"])
            for resultado, _ in lote
            if resultado.valores is not None
        }
        hogares = _hogares(documentos)
        entregadas = _entregas_vigentes(documentos, [hogar.pk for hogar in hogares.values()])
        for resultado, originales in lote:
            yield self._verificar_fila(resultado, originales, hogares, entregadas)

    def _verificar_fila(self, resultado: ResultadoFila, originales, hogares, entregadas) -> FilaCarga:
        fila = FilaCarga(resultado.fila, resultado.valores, list(resultado.errores), list(resultado.advertencias))
        valores = resultado.valores
        if valores is None:
            # Las fotos de una fila rechazada no se reportan como fotos sin fila.
            self._buscar_fotos(originales)
            return fila

        def observar(nombre: str, codigo: str, mensaje: str) -> Observacion:
            return self.validacion.observacion(fila.fila, originales, nombre, codigo, mensaje)

        tipo = self.tipos[valores["tipo_registro"]]
        self._revisar_fecha(valores, tipo, fila, observar)
        hogar = hogares.get((valores["tipo_documento"], valores["numero_documento"]))
        self._revisar_padron(valores, hogar, fila, observar)
        if valores["beneficiario_id"] is not None:
            clave = (valores["beneficiario_id"], tipo.pk)
        elif hogar is None:
            clave = (valores["tipo_documento"], valores["numero_documento"], tipo.pk)
        else:
            clave = None  # hogar de otro distrito o de baja: ya tiene su error
        if clave in entregadas:
            fila.ya_entregada = True
            fila.errores.append(
                observar(
                    "numero_documento", "E-YA-ENTREGADA",
                    f"el {valores['tipo_documento']} {valores['numero_documento']} ya recibió «{tipo.nombre}»; "
                    "solo se entrega una canasta por hogar en cada tipo de registro. Quite esta fila.",
                )
            )
        self._revisar_fotos(valores, fila, originales)
        if fila.errores:
            fila.valores = None
        return fila

    def _revisar_fecha(self, valores, tipo: TipoRegistro, fila: FilaCarga, observar) -> None:
        minima = timezone.localtime(tipo.creado - ANTIGUEDAD_MAXIMA).date()
        if valores["fecha_entrega"] < minima:
            fila.errores.append(
                observar(
                    "fecha_entrega", "E-FECHA-ANTIGUA",
                    f"la fecha {valores['fecha_entrega']:%d/%m/%Y} es anterior en más de un año al alta del tipo "
                    f"de registro «{tipo.nombre}» ({timezone.localtime(tipo.creado):%d/%m/%Y}). Corrija la fecha.",
                )
            )

    def _revisar_padron(self, valores, hogar: Beneficiario | None, fila: FilaCarga, observar) -> None:
        documento = f"{valores['tipo_documento']} {valores['numero_documento']}"
        valores["beneficiario_id"] = None
        if hogar is not None and hogar.distrito_id != self.distrito_id:
            # No se revela de qué distrito es ni ningún dato del hogar ajeno.
            fila.errores.append(
                observar(
                    "numero_documento", "E-OTRO-DISTRITO",
                    f"el {documento} figura en el padrón de otro distrito; la entrega la registra ese distrito. "
                    "Quite esta fila.",
                )
            )
            return
        if hogar is not None:
            self._revisar_hogar(valores, hogar, documento, fila, observar)
            return

        faltan = [
            (nombre, texto)
            for nombre, texto in (
                ("motivo_inclusion", "el motivo de inclusión"),
                ("apellido_paterno", "el apellido paterno de quien recibe"),
                ("nombres", "los nombres de quien recibe"),
                ("direccion", "la dirección de quien recibe"),
            )
            if not valores.get(nombre)
        ]
        for nombre, texto in faltan:
            fila.errores.append(
                observar(
                    nombre, "E-FUERA-PADRON",
                    f"el {documento} no figura en el padrón del distrito. Para registrar la entrega igual, escriba "
                    f"{texto}; la entrega quedará observada.",
                )
            )
        if not faltan:
            fila.advertencias.append(
                observar(
                    "motivo_inclusion", "W-FUERA-PADRON",
                    f"el {documento} no figura en el padrón del distrito; se registra con su motivo de inclusión "
                    "y queda observada.",
                )
            )

    def _revisar_hogar(self, valores, hogar: Beneficiario, documento: str, fila: FilaCarga, observar) -> None:
        if hogar.estado == Beneficiario.Estado.BAJA:
            fila.errores.append(
                observar(
                    "numero_documento", "E-HOGAR-BAJA",
                    f"el hogar del {documento} está dado de baja en el padrón y no puede recibir canastas. "
                    "Quite esta fila o reactive el hogar en el padrón.",
                )
            )
            return
        valores["beneficiario_id"] = hogar.pk
        if hogar.estado == Beneficiario.Estado.OBSERVADO:
            fila.advertencias.append(
                observar(
                    "numero_documento", "W-HOGAR-OBSERVADO",
                    f"el hogar del {documento} está observado en el padrón; la entrega quedará observada.",
                )
            )
        if valores.get("motivo_inclusion"):
            fila.advertencias.append(
                observar(
                    "motivo_inclusion", "W-MOTIVO-IGNORADO",
                    f"el {documento} figura en el padrón, así que el motivo de inclusión no se guarda.",
                )
            )

    # --- Fotos ---

    def _buscar_fotos(self, originales) -> None:
        """Marca como usadas las fotos de una fila rechazada, buscándolas por el número tal como se escribió."""
        if self.fotos is None:
            return
        documento = self.validacion.valor_original(originales, "numero_documento").strip()
        for clase in (CLASE_DNI, CLASE_PERSONA):
            self.fotos.buscar(documento, clase)

    def _revisar_fotos(self, valores, fila: FilaCarga, originales) -> None:
        valores["fotos"] = {}
        if self.fotos is None:
            return
        numero = valores["numero_documento"]
        por_clase = {clase: self.fotos.buscar(numero, clase) for clase in (CLASE_DNI, CLASE_PERSONA)}

        if not por_clase[CLASE_DNI]:
            fila.advertencias.append(
                _observacion_foto(
                    fila.fila, f"{numero}.jpg", "W-SIN-FOTO",
                    f"el ZIP no tiene la foto del DNI con la planilla ({numero}.jpg); la entrega quedará observada.",
                )
            )
        if por_clase[CLASE_PERSONA] and valores["consentimiento_foto"] != "si":
            fila.advertencias.append(
                _observacion_foto(
                    fila.fila, por_clase[CLASE_PERSONA][0], "W-FOTO-SIN-CONSENTIMIENTO",
                    "la persona no autorizó su foto (columna consentimiento_foto), así que no se guarda.",
                )
            )
            por_clase[CLASE_PERSONA] = []

        for clase, rutas in por_clase.items():
            if len(rutas) > 1:
                fila.errores.append(
                    _observacion_foto(
                        fila.fila, ", ".join(rutas), "E-FOTO-REPETIDA",
                        f"el ZIP tiene {len(rutas)} fotos con el mismo nombre ({', '.join(rutas)}). Deje una sola.",
                    )
                )
            elif rutas:
                valores["fotos"][clase] = rutas[0]
                if self.revisar_fotos and not fila.errores:
                    self._abrir_foto(rutas[0], fila)

    def _abrir_foto(self, ruta: str, fila: FilaCarga) -> None:
        try:
            self.fotos.revisar(ruta)
        except FotoInvalida as error:
            fila.errores.append(
                _observacion_foto(fila.fila, ruta, "E-FOTO-INVALIDA", f"{error.mensaje} Reemplácela en el ZIP.")
            )

    def _advertir_fotos_sobrantes(self) -> None:
        if self.fotos is None:
            return
        for ruta in self.fotos.sin_fila():
            self.advertencias_archivo.append(
                (ruta, "W-FOTO-SIN-FILA", f"La foto {ruta} del ZIP no corresponde a ninguna fila del archivo y no se "
                 "guarda. Revise que su nombre sea el número de documento de una fila.")
            )
        for ruta, motivo in self.fotos.ignoradas:
            self.advertencias_archivo.append(
                (ruta, "W-FOTO-IGNORADA", f"La entrada {ruta} del ZIP se ignora: {motivo}.")
            )


def _observacion_foto(numero: int, ruta: str, codigo: str, mensaje: str) -> Observacion:
    return Observacion(numero, "foto", ruta, codigo, f"Fila {numero}, foto: {mensaje}")


def _hogares(documentos: set[tuple[str, str]]) -> dict[tuple[str, str], Beneficiario]:
    """Hogares del padrón de todo el país con esos documentos, por (tipo, número)."""
    if not documentos:
        return {}
    numeros = {numero for _, numero in documentos}
    # Sin alcance a propósito: un documento del padrón de otro distrito también se detecta.
    with scopes_disabled():
        consulta = Beneficiario.objects.filter(numero_documento__in=numeros).only(
            "id", "tipo_documento", "numero_documento", "distrito_id", "estado"
        )
        return {
            (hogar.tipo_documento, hogar.numero_documento): hogar
            for hogar in consulta
            if (hogar.tipo_documento, hogar.numero_documento) in documentos
        }


def _entregas_vigentes(documentos: set[tuple[str, str]], hogares: list[int]) -> set[tuple]:
    """Claves de las entregas no anuladas: (hogar, tipo) del padrón y (tipo doc, número, tipo) fuera de él.

    Son las dos restricciones únicas de `Entrega`, que valen en todo el país.
    """
    if not documentos:
        return set()
    with scopes_disabled():
        vigentes = Entrega.objects.exclude(estado=Entrega.Estado.ANULADA)
        del_padron = vigentes.filter(beneficiario_id__in=hogares).values_list("beneficiario_id", "tipo_registro_id")
        fuera = vigentes.filter(
            beneficiario__isnull=True, numero_documento__in={numero for _, numero in documentos}
        ).values_list("tipo_documento", "numero_documento", "tipo_registro_id")
        return set(del_padron) | set(fuera)
