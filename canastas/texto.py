import unicodedata

# Tabla de traducción de vocales acentuadas, ñ y ü a su letra base (en mayúsculas).
_SIN_TILDES = str.maketrans("ÁÉÍÓÚÀÈÌÒÙÄËÏÖÜÂÊÎÔÛÑ", "AEIOUAEIOUAEIOUAEIOUN")


def texto_busqueda(*partes: str) -> str:
    """Une las partes en mayúsculas y sin tildes, para búsquedas que ignoran acentos."""
    texto = " ".join(parte for parte in partes if parte).upper()
    texto = texto.translate(_SIN_TILDES)
    if not texto.isascii():
        texto = unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode()
    return texto


def miles(numero: int) -> str:
    """Escribe un entero con espacios entre los miles, como se escriben las cifras en Perú: 1 500 000."""
    return f"{numero:,}".replace(",", "\u00a0")
