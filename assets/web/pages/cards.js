// placeholder: the cards page registers itself here.
