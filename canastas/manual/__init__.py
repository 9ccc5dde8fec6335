"""Manual de usuario: capítulos por rol en docs/manual/, servidos en /manual/ y con capturas reales."""
