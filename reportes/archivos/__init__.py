"""Archivos para la Contraloría y el INDECI, con su manifiesto."""
