import queue
import threading
import time

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from beneficiarios.models import Beneficiario
from canastas.demo import FUENTE_DEMO, hogares_demo
from canastas.demo_pais import (
    COLUMNAS_BENEFICIARIO, COLUMNAS_ENTREGA, COLUMNAS_PROGRAMACION, TIPOS_DEMO, DistritoDemo, PlanPais,
    SinCupoError,
)
from canastas.models import Distrito
from canastas.texto import miles, texto_busqueda
from entregas.models import Entrega, ProductoKit, Programacion, TipoRegistro
from reportes.servicios import resumen_diferencias, resumen_recalcular
from usuarios.demo import DISTRITO_DEMO, OTRO_DISTRITO_DEMO
from usuarios.models import Rol, Usuario

COLUMNAS = [
    "distrito_id", "tipo_documento", "numero_documento", "apellido_paterno", "apellido_materno", "nombres",
    "fecha_nacimiento", "sexo", "telefono", "direccion", "referencia", "centro_poblado", "miembros_hogar",
    "es_adulto_mayor", "tiene_discapacidad", "es_gestante", "fuente", "estado", "busqueda", "creado", "modificado",
]
PREFIJO_OPERADOR = "demo.operador."
USUARIO_PROGRAMADOR = "demo.programacion"
TABLAS_CON_DISPARADORES = ("beneficiarios_beneficiario", "entregas_programacion", "entregas_entrega")
# Bloques generados por adelantado mientras PostgreSQL copia el anterior.
BLOQUES_EN_COLA = 2


class Command(BaseCommand):
    help = (
        "Crea hogares de demostración (documentos 70000000 en adelante) sobre ubigeos reales. Con --entregas "
        "crea además tipos de registro, programaciones, operadores y entregas repartidos por todo el país. "
        "Si ya existen, no hace nada salvo que se pida --reiniciar."
    )

    def add_arguments(self, parser):
        parser.add_argument("--beneficiarios", type=int, default=3000, help="Cantidad de hogares a generar.")
        parser.add_argument(
            "--entregas", type=int, default=0,
            help="Cantidad de entregas (filas, anuladas incluidas). Con 0 solo se crean hogares.",
        )
        parser.add_argument("--semilla", type=int, default=2020, help="Semilla del generador (mismos datos cada vez).")
        parser.add_argument(
            "--reiniciar", "--reemplazar", action="store_true", dest="reiniciar",
            help="Borra todos los datos de demostración (hogares, tipos, programaciones, entregas, operadores) "
                 "y los crea de nuevo.",
        )
        # Con 150 000 hogares y 300 000 entregas, en 2 núcleos compartidos con otros procesos, cada tramo
        # tardó unos 17 s con los disparadores y unos 8 s con el recálculo, que por eso es el valor por omisión.
        parser.add_argument(
            "--resumen", choices=["disparadores", "recalcular"], default="recalcular",
            help="Cómo queda al día el resumen de reportes: cada COPY por los disparadores, o los disparadores "
                 "apagados durante la carga y un recálculo completo al final.",
        )
        parser.add_argument(
            "--tramo", type=int, default=50_000, help="Hogares por COPY, con sus programaciones y entregas.",
        )
        parser.add_argument(
            "--conservar", action="store_true",
            help="Si ya hay datos de demostración de otro tamaño, los deja como están en vez de fallar "
                 "(lo usa `make run`, que no debe borrar lo que el usuario registró).",
        )

    def handle(self, *args, beneficiarios, entregas, semilla, reiniciar, resumen, tramo, conservar=False, **options):
        if beneficiarios < 0 or beneficiarios > 10_000_000:
            raise CommandError("--beneficiarios debe estar entre 0 y 10000000.")
        if entregas < 0:
            raise CommandError("--entregas no puede ser negativo.")
        if tramo < 1:
            raise CommandError("--tramo debe ser al menos 1.")

        with scopes_disabled():
            if entregas and conservar and not reiniciar and any(contar_datos_demo()):
                hogares_antes, entregas_antes = contar_datos_demo()
                self.stdout.write(
                    f"Se conservan los datos de demostración que ya hay ({miles(hogares_antes)} hogares, "
                    f"{miles(entregas_antes)} entregas). Use --reiniciar para rehacerlos."
                )
            elif entregas:
                self._pais(beneficiarios, entregas, semilla, reiniciar, resumen, tramo)
            else:
                self._solo_hogares(beneficiarios, semilla, reiniciar)

    # --- Solo hogares (lo que `make run` carga) ---

    def _solo_hogares(self, beneficiarios: int, semilla: int, reiniciar: bool) -> None:
        existentes = Beneficiario.objects.filter(fuente=FUENTE_DEMO)
        if existentes.exists() and not reiniciar:
            self.stdout.write(f"Ya hay {existentes.count()} hogares de demostración; use --reiniciar para rehacerlos.")
            return
        inicio = time.monotonic()
        with transaction.atomic():
            borrar_datos_demo()
            self._copiar(beneficiarios, semilla)

        segundos = time.monotonic() - inicio
        self.stdout.write(self.style.SUCCESS(f"{beneficiarios} hogares de demostración creados en {segundos:.1f} s."))

    def _distritos(self) -> list[str]:
        # La mitad de los hogares va a los distritos de los usuarios de demostración.
        otros = list(Distrito.objects.order_by("codigo").values_list("codigo", flat=True)[::7])
        return [DISTRITO_DEMO, OTRO_DISTRITO_DEMO] * (len(otros) // 2) + otros

    def _copiar(self, cantidad: int, semilla: int) -> None:
        ahora = timezone.now()
        tabla = Beneficiario._meta.db_table
        # Antes del COPY: mientras está abierto, la conexión no admite otra consulta.
        distritos = self._distritos()
        with connection.cursor() as cursor, cursor.copy(f"COPY {tabla} ({', '.join(COLUMNAS)}) FROM STDIN") as copia:
            for hogar in hogares_demo(cantidad, distritos, semilla=semilla):
                busqueda = texto_busqueda(
                    hogar["apellido_paterno"], hogar["apellido_materno"], hogar["nombres"], hogar["numero_documento"]
                )
                copia.write_row((
                    hogar["distrito_id"], hogar["tipo_documento"], hogar["numero_documento"],
                    hogar["apellido_paterno"], hogar["apellido_materno"], hogar["nombres"],
                    hogar["fecha_nacimiento"], hogar["sexo"], hogar["telefono"], hogar["direccion"], "", "",
                    hogar["miembros_hogar"], hogar["es_adulto_mayor"], False, False, FUENTE_DEMO, "activo",
                    busqueda, ahora, ahora,
                ))

    # --- Un país entero: hogares, programaciones y entregas ---

    def _pais(self, beneficiarios: int, entregas: int, semilla: int, reiniciar: bool, resumen: str, tramo: int):
        hogares_antes, entregas_antes = contar_datos_demo()
        if (hogares_antes or entregas_antes) and not reiniciar:
            if (hogares_antes, entregas_antes) == (beneficiarios, entregas):
                self.stdout.write(
                    f"Los datos de demostración ya están ({miles(hogares_antes)} hogares, {miles(entregas_antes)} entregas); "
                    "no se agrega nada. Use --reiniciar para rehacerlos."
                )
                return
            raise CommandError(
                f"Ya hay otros datos de demostración ({miles(hogares_antes)} hogares, {miles(entregas_antes)} entregas). "
                "Use --reiniciar para borrarlos y crear los pedidos."
            )

        inicio = time.monotonic()
        distritos = [
            DistritoDemo(codigo, float(latitud) if latitud is not None else None,
                         float(longitud) if longitud is not None else None)
            for codigo, latitud, longitud in Distrito.objects.order_by("codigo").values_list("codigo", "latitud", "longitud")
        ]
        try:
            plan = PlanPais(distritos, beneficiarios, entregas, semilla=semilla, hoy=timezone.localdate())
        except SinCupoError as error:
            raise CommandError(f"{error} Aumente --beneficiarios o baje --entregas.") from error
        self.stdout.write(f"Plan de {miles(beneficiarios)} hogares y {miles(entregas)} entregas listo en {self._desde(inicio)}.")

        with transaction.atomic():
            with connection.cursor() as cursor:
                # Las llaves foráneas son diferidas: sin esto, PostgreSQL acumula hasta el COMMIT
                # un evento por fila y llave, millones en memoria.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                if resumen == "recalcular":
                    # Bloquea las tres tablas hasta el COMMIT: la plataforma espera mientras dura la carga.
                    for tabla in TABLAS_CON_DISPARADORES:
                        cursor.execute(f"ALTER TABLE {tabla} DISABLE TRIGGER USER")
            if reiniciar:
                self.stdout.write("Borrando los datos de demostración anteriores…")
                borrar_datos_demo()

            programador_id, operadores = crear_usuarios_demo(plan.operadores_necesarios())
            tipos_ids = crear_tipos_demo()
            hogar_ids = reservar_ids(Beneficiario._meta.db_table, beneficiarios)
            self._cargar(plan, tramo, hogar_ids, tipos_ids, operadores, programador_id, inicio)

            if resumen == "recalcular":
                self._recalcular_resumen(inicio)

        # VACUUM no corre dentro de una transacción (por ejemplo, la de una prueba).
        if not connection.in_atomic_block:
            self.stdout.write(f"Carga confirmada en {self._desde(inicio)}. Actualizando estadísticas (VACUUM ANALYZE)…")
            with connection.cursor() as cursor:
                for tabla in TABLAS_CON_DISPARADORES:
                    cursor.execute(f"VACUUM ANALYZE {tabla}")
        self._verificar(beneficiarios, entregas, inicio)

    def _cargar(self, plan: PlanPais, tramo: int, hogar_ids, tipos_ids, operadores, programador_id, inicio) -> None:
        """Copia los bloques que genera un hilo aparte, así Python y PostgreSQL trabajan a la vez."""
        cola: queue.Queue = queue.Queue(maxsize=BLOQUES_EN_COLA)
        detener = threading.Event()

        def producir():
            try:
                for desde in range(0, plan.hogares, tramo):
                    bloque = plan.bloque(
                        desde, min(desde + tramo, plan.hogares), hogar_ids=hogar_ids, tipos_ids=tipos_ids,
                        operadores=operadores, programador_id=programador_id,
                    )
                    if not _poner(cola, bloque, detener):
                        return
                _poner(cola, None, detener)
            except Exception as error:  # noqa: BLE001 — el hilo principal la vuelve a lanzar.
                _poner(cola, error, detener)

        hilo = threading.Thread(target=producir, name="datos-demo", daemon=True)
        hilo.start()
        hogares = programaciones = filas_entregas = 0
        try:
            while (bloque := cola.get()) is not None:
                if isinstance(bloque, Exception):
                    raise bloque
                copiar_texto(Beneficiario._meta.db_table, COLUMNAS_BENEFICIARIO, bloque.beneficiarios)
                copiar_texto(Programacion._meta.db_table, COLUMNAS_PROGRAMACION, bloque.programaciones)
                copiar_texto(Entrega._meta.db_table, COLUMNAS_ENTREGA, bloque.entregas)
                hogares += bloque.hogares
                programaciones += bloque.cantidad_programaciones
                filas_entregas += bloque.cantidad_entregas
                self.stdout.write(
                    f"  {miles(hogares)} de {miles(plan.hogares)} hogares · {miles(programaciones)} programaciones · "
                    f"{miles(filas_entregas)} entregas · {self._desde(inicio)}"
                )
        finally:
            detener.set()
            hilo.join(timeout=5)

    def _recalcular_resumen(self, inicio: float) -> None:
        with connection.cursor() as cursor:
            for tabla in TABLAS_CON_DISPARADORES:
                cursor.execute(f"ALTER TABLE {tabla} ENABLE TRIGGER USER")
        self.stdout.write(f"Recalculando el resumen de reportes… ({self._desde(inicio)})")
        resumen_recalcular()

    def _verificar(self, beneficiarios: int, entregas: int, inicio: float) -> None:
        hogares_demo_creados, entregas_demo_creadas = contar_datos_demo()
        if (hogares_demo_creados, entregas_demo_creadas) != (beneficiarios, entregas):
            raise CommandError(
                f"Se esperaban {miles(beneficiarios)} hogares y {miles(entregas)} entregas, pero hay "
                f"{miles(hogares_demo_creados)} y {miles(entregas_demo_creadas)}."
            )
        diferencias = resumen_diferencias()
        if diferencias:
            ejemplos = "; ".join(f"{tabla}: {filas[0]}" for tabla, filas in diferencias.items())
            raise CommandError(f"El resumen de reportes no cuadra con el detalle, p. ej. {ejemplos}")
        self.stdout.write(self.style.SUCCESS(
            f"{miles(beneficiarios)} hogares y {miles(entregas)} entregas de demostración creados en {self._desde(inicio)}; "
            "el resumen de reportes cuadra con el detalle."
        ))

    @staticmethod
    def _desde(inicio: float) -> str:
        segundos = time.monotonic() - inicio
        return f"{segundos:.1f} s" if segundos < 120 else f"{segundos / 60:.1f} min"


def _poner(cola: queue.Queue, elemento, detener: threading.Event) -> bool:
    """Pone `elemento` en la cola esperando por turnos; devuelve False si el consumidor se detuvo."""
    while not detener.is_set():
        try:
            cola.put(elemento, timeout=1)
            return True
        except queue.Full:
            continue
    return False


def copiar_texto(tabla: str, columnas: tuple[str, ...], texto: str) -> None:
    if not texto:
        return
    with connection.cursor() as cursor, cursor.copy(f"COPY {tabla} ({', '.join(columnas)}) FROM STDIN") as copia:
        copia.write(texto)


def reservar_ids(tabla: str, cantidad: int) -> list[int]:
    """Toma `cantidad` valores de la secuencia del id: nadie más los usará, aunque haya otras cargas a la vez."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [tabla, cantidad]
        )
        return [fila[0] for fila in cursor.fetchall()]


def crear_usuarios_demo(operadores_por_distrito: dict[str, int]) -> tuple[int, dict[str, list[int]]]:
    """Crea el usuario que programa y los operadores de cada distrito; ninguno puede ingresar.

    Devuelve el id del que programa y los ids de los operadores por ubigeo.
    """
    sin_clave = make_password(None)
    programador = Usuario.objects.create(
        username=USUARIO_PROGRAMADOR, first_name="Programación", last_name="de demostración",
        rol=Rol.ADMINISTRADOR, is_active=False, password=sin_clave,
    )
    nuevos = [
        Usuario(
            username=f"{PREFIJO_OPERADOR}{codigo}.{numero}", first_name="Operador",
            last_name=f"de demostración {numero}", rol=Rol.OPERADOR, distrito_id=codigo, password=sin_clave,
        )
        for codigo, cantidad in operadores_por_distrito.items()
        for numero in range(1, cantidad + 1)
    ]
    operadores: dict[str, list[int]] = {}
    for usuario in Usuario.objects.bulk_create(nuevos, batch_size=2000):
        operadores.setdefault(usuario.distrito_id, []).append(usuario.pk)
    return programador.pk, operadores


def crear_tipos_demo() -> list[int]:
    """Crea los tipos de registro nacionales de demostración con su kit; devuelve sus ids en orden."""
    ids = []
    for tipo in TIPOS_DEMO:
        registro = TipoRegistro.objects.create(
            codigo=tipo.codigo, nombre=tipo.nombre, tipo_bien=tipo.tipo_bien, costo_unitario=tipo.costo_unitario,
            fuente_financiamiento="Recursos ordinarios (demostración)",
            descripcion="Tipo de registro de los datos de demostración.",
        )
        ProductoKit.objects.bulk_create(
            ProductoKit(tipo_registro=registro, producto=producto, unidad=unidad, cantidad=cantidad)
            for producto, unidad, cantidad in tipo.kit
        )
        ids.append(registro.pk)
    return ids


def _tipos_demo():
    return TipoRegistro.objects.filter(distrito__isnull=True, codigo__in=[tipo.codigo for tipo in TIPOS_DEMO])


def contar_datos_demo() -> tuple[int, int]:
    """Hogares de demostración y entregas de los tipos de demostración."""
    hogares = Beneficiario.objects.filter(fuente=FUENTE_DEMO).count()
    entregas = Entrega.objects.filter(tipo_registro__in=_tipos_demo()).count()
    return hogares, entregas


def borrar_datos_demo() -> None:
    """Borra entregas, programaciones, tipos, operadores y hogares de demostración.

    Las tablas grandes se borran con SQL directo: el ORM cargaría millones de objetos. Los
    disparadores restan lo borrado del resumen de reportes.
    """
    tipos = list(_tipos_demo().values_list("pk", flat=True))
    sql_de_demo = (
        "beneficiario_id IN (SELECT id FROM beneficiarios_beneficiario WHERE fuente = %s) "
        "OR tipo_registro_id = ANY(%s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM entregas_entrega WHERE {sql_de_demo}", [FUENTE_DEMO, tipos])
        cursor.execute(f"DELETE FROM entregas_programacion WHERE {sql_de_demo}", [FUENTE_DEMO, tipos])
        cursor.execute("DELETE FROM beneficiarios_beneficiario WHERE fuente = %s", [FUENTE_DEMO])
    # Pocas filas: el ORM borra también el kit y las filas del resumen que apuntan a estos tipos.
    _tipos_demo().delete()
    Usuario.objects.filter(username__startswith=PREFIJO_OPERADOR).delete()
    Usuario.objects.filter(username=USUARIO_PROGRAMADOR).delete()
