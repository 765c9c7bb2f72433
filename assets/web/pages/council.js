// placeholder: the council page registers itself here.
