// placeholder: the reconcile page registers itself here.
