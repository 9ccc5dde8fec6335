"""Exportaciones XLSX grandes de entregas y del padrón, generadas en segundo plano.

Cuando una exportación XLSX pasa de `CANASTAS_XLSX_EN_LINEA` filas, la vista no
arma el archivo: crea un `ArchivoGenerado` en cola y redirige a su página. La
tarea pasa los parámetros GET guardados por el mismo formulario y el mismo
selector que la vista, dentro del alcance de quien la pidió. Así el archivo
tiene las mismas filas que la descarga directa.

Una exportación es de quien la pidió: nadie más la ve, ni el administrador.
"""

from django.conf import settings
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone

from canastas.alcance import alcance_de
from canastas.models import Distrito
from reportes.models import ArchivoGenerado

TIPOS_EXPORTACION = frozenset({ArchivoGenerado.Tipo.ENTREGAS, ArchivoGenerado.Tipo.PADRON})


def va_en_segundo_plano(*, formato: str, filas: int) -> bool:
    """Indica si una exportación se arma en segundo plano: solo un XLSX de más de `CANASTAS_XLSX_EN_LINEA` filas."""
    return formato == "xlsx" and filas > settings.CANASTAS_XLSX_EN_LINEA


def exportacion_solicitar(*, tipo: str, usuario, request, filas: int, nombre: str) -> ArchivoGenerado:
    """Pone en cola la exportación XLSX con los parámetros GET de `request` y la devuelve.

    El archivo queda en el distrito del usuario (sin distrito para el administrador),
    así que el alcance de otro distrito no lo encuentra.
    """
    from reportes.archivos.servicios import _crear_y_encolar

    if tipo not in TIPOS_EXPORTACION:
        raise ValueError(f"Tipo de exportación desconocido: {tipo!r}.")

    distrito = usuario.distrito if usuario.distrito_id else None
    parametros = {
        # La consulta GET completa, tal cual: la tarea la vuelve a pasar por el formulario de filtros.
        "consulta": request.GET.urlencode(),
        "filtros": request.GET.dict(),
        "usuario": usuario.pk,
        "usuario_nombre": usuario.username,
        "filas_pedidas": filas,
        "nombre_descarga": nombre,
        "ambito": _ambito(distrito, request.GET.get("distrito", "")),
    }
    return _crear_y_encolar(
        usuario=usuario, tipo=tipo, distrito=distrito, departamento=None,
        fecha_corte=timezone.localdate(), parametros=parametros, request=request,
    )


def _ambito(distrito, distrito_filtrado: str) -> str:
    """Texto del ámbito: el distrito del usuario o, para el administrador, el que filtró (si filtró uno)."""
    if distrito is not None:
        return distrito.nombre_completo()
    elegido = Distrito.objects.filter(codigo=distrito_filtrado).first() if distrito_filtrado else None
    return elegido.nombre_completo() if elegido else "Todos los distritos"


def generar_exportacion(archivo: ArchivoGenerado, destino, avisar_avance) -> tuple[int, dict]:
    """Escribe en `destino` el XLSX de una exportación y devuelve (filas, totales).

    `avisar_avance(porcentaje)` se llama cada pocos miles de filas. La consulta se
    arma dentro del alcance de `archivo.creado_por`: si el usuario ya no está activo,
    el alcance no deja ver ninguna fila y el archivo sale solo con los encabezados.
    """
    usuario = archivo.creado_por
    datos = QueryDict(archivo.parametros.get("consulta", ""))
    armar_consulta, escribir = _funciones_de(archivo.tipo)

    with alcance_de(usuario):
        consulta = armar_consulta(usuario=usuario, datos=datos)
        esperadas = consulta.count()
        escribir(
            consulta, "xlsx", destino,
            al_avanzar=lambda escritas: avisar_avance(escritas * 100 // max(esperadas, 1)),
        )

    return esperadas, {"hojas": {_HOJAS[archivo.tipo]: esperadas}}


_HOJAS = {ArchivoGenerado.Tipo.ENTREGAS: "Entregas", ArchivoGenerado.Tipo.PADRON: "Padron"}


def _funciones_de(tipo: str):
    """Selector (con su formulario de filtros) y escritor de cada tipo de exportación."""
    if tipo == ArchivoGenerado.Tipo.ENTREGAS:
        from entregas.exportacion import capturas_a_exportar, escribir_capturas

        return (lambda *, usuario, datos: capturas_a_exportar(usuario=usuario, datos=datos)[1]), escribir_capturas

    from beneficiarios.exportacion import escribir_padron, padron_a_exportar

    return (lambda *, usuario, datos: padron_a_exportar(usuario=usuario, datos=datos)[1]), escribir_padron


def visibles_para(consulta, usuario):
    """Quita de `consulta` las exportaciones que pidió otro usuario; los archivos para entes de control quedan."""
    return consulta.exclude(Q(tipo__in=TIPOS_EXPORTACION) & ~Q(creado_por=usuario))
