"""Tipos de registro (campañas) y el contenido de su kit: lecturas y escrituras.

`TipoRegistro` no lleva ScopedManager porque los tipos nacionales tienen
distrito NULL. Por eso toda lectura pasa por `tipos_visibles`, que filtra a
mano según el usuario, y toda escritura revisa `puede_editar_tipo`.

Reglas de mantenimiento:
- El administrador crea tipos nacionales (sin distrito), ve todos y puede
  corregir cualquiera.
- El subadministrador crea y edita solo los de su distrito; ve los nacionales
  en modo de lectura.
- Un tipo nunca se borra: se desactiva y conserva sus programaciones y entregas.
- El código es único entre los tipos que ve un mismo distrito (los nacionales
  y los suyos), sin distinguir mayúsculas, para que una carga masiva que cite
  el código no sea ambigua.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from canastas.auditoria import registrar_accion, valores_de
from canastas.models import RegistroAccion
from entregas.models import ProductoKit, TipoRegistro
from usuarios.models import Rol

AMBITO_NACIONAL = "nacional"
AMBITO_DISTRITAL = "distrital"

# Campos que el formulario puede cambiar. El distrito y el estado tienen sus propias reglas.
CAMPOS_EDITABLES = ["nombre", "codigo", "descripcion", "costo_unitario", "fuente_financiamiento", "tipo_bien"]


# --- Selectores ----------------------------------------------------------------


def tipos_visibles(*, usuario, activo: bool | None = None, ambito: str = "") -> QuerySet[TipoRegistro]:
    """Tipos que el usuario puede leer: todos para el administrador; los nacionales y los
    de su distrito para los demás. Sin sesión o sin distrito no devuelve ninguno.

    `activo` filtra por estado si no es None; `ambito` es AMBITO_NACIONAL,
    AMBITO_DISTRITAL o vacío (ambos).
    """
    consulta = TipoRegistro.objects.select_related("distrito")

    if not usuario.is_authenticated or not usuario.is_active:
        return consulta.none()
    if usuario.rol != Rol.ADMINISTRADOR:
        if not usuario.distrito_id:
            return consulta.none()
        consulta = consulta.filter(Q(distrito__isnull=True) | Q(distrito_id=usuario.distrito_id))

    if activo is not None:
        consulta = consulta.filter(activo=activo)
    if ambito == AMBITO_NACIONAL:
        consulta = consulta.filter(distrito__isnull=True)
    elif ambito == AMBITO_DISTRITAL:
        consulta = consulta.filter(distrito__isnull=False)

    return consulta.order_by("-activo", "nombre", "id")


def tipos_programables(*, usuario) -> QuerySet[TipoRegistro]:
    """Tipos activos que el usuario puede usar para programar hogares."""
    return tipos_visibles(usuario=usuario, activo=True)


def puede_crear_tipo(usuario) -> bool:
    return usuario.rol == Rol.ADMINISTRADOR or (usuario.rol == Rol.SUBADMINISTRADOR and bool(usuario.distrito_id))


def puede_editar_tipo(usuario, tipo: TipoRegistro) -> bool:
    """El administrador edita cualquiera; el subadministrador, solo los de su distrito."""
    if usuario.rol == Rol.ADMINISTRADOR:
        return True
    return (
        usuario.rol == Rol.SUBADMINISTRADOR
        and tipo.distrito_id is not None
        and tipo.distrito_id == usuario.distrito_id
    )


def _exigir_edicion(usuario, tipo: TipoRegistro) -> None:
    if not puede_editar_tipo(usuario, tipo):
        raise PermissionDenied("Este tipo de registro es nacional o de otro distrito y solo se puede consultar.")


# --- Escrituras ----------------------------------------------------------------


def _revisar_codigo_libre(*, codigo: str, distrito_id: str | None, excluir_pk: int | None = None) -> None:
    """Lanza ValidationError si el código ya lo usa un tipo que vería el mismo distrito.

    Un tipo nacional choca con cualquier tipo de cualquier distrito. Uno distrital
    choca con los nacionales y con los de su distrito.
    """
    otros = TipoRegistro.objects.filter(codigo__iexact=codigo)
    if excluir_pk is not None:
        otros = otros.exclude(pk=excluir_pk)
    if distrito_id is not None:
        otros = otros.filter(Q(distrito__isnull=True) | Q(distrito_id=distrito_id))

    choque = otros.order_by("distrito_id").first()
    if choque is None:
        return
    if choque.distrito_id is None:
        mensaje = f"El código {codigo} ya lo usa el tipo nacional «{choque.nombre}». Elija otro código."
    elif distrito_id is None:
        mensaje = (
            f"El código {codigo} ya lo usa un tipo de registro del distrito {choque.distrito_id}. "
            "Un tipo nacional necesita un código que ningún distrito use. Elija otro código."
        )
    else:
        mensaje = f"El código {codigo} ya lo usa el tipo «{choque.nombre}» de su distrito. Elija otro código."
    raise ValidationError({"codigo": mensaje})


def _texto_kit(tipo: TipoRegistro) -> list[str]:
    return [f"{p.producto} · {p.cantidad} {p.unidad}" for p in tipo.productos.order_by("id")]


def _guardar_kit(tipo: TipoRegistro, productos: list[dict]) -> None:
    """Deja el kit igual a `productos`: actualiza los que traen un id del kit, crea el resto
    y borra los que ya no están. Un id de otro tipo se trata como producto nuevo."""
    existentes = {producto.pk: producto for producto in tipo.productos.all()}
    conservados = set()

    for datos in productos:
        producto = existentes.get(datos.get("id"))
        if producto is None:
            producto = ProductoKit(tipo_registro=tipo)
        producto.producto = datos["producto"]
        producto.unidad = datos["unidad"]
        producto.cantidad = Decimal(datos["cantidad"])
        producto.full_clean()
        producto.save()
        conservados.add(producto.pk)

    tipo.productos.exclude(pk__in=conservados).delete()


def _guardar_con_codigo_unico(tipo: TipoRegistro) -> None:
    """Guarda el tipo y convierte un choque de código en la base (carrera entre dos
    usuarios) en el mismo error de formulario que da `_revisar_codigo_libre`."""
    try:
        with transaction.atomic():
            tipo.save()
    except IntegrityError as error:
        if "tipo_registro_codigo_unico" not in str(error):
            raise
        raise ValidationError(
            {"codigo": f"El código {tipo.codigo} se acaba de registrar en otro tipo. Elija otro código."}
        ) from error


@transaction.atomic
def tipo_registro_crear(*, usuario, datos: dict, productos: list[dict], request=None) -> TipoRegistro:
    """Crea un tipo con su kit. El distrito sale del usuario, nunca de `datos`:
    nacional para el administrador, el suyo para el subadministrador."""
    if not puede_crear_tipo(usuario):
        raise PermissionDenied("Su rol no puede crear tipos de registro.")

    distrito_id = None if usuario.rol == Rol.ADMINISTRADOR else usuario.distrito_id
    tipo = TipoRegistro(distrito_id=distrito_id, **{campo: datos[campo] for campo in CAMPOS_EDITABLES})
    tipo.full_clean(validate_unique=False, validate_constraints=False)
    _revisar_codigo_libre(codigo=tipo.codigo, distrito_id=distrito_id)
    _guardar_con_codigo_unico(tipo)
    _guardar_kit(tipo, productos)

    despues = valores_de(tipo, ["distrito_id", *CAMPOS_EDITABLES, "activo"])
    despues["kit"] = _texto_kit(tipo)
    registrar_accion(
        usuario=usuario, accion=RegistroAccion.Accion.CREAR, objeto=tipo, despues=despues, request=request
    )
    return tipo


@transaction.atomic
def tipo_registro_actualizar(
    *, usuario, tipo: TipoRegistro, datos: dict, productos: list[dict], request=None
) -> TipoRegistro:
    """Aplica los cambios de `datos` y del kit, y audita solo lo que cambió.

    El distrito y el estado no se cambian aquí aunque vengan en `datos`.
    """
    _exigir_edicion(usuario, tipo)
    tipo = TipoRegistro.objects.select_for_update().get(pk=tipo.pk)

    campos = [campo for campo in CAMPOS_EDITABLES if getattr(tipo, campo) != datos[campo]]
    antes = valores_de(tipo, campos)
    kit_antes = _texto_kit(tipo)

    for campo in campos:
        setattr(tipo, campo, datos[campo])
    tipo.full_clean(validate_unique=False, validate_constraints=False)
    if "codigo" in campos:
        _revisar_codigo_libre(codigo=tipo.codigo, distrito_id=tipo.distrito_id, excluir_pk=tipo.pk)
    _guardar_con_codigo_unico(tipo)
    _guardar_kit(tipo, productos)

    despues = valores_de(tipo, campos)
    kit_despues = _texto_kit(tipo)
    if kit_despues != kit_antes:
        antes["kit"] = kit_antes
        despues["kit"] = kit_despues
    if despues:
        registrar_accion(
            usuario=usuario,
            accion=RegistroAccion.Accion.MODIFICAR,
            objeto=tipo,
            antes=antes,
            despues=despues,
            request=request,
        )
    return tipo


@transaction.atomic
def tipo_registro_cambiar_estado(*, usuario, tipo: TipoRegistro, activo: bool, request=None) -> bool:
    """Activa o desactiva el tipo. Devuelve False si ya estaba en ese estado (no audita nada).

    Un tipo inactivo deja de ofrecerse para programar y registrar entregas, pero
    conserva las que ya tiene.
    """
    _exigir_edicion(usuario, tipo)
    tipo = TipoRegistro.objects.select_for_update().get(pk=tipo.pk)
    if tipo.activo == activo:
        return False

    tipo.activo = activo
    tipo.save(update_fields=["activo"])
    registrar_accion(
        usuario=usuario,
        accion=RegistroAccion.Accion.ACTIVAR if activo else RegistroAccion.Accion.DESACTIVAR,
        objeto=tipo,
        antes={"activo": not activo},
        despues={"activo": activo},
        request=request,
    )
    return True
