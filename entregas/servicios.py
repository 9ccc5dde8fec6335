"""Registro de entregas: el único camino de escritura del formulario web, la API y la carga masiva.

Cada regla rechazada lanza `EntregaRechazada(codigo, mensaje)`. Los códigos son
estables (la API los devuelve tal cual) y el mensaje, en español, se muestra al
usuario. Una entrega rechazada no escribe nada: ni fila, ni auditoría, ni fotos.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.db.models import Q
from django_scopes import scope, scopes_disabled

from beneficiarios.models import Beneficiario, TipoDocumento
from canastas.auditoria import registrar_accion, valores_de
from canastas.models import RegistroAccion
from entregas.evidencias import FotoRechazada, evidencia_borrar, evidencia_guardar
from entregas.models import Entrega, TipoRegistro
from entregas.selectores import (
    documento_en_otro_distrito,
    documento_normalizado,
    entrega_vigente,
    hogar_por_documento,
    tipos_visibles,
)
from usuarios.models import Rol

logger = logging.getLogger(__name__)

ROLES_QUE_REGISTRAN = {Rol.OPERADOR, Rol.SUBADMINISTRADOR}
ORIGENES_CON_FOTO_OBLIGATORIA = {Entrega.Origen.WEB, Entrega.Origen.APP}
# El reloj del celular puede ir unos minutos adelantado respecto del servidor.
MARGEN_RELOJ = timedelta(minutes=10)
# Una entrega puede ser anterior al alta del tipo de registro en la plataforma hasta
# por un año, porque hay campañas que empezaron en papel. Más atrás es un error de fecha.
ANTIGUEDAD_MAXIMA = timedelta(days=365)
MAXIMO_MIEMBROS = 30
LARGO_MAXIMO_TEXTO = 200
LARGO_MAXIMO_NOTA = 2000
# Recuadro del territorio peruano con un margen; un punto fuera de él queda observado.
LATITUD_PERU = (Decimal("-18.6"), Decimal("0.2"))
LONGITUD_PERU = (Decimal("-81.6"), Decimal("-68.4"))
SEIS_DECIMALES = Decimal("0.000001")

RESTRICCIONES_UNA_POR_HOGAR = {"entrega_una_por_hogar_y_tipo", "entrega_fuera_de_padron_una_por_tipo"}

CAMPOS_AUDITADOS = [
    "beneficiario_id", "tipo_registro_id", "tipo_documento", "numero_documento", "nombres_receptor",
    "direccion", "telefono", "motivo_inclusion", "tipo_entrega", "miembros_0_5", "miembros_6_17",
    "miembros_18_59", "miembros_60_mas", "consentimiento_foto", "foto_dni_planilla", "sha256_dni_planilla",
    "foto_beneficiario", "sha256_beneficiario", "latitud", "longitud", "precision_m", "fecha_entrega",
    "dispositivo", "origen", "estado", "observaciones",
]


class EntregaRechazada(Exception):
    """Una regla de la entrega no se cumple; nada se escribió."""

    def __init__(self, codigo: str, mensaje: str):
        super().__init__(mensaje)
        self.codigo = codigo
        self.mensaje = mensaje


@dataclass(frozen=True, kw_only=True)
class DatosEntrega:
    """Lo que el dispositivo informa de una entrega, antes de validarlo."""

    uuid_cliente: uuid.UUID
    tipo_documento: str
    numero_documento: str
    fecha_entrega: datetime  # hora del dispositivo, con zona horaria
    tipo_entrega: str
    nombres_receptor: str = ""
    direccion: str = ""
    telefono: str = ""
    miembros_0_5: int = 0
    miembros_6_17: int = 0
    miembros_18_59: int = 0
    miembros_60_mas: int = 0
    consentimiento_foto: bool = False
    latitud: Decimal | float | None = None
    longitud: Decimal | float | None = None
    precision_m: int | None = None
    dispositivo: str = ""
    motivo_inclusion: str = ""
    observaciones: str = ""


def entrega_registrar(
    *,
    operador,
    tipo_registro: TipoRegistro | int,
    datos: DatosEntrega,
    foto_dni_planilla=None,
    foto_beneficiario=None,
    origen: str,
    request=None,
    importacion=None,
    distrito: str | None = None,
) -> tuple[Entrega, bool]:
    """Valida y registra una entrega en el distrito del operador.

    `distrito` (ubigeo) solo vale para el administrador en una carga masiva: el
    administrador no tiene distrito propio y la carga nombra el suyo.
    Devuelve (entrega, creada). Si el mismo operador ya registró `uuid_cliente`,
    devuelve esa entrega con creada=False (reintento o doble toque) sin revisar de
    nuevo las reglas. `importacion` enlaza la fila de una carga masiva.
    Lanza `EntregaRechazada` por cada regla que no se cumple.
    """
    if origen not in Entrega.Origen.values:
        raise ValueError(f"Origen de entrega desconocido: {origen!r}")
    distrito_id = _distrito_de_registro(operador, origen, distrito)

    with scope(distrito=[distrito_id]), transaction.atomic():
        existente = _entrega_con_uuid(datos.uuid_cliente)
        if existente is not None:
            return _reintento(existente, operador), False

        tipo = _tipo_vigente(operador, tipo_registro, distrito_id)
        campos = _campos_validados(datos, tipo=tipo)
        hogar = _hogar_del_padron(distrito_id, campos)
        _completar_con_padron(campos, hogar, datos)
        _exigir_sin_entrega_vigente(tipo, hogar, campos, distrito_id)
        motivos = _motivos_de_observacion(campos, hogar, origen, foto_dni_planilla)
        _exigir_fotos(origen, foto_dni_planilla, foto_beneficiario, campos["consentimiento_foto"])

        entrega = Entrega(
            uuid_cliente=datos.uuid_cliente,
            beneficiario=hogar,
            tipo_registro=tipo,
            distrito_id=distrito_id,
            operador=operador,
            origen=origen,
            importacion=importacion,
            estado=Entrega.Estado.OBSERVADA if motivos else Entrega.Estado.VALIDA,
            **campos,
        )
        entrega.observaciones = _observaciones(datos.observaciones, motivos)
        return _guardar_con_fotos(entrega, foto_dni_planilla, foto_beneficiario, operador, request)


# --- Quién registra y qué tipo de registro ---


def _distrito_de_registro(operador, origen: str, distrito: str | None) -> str:
    """Devuelve el distrito donde se registra, o rechaza a quien no puede registrar."""
    if not operador.is_authenticated or not operador.is_active:
        raise EntregaRechazada("rol-no-permitido", "Inicie sesión con una cuenta activa para registrar entregas.")
    if operador.rol == Rol.ADMINISTRADOR and origen == Entrega.Origen.CARGA_MASIVA and distrito:
        return distrito
    if operador.rol not in ROLES_QUE_REGISTRAN:
        raise EntregaRechazada(
            "rol-no-permitido",
            f"El rol {operador.get_rol_display()} no registra entregas; las registran el operador y el "
            "subadministrador de cada distrito.",
        )
    if not operador.distrito_id:
        raise EntregaRechazada(
            "sin-distrito", "Su cuenta no tiene distrito asignado. Pida al administrador que se lo asigne."
        )
    return operador.distrito_id


def _tipo_vigente(operador, tipo_registro, distrito_id: str) -> TipoRegistro:
    pk = getattr(tipo_registro, "pk", tipo_registro)
    # Para el administrador, tipos_visibles trae todos: se limita al distrito de la entrega.
    visibles = tipos_visibles(usuario=operador, solo_activos=False).filter(
        Q(distrito__isnull=True) | Q(distrito_id=distrito_id)
    )
    tipo = visibles.filter(pk=pk).first()
    if tipo is None:
        raise EntregaRechazada(
            "tipo-no-encontrado",
            "El tipo de registro elegido no existe o no pertenece a su distrito. Elija otro de la lista.",
        )
    if not tipo.activo:
        raise EntregaRechazada(
            "tipo-inactivo",
            f"El tipo de registro «{tipo.nombre}» está desactivado y ya no admite entregas. "
            "Consulte con el subadministrador de su distrito.",
        )
    return tipo


# --- Reintentos con el mismo uuid_cliente ---


def _entrega_con_uuid(uuid_cliente) -> Entrega | None:
    if not isinstance(uuid_cliente, uuid.UUID):
        raise EntregaRechazada("uuid-invalido", "Falta el identificador de la captura (uuid_cliente) o no es un UUID.")
    # El uuid es único en todo el país: se busca sin alcance para reconocerlo
    # aunque lo haya usado otro distrito.
    with scopes_disabled():
        return Entrega.objects.select_related("tipo_registro", "beneficiario").filter(uuid_cliente=uuid_cliente).first()


def _reintento(existente: Entrega, operador) -> Entrega:
    if existente.operador_id != operador.pk:
        raise EntregaRechazada(
            "uuid-repetido",
            "El identificador de esta captura ya lo usó otra cuenta. Vuelva a abrir el formulario y registre de nuevo.",
        )
    return existente


# --- Datos de la persona y de la entrega ---


def _campos_validados(datos: DatosEntrega, *, tipo: TipoRegistro) -> dict:
    """Limpia y comprueba cada dato; devuelve los campos del modelo listos para guardar."""
    tipo_documento, numero = _documento(datos)
    campos = {
        "tipo_documento": tipo_documento,
        "numero_documento": numero,
        "nombres_receptor": _texto(datos.nombres_receptor, "los nombres de quien recibe", LARGO_MAXIMO_TEXTO),
        "direccion": _texto(datos.direccion, "la dirección", LARGO_MAXIMO_TEXTO),
        "telefono": _telefono(datos.telefono),
        "motivo_inclusion": _texto(
            datos.motivo_inclusion, "el motivo de inclusión", LARGO_MAXIMO_NOTA, una_linea=False
        ),
        "tipo_entrega": _tipo_entrega(datos.tipo_entrega),
        "consentimiento_foto": bool(datos.consentimiento_foto),
        "fecha_entrega": _fecha_entrega(datos.fecha_entrega, tipo),
        # El user agent puede ser largo; basta con su comienzo.
        "dispositivo": (datos.dispositivo or "").replace("\x00", "").strip()[:LARGO_MAXIMO_TEXTO],
    }
    _texto(datos.observaciones, "las observaciones", LARGO_MAXIMO_NOTA, una_linea=False)
    campos.update(_miembros(datos))
    campos.update(_punto_gps(datos))
    return campos


def _documento(datos: DatosEntrega) -> tuple[str, str]:
    tipo = (datos.tipo_documento or "").strip().upper()
    if tipo not in TipoDocumento.values:
        raise EntregaRechazada(
            "documento-invalido",
            f"El tipo de documento {tipo or '(vacío)'} no es válido; use DNI, CE, PTP o PAS.",
        )
    numero = documento_normalizado(datos.numero_documento, tipo)
    if numero is None:
        ayuda = "El DNI lleva hasta 8 dígitos, sin letras." if tipo == TipoDocumento.DNI else (
            "Use solo letras y dígitos, hasta 20 caracteres."
        )
        raise EntregaRechazada(
            "documento-invalido", f"El número de documento «{datos.numero_documento}» no es válido. {ayuda}"
        )
    return tipo, numero


def _texto(valor: str, nombre: str, largo_maximo: int, *, una_linea: bool = True) -> str:
    texto = " ".join((valor or "").split()) if una_linea else (valor or "").strip()
    if "\x00" in texto:
        # PostgreSQL no guarda el carácter NUL en un campo de texto.
        raise EntregaRechazada("dato-invalido", f"El texto de {nombre} contiene el carácter nulo (NUL). Escríbalo de nuevo.")
    if len(texto) > largo_maximo:
        raise EntregaRechazada(
            "dato-invalido", f"El texto de {nombre} tiene {len(texto)} caracteres y el máximo es {largo_maximo}."
        )
    return texto


def _telefono(valor: str) -> str:
    telefono = "".join((valor or "").split()).replace("-", "")
    if telefono.startswith("+51"):
        telefono = telefono[3:]
    if telefono and (len(telefono) != 9 or not telefono.isdigit() or telefono[0] != "9"):
        raise EntregaRechazada(
            "telefono-invalido", f"El teléfono «{valor}» no es válido: debe tener 9 dígitos y empezar con 9."
        )
    return telefono


def _tipo_entrega(valor: str) -> str:
    if valor not in Entrega.TipoEntrega.values:
        opciones = ", ".join(str(etiqueta) for etiqueta in Entrega.TipoEntrega.labels)
        raise EntregaRechazada("tipo-entrega-invalido", f"Elija el tipo de entrega: {opciones}.")
    return valor


def _miembros(datos: DatosEntrega) -> dict:
    bandas = {
        "miembros_0_5": "de 0 a 5 años",
        "miembros_6_17": "de 6 a 17 años",
        "miembros_18_59": "de 18 a 59 años",
        "miembros_60_mas": "de 60 años a más",
    }
    miembros = {}
    for campo, rotulo in bandas.items():
        valor = getattr(datos, campo)
        if isinstance(valor, bool) or not isinstance(valor, int) or not 0 <= valor <= MAXIMO_MIEMBROS:
            raise EntregaRechazada(
                "miembros-invalido",
                f"Los miembros {rotulo} deben ser un número entero entre 0 y {MAXIMO_MIEMBROS}; se recibió {valor!r}.",
            )
        miembros[campo] = valor

    total = sum(miembros.values())
    if not 1 <= total <= MAXIMO_MIEMBROS:
        raise EntregaRechazada(
            "miembros-invalido",
            f"El hogar suma {total} miembros; indique entre 1 y {MAXIMO_MIEMBROS}, contando a quien recibe.",
        )
    return miembros


def _punto_gps(datos: DatosEntrega) -> dict:
    if datos.latitud is None and datos.longitud is None:
        return {"latitud": None, "longitud": None, "precision_m": None}
    if datos.latitud is None or datos.longitud is None:
        raise EntregaRechazada("gps-invalido", "El punto GPS llegó incompleto: faltan la latitud o la longitud.")

    latitud = _coordenada(datos.latitud, "latitud", 90)
    longitud = _coordenada(datos.longitud, "longitud", 180)
    precision = datos.precision_m
    if precision is not None:
        try:
            precision = round(float(precision))
        except (TypeError, ValueError, OverflowError):
            precision = -1
        if not 0 <= precision <= 1_000_000:
            raise EntregaRechazada(
                "gps-invalido", f"La precisión del punto GPS ({datos.precision_m!r}) debe estar en metros, desde 0."
            )
    return {"latitud": latitud, "longitud": longitud, "precision_m": precision}


def _coordenada(valor, nombre: str, limite: int) -> Decimal:
    try:
        numero = Decimal(str(valor)).quantize(SEIS_DECIMALES, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        numero = None
    if numero is None or not numero.is_finite() or not -limite <= numero <= limite:
        raise EntregaRechazada(
            "gps-invalido", f"La {nombre} {valor!r} no es válida: debe ser un número entre -{limite} y {limite}."
        )
    return numero


def _fecha_entrega(fecha, tipo: TipoRegistro) -> datetime:
    if not isinstance(fecha, datetime) or timezone.is_naive(fecha):
        raise EntregaRechazada(
            "fecha-invalida", "Falta la fecha y hora de la entrega, o llegó sin zona horaria."
        )
    ahora = timezone.now()
    if fecha > ahora + MARGEN_RELOJ:
        raise EntregaRechazada(
            "fecha-futura",
            f"La fecha de entrega {_fecha_hora(fecha)} es posterior a la hora actual ({_fecha_hora(ahora)}). "
            "Revise la fecha y la hora del celular.",
        )
    minima = tipo.creado - ANTIGUEDAD_MAXIMA
    if fecha < minima:
        raise EntregaRechazada(
            "fecha-antigua",
            f"La fecha de entrega {_fecha_hora(fecha)} es anterior en más de un año al alta de «{tipo.nombre}» "
            f"({_fecha_hora(tipo.creado)}). Revise la fecha.",
        )
    return fecha


def _fecha_hora(fecha: datetime) -> str:
    return f"{timezone.localtime(fecha):%d/%m/%Y %H:%M}"


# --- El hogar del padrón y la regla de una canasta por hogar ---


def _hogar_del_padron(distrito_id: str, campos: dict) -> Beneficiario | None:
    tipo_documento, numero = campos["tipo_documento"], campos["numero_documento"]
    hogar = hogar_por_documento(numero=numero, tipo=tipo_documento)

    if hogar is None:
        if documento_en_otro_distrito(numero=numero, tipo=tipo_documento, distrito_id=distrito_id):
            raise EntregaRechazada(
                "fuera-de-distrito",
                f"El {tipo_documento} {numero} figura en el padrón de otro distrito; "
                "la entrega la registra ese distrito.",
            )
        if not campos["motivo_inclusion"]:
            raise EntregaRechazada(
                "motivo-requerido",
                f"El {tipo_documento} {numero} no figura en el padrón del distrito. Para entregar igual, "
                "escriba el motivo de inclusión; la entrega quedará observada.",
            )
        return None

    if hogar.estado == Beneficiario.Estado.BAJA:
        raise EntregaRechazada(
            "hogar-de-baja",
            f"El hogar del {tipo_documento} {numero} está dado de baja en el padrón y no puede recibir canastas.",
        )
    return hogar


def _completar_con_padron(campos: dict, hogar: Beneficiario | None, datos: DatosEntrega) -> None:
    """Fuera del padrón, nombres y dirección son obligatorios; en el padrón, se toman de él si faltan."""
    if hogar is None:
        if not campos["nombres_receptor"]:
            raise EntregaRechazada("nombres-requeridos", "Escriba los nombres y apellidos de quien recibe.")
        if not campos["direccion"]:
            raise EntregaRechazada("direccion-requerida", "Escriba la dirección del hogar que recibe.")
        return

    # El motivo de inclusión solo tiene sentido para quien no figura en el padrón.
    campos["motivo_inclusion"] = ""
    campos["nombres_receptor"] = campos["nombres_receptor"] or f"{hogar.nombres} {hogar.apellidos}"
    campos["direccion"] = campos["direccion"] or hogar.direccion
    campos["telefono"] = campos["telefono"] or hogar.telefono


def _exigir_sin_entrega_vigente(tipo: TipoRegistro, hogar, campos: dict, distrito_id: str) -> None:
    # Consulta previa para dar un mensaje claro sin guardar fotos. Ante dos capturas
    # a la vez, la garantía sigue siendo la restricción única de la base de datos.
    previa = entrega_vigente(
        tipo_registro=tipo,
        beneficiario=hogar,
        tipo_documento=campos["tipo_documento"],
        numero_documento=campos["numero_documento"],
    )
    if previa is not None:
        raise _ya_entregado(previa, distrito_id)


def _ya_entregado(previa: Entrega, distrito_id: str) -> EntregaRechazada:
    cuando = _fecha_hora(previa.fecha_entrega)
    if previa.distrito_id == distrito_id:
        quien = previa.operador.get_full_name() or previa.operador.username
        detalle = f"el {cuando}, registrada por {quien}"
    else:
        detalle = f"el {cuando}, en otro distrito"
    return EntregaRechazada(
        "ya-entregado",
        f"El {previa.tipo_documento} {previa.numero_documento} ya recibió «{previa.tipo_registro.nombre}» "
        f"{detalle}. Solo se entrega una canasta por hogar en cada tipo de registro.",
    )


# --- Fotos y estado ---


def _exigir_fotos(origen: str, foto_dni_planilla, foto_beneficiario, consentimiento: bool) -> None:
    if origen in ORIGENES_CON_FOTO_OBLIGATORIA and not foto_dni_planilla:
        raise EntregaRechazada(
            "foto-requerida", "Falta la foto del DNI junto a la planilla con la firma o huella de quien recibe."
        )
    if foto_beneficiario and not consentimiento:
        raise EntregaRechazada(
            "foto-sin-consentimiento",
            "La foto de la persona solo se guarda si ella lo consiente. Marque el consentimiento o quite la foto.",
        )


def _motivos_de_observacion(campos: dict, hogar, origen: str, foto_dni_planilla) -> list[str]:
    motivos = []
    if hogar is None:
        motivos.append(f"fuera del padrón ({campos['motivo_inclusion']})")
    elif hogar.estado == Beneficiario.Estado.OBSERVADO:
        motivos.append("el hogar está observado en el padrón")
    if campos["latitud"] is None:
        motivos.append("sin punto GPS")
    elif not (
        LATITUD_PERU[0] <= campos["latitud"] <= LATITUD_PERU[1]
        and LONGITUD_PERU[0] <= campos["longitud"] <= LONGITUD_PERU[1]
    ):
        motivos.append("el punto GPS está fuera del territorio peruano")
    if origen not in ORIGENES_CON_FOTO_OBLIGATORIA and not foto_dni_planilla:
        motivos.append("sin foto del DNI con la planilla firmada")
    return motivos


def _observaciones(texto_usuario: str, motivos: list[str]) -> str:
    partes = [(texto_usuario or "").strip()]
    if motivos:
        partes.append("Observada: " + "; ".join(motivos) + ".")
    return "\n".join(parte for parte in partes if parte)


# --- Escritura ---


def _guardar_con_fotos(entrega: Entrega, foto_dni_planilla, foto_beneficiario, operador, request):
    """Guarda las fotos, inserta la fila y audita; si algo falla, borra las fotos guardadas."""
    guardadas = []
    try:
        if foto_dni_planilla:
            nombre, entrega.sha256_dni_planilla = _guardar_foto(foto_dni_planilla, "la foto del DNI con la planilla")
            entrega.foto_dni_planilla = nombre
            guardadas.append(nombre)
        if foto_beneficiario:
            nombre, entrega.sha256_beneficiario = _guardar_foto(foto_beneficiario, "la foto de la persona")
            entrega.foto_beneficiario = nombre
            guardadas.append(nombre)

        entrega, creada = _insertar(entrega, operador)
        if not creada:
            for nombre in guardadas:
                evidencia_borrar(nombre)
            return entrega, False

        registrar_accion(
            usuario=operador,
            accion=RegistroAccion.Accion.CREAR,
            objeto=entrega,
            antes=None,
            despues=_valores_auditados(entrega),
            detalle=f"Entrega registrada por {entrega.get_origen_display()}.",
            request=request,
        )
    except BaseException:
        # NOTE: si la transacción del llamador se revierte después de volver de
        # aquí, las fotos ya guardadas quedan huérfanas en el almacén.
        for nombre in guardadas:
            evidencia_borrar(nombre)
        raise
    return entrega, True


def _valores_auditados(entrega: Entrega) -> dict:
    valores = valores_de(entrega, CAMPOS_AUDITADOS)
    # JSONField no serializa UUID ni FieldFile: se guardan como texto.
    valores["uuid_cliente"] = str(entrega.uuid_cliente)
    valores["foto_dni_planilla"] = entrega.foto_dni_planilla.name or ""
    valores["foto_beneficiario"] = entrega.foto_beneficiario.name or ""
    return valores


def _guardar_foto(archivo, descripcion: str) -> tuple[str, str]:
    try:
        return evidencia_guardar(archivo)
    except FotoRechazada as rechazo:
        raise EntregaRechazada(rechazo.codigo, f"No se aceptó {descripcion}: {rechazo.mensaje}") from None


def _insertar(entrega: Entrega, operador) -> tuple[Entrega, bool]:
    """Inserta en un punto de guardado; traduce las violaciones de unicidad.

    Dos capturas simultáneas del mismo hogar pasan ambas la consulta previa; la
    base de datos deja entrar solo una y la otra recibe "ya-entregado". Un doble
    envío simultáneo con el mismo uuid_cliente devuelve la entrega del primero.
    """
    try:
        entrega.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        logger.error("Entrega %s con datos fuera del modelo tras validar: %s", entrega.uuid_cliente, error)
        raise EntregaRechazada("dato-invalido", "Un dato de la entrega no es válido: " + "; ".join(error.messages))

    try:
        with transaction.atomic():
            entrega.save()
    except IntegrityError as error:
        restriccion = getattr(getattr(error.__cause__, "diag", None), "constraint_name", "") or ""
        if restriccion not in RESTRICCIONES_UNA_POR_HOGAR and "uuid_cliente" not in restriccion:
            raise
        logger.info("Entrega %s chocó con la restricción %s", entrega.uuid_cliente, restriccion)

        # PostgreSQL informa solo el primer índice violado: un doble envío con el
        # mismo uuid puede chocar antes con el del hogar, así que el uuid va primero.
        existente = _entrega_con_uuid(entrega.uuid_cliente)
        if existente is not None:
            return _reintento(existente, operador), False
        previa = entrega_vigente(
            tipo_registro=entrega.tipo_registro,
            beneficiario=entrega.beneficiario,
            tipo_documento=entrega.tipo_documento,
            numero_documento=entrega.numero_documento,
        )
        if previa is None:
            # La entrega que ocupaba el lugar se anuló entre el choque y esta consulta.
            raise EntregaRechazada(
                "ya-entregado", "El hogar ya recibió este tipo de registro. Vuelva a intentarlo."
            ) from None
        raise _ya_entregado(previa, entrega.distrito_id) from None
    return entrega, True
