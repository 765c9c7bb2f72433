// placeholder: the rewards page registers itself here.
