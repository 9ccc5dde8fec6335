"""Esquemas de entrada y salida de la API del aplicativo (los publica el OpenAPI)."""

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from ninja import Field, Schema

from entregas.models import Entrega


class Error(Schema):
    """Cuerpo de toda respuesta de error de la API."""

    codigo: str = Field(description="Código estable del error, p. ej. «no-autenticado» o «ya-entregado».")
    mensaje: str = Field(description="Mensaje en español para mostrar a la persona.")


class ErrorCampo(Schema):
    campo: str = Field(description="Campo rechazado, p. ej. «fecha_entrega» o «query.tipo_registro».")
    mensaje: str


class ErrorValidacion(Error):
    """Error 422: además del mensaje general, cada campo rechazado con su motivo.

    Cuando la regla incumplida no es de un campo (p. ej. «ya-entregado»), la lista va vacía.
    """

    errores: list[ErrorCampo] = []


class Usuario(Schema):
    username: str
    nombre: str
    rol: str
    distrito: str | None = Field(description="Código INEI (ubigeo) del distrito; vacío para cuentas nacionales.")
    distrito_nombre: str | None
    puede_registrar: bool = Field(description="Verdadero si el rol puede registrar entregas desde el aplicativo.")


class ProductoKit(Schema):
    producto: str
    unidad: str
    cantidad: Decimal


class TipoRegistro(Schema):
    id: int
    codigo: str
    nombre: str
    descripcion: str
    nacional: bool = Field(description="Verdadero si el tipo es nacional (vale para todos los distritos).")
    productos: list[ProductoKit]


class EntregaPrevia(Schema):
    """Entrega ya registrada para el hogar y el tipo de registro consultados."""

    uuid_cliente: UUID
    fecha_entrega: datetime
    operador: str = Field(description="Nombre (o usuario) de quien registró la entrega.")
    origen: str


class Hogar(Schema):
    """Un hogar del padrón del distrito del usuario, visto para un tipo de registro."""

    id: int
    tipo_documento: str
    numero_documento: str
    nombres: str
    apellidos: str
    direccion: str
    referencia: str
    miembros_hogar: int
    estado: str
    programado: bool = Field(description="Verdadero si el hogar está programado para el tipo de registro.")
    fecha_programada: date | None
    punto_entrega: str
    entrega: EntregaPrevia | None = Field(description="Entrega vigente para el tipo de registro; vacío si aún no recibe.")


class EntregaEntrada(Schema):
    """Campos de una entrega; llegan como campos de formulario multipart junto a las fotos.

    Aquí solo se comprueban los tipos. Las reglas (rangos, documento, fechas,
    padrón) las aplica `entrega_registrar`, que responde con su propio código.
    """

    uuid_cliente: UUID = Field(description="Identificador generado en el dispositivo; repetirlo no duplica la entrega.")
    tipo_registro: int = Field(description="Id del tipo de registro (ver GET /tipos-registro).")
    tipo_documento: str = Field("DNI", description="DNI, CE, PTP o PAS.")
    numero_documento: str = Field(description="Acepta espacios, puntos o guiones; un DNI sin su cero inicial.")
    nombres_receptor: str = Field("", description="Obligatorio si la persona no está en el padrón (máximo 200).")
    direccion: str = Field("", description="Obligatoria si la persona no está en el padrón (máximo 200).")
    telefono: str = Field("", description="Celular de 9 dígitos que empieza con 9.")
    motivo_inclusion: str = Field("", description="Obligatorio si la persona no está en el padrón.")
    tipo_entrega: Entrega.TipoEntrega
    miembros_0_5: int = Field(0, description="Miembros del hogar de 0 a 5 años; el hogar suma de 1 a 30.")
    miembros_6_17: int = 0
    miembros_18_59: int = 0
    miembros_60_mas: int = 0
    consentimiento_foto: bool = Field(False, description="Obligatorio (verdadero) si se envía foto_beneficiario.")
    latitud: Decimal | None = Field(None, description="Grados decimales (WGS 84); se guarda con 6 decimales.")
    longitud: Decimal | None = Field(None, description="Grados decimales (WGS 84); se guarda con 6 decimales.")
    precision_m: int | None = Field(None, description="Precisión del punto GPS, en metros.")
    fecha_entrega: datetime = Field(description="Fecha y hora del dispositivo, ISO 8601 con zona horaria.")
    dispositivo: str = Field("", description="Modelo o user agent del dispositivo (se guardan 200 caracteres).")
    observaciones: str = ""


class EntregaSalida(Schema):
    id: int
    uuid_cliente: UUID
    tipo_registro: int
    tipo_registro_nombre: str
    beneficiario: int | None = Field(description="Id del hogar del padrón; vacío si la persona no está en el padrón.")
    tipo_documento: str
    numero_documento: str
    nombres_receptor: str
    direccion: str
    tipo_entrega: str
    miembros_0_5: int
    miembros_6_17: int
    miembros_18_59: int
    miembros_60_mas: int
    consentimiento_foto: bool
    tiene_foto_beneficiario: bool
    sha256_dni_planilla: str
    sha256_beneficiario: str
    latitud: Decimal | None
    longitud: Decimal | None
    precision_m: int | None
    fecha_entrega: datetime
    registrado: datetime
    origen: str
    estado: str


class PaginaEntregas(Schema):
    total: int = Field(description="Entregas del usuario en total.")
    pagina: int
    paginas: int
    por_pagina: int
    resultados: list[EntregaSalida]
