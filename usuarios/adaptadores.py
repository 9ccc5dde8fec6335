from allauth.account.adapter import DefaultAccountAdapter


class AdaptadorCuentas(DefaultAccountAdapter):
    """Sin registro público: las cuentas las crean el administrador o el subadministrador."""

    def is_open_for_signup(self, request):
        return False
