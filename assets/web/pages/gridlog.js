// placeholder: the gridlog page registers itself here.
