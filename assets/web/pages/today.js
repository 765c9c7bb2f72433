// placeholder: the today page registers itself here.
