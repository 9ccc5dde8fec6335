"""Resumen de una importación en la consola, común a `importar_padron` e `importar_entregas`."""

ERRORES_A_MOSTRAR = 20


def imprimir_importacion(comando, importacion, *, encabezado: str, nuevas: str, duplicadas: str) -> None:
    """Escribe los conteos y los primeros errores; un archivo rechazado entero va a la salida de errores."""
    if importacion.estado == importacion.Estado.FALLIDO:
        comando.stderr.write(f"Archivo rechazado ({importacion.codigo_error}): {importacion.mensaje}")
        return

    comando.stdout.write(
        f"{encabezado} · hoja «{importacion.hoja}», encabezado en la fila {importacion.fila_encabezado}\n"
        f"  filas: {importacion.total_filas}\n"
        f"  {nuevas}: {importacion.nuevas}\n"
        f"  {duplicadas}: {importacion.duplicadas}\n"
        f"  rechazadas: {importacion.rechazadas}\n"
        f"  con advertencias: {importacion.con_advertencias}"
    )
    for error in importacion.errores.all()[:ERRORES_A_MOSTRAR]:
        fila = f"fila {error.fila}" if error.fila else "archivo"
        comando.stdout.write(f"  [{error.codigo}] {fila}: {error.mensaje}")
