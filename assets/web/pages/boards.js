// placeholder: the boards page registers itself here.
