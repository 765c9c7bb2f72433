// placeholder: the villagers page registers itself here.
